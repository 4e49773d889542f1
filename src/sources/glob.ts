// Turns command-line inputs (files, directories, globs, `-`) into a list of inputs. picomatch (the
// glob matcher) lives behind this module only.
import { type Stats, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathBelow } from './relative-path.js';
import { gitignoreFilter, withTracked } from './ignore.js';
import { shortReadsEnd } from './short-reads.js';
import { statOrError } from './stat-or-error.js';
import type { Input, InputIssue } from './input.js';
import { EVERYTHING, OUTSIDE_GIT, type WalkFilter, walkFiles } from './walk.js';
import type Picomatch from 'picomatch';

// Loaded for the first argument that is not a path on disk: most runs name files and directories.
const require = createRequire(import.meta.url);
let picomatchModule: typeof Picomatch | undefined;
const picomatch = (): typeof Picomatch => (picomatchModule ??= require('picomatch') as typeof Picomatch);

/** A predicate for POSIX paths matching `pattern` (dot files included). */
export function globMatcher(pattern: string): (posixPath: string) => boolean {
  return picomatch()(pattern, { dot: true });
}

/** Whether an argument is a glob (`*`, `?`, `[…]`, `{…}`) rather than a path. */
export function isGlobPattern(arg: string): boolean {
  return picomatch().scan(arg).isGlob;
}

export interface ExpandOptions {
  /** The walk filter for directories given as such, instead of the one `ignoreFiles` picks. */
  filter?: WalkFilter;
  /** Directories honour `.gitignore` (nested), `.git/info/exclude` and `.clawprintignore`, and `.git` is left out (scan). */
  ignoreFiles?: boolean;
  /** Record each file's mtime (the audit's syslog years); a stat per file, a fifth of listing a large tree. Default true. */
  mtimes?: boolean;
  /** Follow symbolic links out of a walked directory too (`--follow-links`). */
  followLinks?: boolean;
}

export interface Expansion {
  inputs: Input[];
  issues: InputIssue[];
}

export function displayPath(absolute: string, cwd = process.cwd()): string {
  // The common cases, a normalised path inside or outside the working directory, without
  // path.relative (a scan lists thousands of files).
  const below = pathBelow(cwd, absolute);
  if (below !== undefined) return below === false ? absolute : below;
  const rel = path.relative(cwd, absolute);
  const shown = rel === '' || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel) ? absolute : rel;
  return shown.split(path.sep).join('/');
}

function statOrUndefined(p: string): Stats | undefined {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
}

/**
 * A glob is the files under its static base (`logs` in `logs/app-?.log`) that match the rest of
 * the pattern, found by the same walk as a directory argument: a glob library's own walk follows
 * links without loop detection (two links to `.` made `**` run for ever). A pattern without `**`
 * only needs as many levels as it has segments, so `*.log` does not walk the tree below.
 */
async function expandGlob(pattern: string, options: ExpandOptions, issues: InputIssue[]): Promise<string[]> {
  const { base, glob } = picomatch().scan(pattern);
  const root = path.resolve(base === '' ? '.' : base);
  const info = statOrUndefined(root);
  if (info === undefined || !info.isDirectory()) return [];
  const maxDepth = glob.includes('**') ? undefined : glob.split('/').length;
  const files = await walkFiles(root, issues, {
    // The ignore files are for directories given as such; `.git/` stays out of a scan either way.
    filter: options.ignoreFiles ? OUTSIDE_GIT : EVERYTHING,
    display: (p) => displayPath(p),
    followLinks: options.followLinks === true,
    ...(maxDepth !== undefined ? { maxDepth } : {}),
  });
  const matches = picomatch()(glob, { dot: true });
  return files.filter((f) => matches(path.relative(root, f).split(path.sep).join('/')));
}

/** Expands every argument in order; duplicates are read once. `-` becomes the stdin input. */
export async function expandInputs(args: readonly string[], options: ExpandOptions = {}): Promise<Expansion> {
  const issues: InputIssue[] = [];
  const inputs: Input[] = [];
  const seen = new Map<string, Input>();
  // One getcwd for the whole list.
  const cwd = process.cwd();
  const show = (absolute: string): string => displayPath(absolute, cwd);
  // Synchronous: an await per file of a tree of thousands is a microtask each.
  const add = (absolute: string, walked = false, pipe = false, shortReadEnds = false): void => {
    const known = seen.get(absolute);
    if (known !== undefined) {
      // Named as well as walked to (`scan . logs.zip`): named wins.
      if (!walked) delete known.walked;
      return;
    }
    // Sync metadata calls: thousands of files, each an async round trip to the threadpool otherwise.
    const info = options.mtimes === false || pipe ? undefined : statOrUndefined(absolute);
    const input: Input = { path: show(absolute), absolutePath: absolute };
    if (info) input.mtime = info.mtimeMs;
    if (walked) input.walked = walked;
    if (pipe) input.pipe = true;
    if (shortReadEnds) input.shortReadEnds = true;
    seen.set(absolute, input);
    inputs.push(input);
  };
  for (const arg of args) {
    if (arg === '-') {
      inputs.push({ path: '-' });
      continue;
    }
    const absolute = path.resolve(arg);
    const info = await statOrError(absolute);
    if (!(info instanceof Error)) {
      if (info.isDirectory()) {
        const ignoring = options.filter === undefined && options.ignoreFiles ? await gitignoreFilter(absolute, issues, show) : undefined;
        const filter = options.filter ?? ignoring ?? EVERYTHING;
        const walked = walkFiles(absolute, issues, { filter, display: show, followLinks: options.followLinks === true });
        const tracked = ignoring === undefined ? [] : await ignoring.trackedIgnored();
        const files = tracked.length === 0 ? walked : withTracked(walked, tracked);
        if (files.length === 0) issues.push({ path: show(absolute), kind: 'no-files', message: 'directory holds no files' });
        // Files the walk reached without leaving the tree, when its file systems read short only at a
        // file's end (short-reads.ts); a tracked file the ignore files skipped may be a link out of it.
        const ends = options.followLinks !== true && files.length !== 0 && shortReadsEnd(absolute);
        const fromGit = tracked.length === 0 ? undefined : new Set(tracked);
        for (const f of files) add(f, true, false, ends && fromGit?.has(f) !== true);
      } else if (info.isFile()) {
        add(absolute);
      } else if (info.isFIFO()) {
        add(absolute, false, true);
      } else {
        // A device never ends (/dev/urandom, /dev/zero) or is not a log (a tty, a disk); a socket
        // cannot be opened as a file.
        const what = info.isSocket() ? 'a socket' : 'a device';
        issues.push({ path: show(absolute), kind: 'unreadable', message: `${what}, not a file; not read` });
      }
      continue;
    }
    if (isGlobPattern(arg)) {
      const files = await expandGlob(arg, options, issues);
      if (files.length === 0) issues.push({ path: arg, kind: 'no-files', message: 'pattern matches no files' });
      for (const f of files) add(f);
      continue;
    }
    const code = info.code === 'ENOENT' ? 'not-found' : 'unreadable';
    issues.push({ path: show(absolute), kind: code, message: code === 'not-found' ? 'no such file or directory' : info.message });
  }
  return { inputs, issues };
}
