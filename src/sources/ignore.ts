// What `scan` leaves out of a directory walk (docs/product.md §5): `.gitignore` files at every level,
// `.git/info/exclude`, and `.clawprintignore` at the scan root, all in gitignore syntax. Hidden files and folders are
// scanned (`.env`, `.openclaw/`); `.git/` never is. The `ignore` package (what eslint and
// prettier use) lives behind this module only.
import type { Ignore } from 'ignore';
import type IgnoreFactory from 'ignore';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { InputIssue } from './input.js';
import { pathBelow } from './relative-path.js';
import { listTrackedIgnored } from './git-tracked.js';
import { statOrError } from './stat-or-error.js';
import { type WalkFilter, walkFiles } from './walk.js';

export const CLAWPRINT_IGNORE = '.clawprintignore';

// Loaded with the first ignore file read (a scan of a directory), not by every run.
const require = createRequire(import.meta.url);
let ignoreFactory: typeof IgnoreFactory | undefined;
const ignore = (): ReturnType<typeof IgnoreFactory> => (ignoreFactory ??= require('ignore') as typeof IgnoreFactory)();

/** One ignore file's rules, relative to the directory that holds it. */
interface Layer {
  base: string;
  rules: Ignore;
}

/** An ignore file's rules; read synchronously, as the directory walk is (walk.ts). */
function readLayer(base: string, file: string): Layer | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  // A file of comments and blank lines alone (git's default `.git/info/exclude`) has no rule: no
  // layer, instead of one asked about every path of the walk.
  if (!hasRule(text)) return undefined;
  return { base, rules: ignore().add(text) };
}

/** Some line is neither empty nor a comment (a `#` first: git's comment; `\#` is a pattern). */
function hasRule(text: string): boolean {
  for (let s = 0; s < text.length; ) {
    let e = text.indexOf('\n', s);
    if (e === -1) e = text.length;
    const line = text.charCodeAt(e - 1) === 13 && e > s ? e - 1 : e;
    if (line > s && text.charCodeAt(s) !== 35) return true;
    s = e + 1;
  }
  return false;
}

/**
 * Git's precedence: the deepest ignore file that has an opinion on a path decides (a nested
 * `!keep.txt` re-includes what a parent ignored). `.clawprintignore` is consulted before all of
 * them, so it can both add exclusions and re-include a git-ignored file for scanning.
 */
function decide(layers: readonly Layer[], override: Layer | undefined, absolute: string, isDir: boolean): boolean {
  // Called for every file and folder of a walk: no array is built per call.
  const verdict = override === undefined ? undefined : opinion(override, absolute, isDir);
  if (verdict !== undefined) return verdict;
  for (let i = layers.length - 1; i >= 0; i--) {
    const v = opinion(layers[i]!, absolute, isDir);
    if (v !== undefined) return v;
  }
  return false;
}

/** true: this layer ignores the path; false: it re-includes it (`!x`); undefined: no rule says. */
function opinion(layer: Layer, absolute: string, isDir: boolean): boolean | undefined {
  const below = pathBelow(layer.base, absolute);
  if (below === false) return undefined; // not below the layer's base
  const rel = below ?? path.relative(layer.base, absolute).split(path.sep).join('/');
  if (rel === '' || rel.startsWith('..')) return undefined;
  const result = layer.rules.test(isDir ? `${rel}/` : rel);
  return result.unignored ? false : result.ignored ? true : undefined;
}

/** The enclosing work tree's top (a `.git` directory or file), or undefined outside git. */
async function findWorkTree(dir: string): Promise<string | undefined> {
  for (let d = dir; ; d = path.dirname(d)) {
    if (!((await statOrError(path.join(d, '.git'))) instanceof Error)) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

/**
 * Rules from above the scan root: `.git/info/exclude` and the `.gitignore` of every directory
 * between the work tree's top and the root. A root those rules ignore was named explicitly, so
 * it is scanned anyway (the outer rules are dropped).
 */
async function outerLayers(root: string): Promise<Layer[]> {
  const top = await findWorkTree(root);
  if (top === undefined || top === root) {
    const exclude = top === undefined ? undefined : readLayer(top, path.join(top, '.git', 'info', 'exclude'));
    return exclude === undefined ? [] : [exclude];
  }
  const layers: Layer[] = [];
  const exclude = readLayer(top, path.join(top, '.git', 'info', 'exclude'));
  if (exclude !== undefined) layers.push(exclude);
  const between = path.relative(top, root).split(path.sep);
  for (let i = 0; i < between.length; i++) {
    const dir = path.join(top, ...between.slice(0, i));
    const layer = readLayer(dir, path.join(dir, '.gitignore'));
    if (layer !== undefined) layers.push(layer);
  }
  return decide(layers, undefined, root, true) ? [] : layers;
}

/** `.clawprintignore` at `root` as a predicate over paths relative to it (staged mode uses it alone). */
export async function readClawprintIgnore(root: string): Promise<(relative: string) => boolean> {
  const layer = readLayer(root, path.join(root, CLAWPRINT_IGNORE));
  return layer === undefined ? () => false : (relative) => layer.rules.ignores(relative);
}

/** The scan's walk filter, and the tracked files it kept out that must be scanned anyway. */
export interface IgnoreFilter extends WalkFilter {
  /**
   * Files git tracks that an ignore rule kept out of the walk (`git add -f`): absolute paths,
   * regular files, `.clawprintignore` applied. git is asked only when a rule skipped something
   * in a work tree (spawning it costs a scan of a small tree ~10%); when it cannot say, an issue.
   */
  trackedIgnored(): Promise<string[]>;
}

/**
 * The walk filter for `scan`: `.git/` never, then the ignore files. `.clawprintignore` is read at
 * `root` only and always applies; each directory's own `.gitignore` applies below it, except to a
 * file git tracks (trackedIgnored, after the walk).
 */
export async function gitignoreFilter(root: string, issues: InputIssue[] = [], display: (absolute: string) => string = (p) => p): Promise<IgnoreFilter> {
  const override = readLayer(root, path.join(root, CLAWPRINT_IGNORE));
  let skipped = false;
  const filterWith = (layers: readonly Layer[]): WalkFilter => ({
    enter(dir, names) {
      const own = names.includes('.gitignore') ? readLayer(dir, path.join(dir, '.gitignore')) : undefined;
      return own === undefined ? filterWith(layers) : filterWith([...layers, own]);
    },
    skips(absolute, isDir) {
      // endsWith first: basename for each of a walk's thousands of paths cost more than the test.
      if (absolute.endsWith('.git') && path.basename(absolute) === '.git') return true;
      const verdict = override === undefined ? undefined : opinion(override, absolute, isDir);
      if (verdict !== undefined) return verdict;
      const ignored = decide(layers, undefined, absolute, isDir);
      if (ignored) skipped = true;
      return ignored;
    },
  });
  const top = filterWith(await outerLayers(root));
  return {
    enter: (dir, names) => top.enter(dir, names),
    skips: (absolute, isDir) => top.skips(absolute, isDir),
    async trackedIgnored() {
      if (!skipped || (await findWorkTree(root)) === undefined) return [];
      const listed = await listTrackedIgnored(root);
      if ('error' in listed) {
        issues.push({ path: display(root), kind: 'tracked-unknown', message: `cannot ask git which tracked files .gitignore matches (${listed.error}); those files are not scanned` });
        return [];
      }
      return [...listed.files].filter((file) => {
        if (file.split(path.sep).includes('.git') || (override !== undefined && opinion(override, file, false) === true)) return false;
        try {
          return statSync(file).isFile();
        } catch {
          return false; // tracked but deleted from the work tree
        }
      });
    },
  };
}

/** Every file under `root` that the ignore files leave in, and the tracked files they match, sorted (the scan's directory walk). */
export async function walkIgnoring(root: string, issues: InputIssue[], display: (absolute: string) => string): Promise<string[]> {
  const filter = await gitignoreFilter(root, issues, display);
  const files = walkFiles(root, issues, { filter, display });
  return withTracked(files, await filter.trackedIgnored());
}

/** The walked files plus the tracked ones the walk left out, sorted, each once. */
export function withTracked(files: readonly string[], tracked: readonly string[]): string[] {
  return tracked.length === 0 ? [...files] : [...new Set([...files, ...tracked])].sort();
}
