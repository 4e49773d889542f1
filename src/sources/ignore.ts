// Directory walking for `scan` (SPEC §5): `.gitignore` files at every level, `.git/info/exclude`,
// and `.clawprintignore` at the scan root, all in gitignore syntax. Hidden files and folders are
// scanned (`.env`, `.openclaw/`); `.git/` never is. The `ignore` package (what eslint and
// prettier use) lives behind this module only.
import ignore, { type Ignore } from 'ignore';
import type { Dirent } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { InputIssue } from './input.js';

export const CLAWPRINT_IGNORE = '.clawprintignore';

/** One ignore file's rules, relative to the directory that holds it. */
interface Layer {
  base: string;
  rules: Ignore;
}

async function readLayer(base: string, file: string): Promise<Layer | undefined> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  return text === undefined ? undefined : { base, rules: ignore().add(text) };
}

/**
 * Git's precedence: the deepest ignore file that has an opinion on a path decides (a nested
 * `!keep.txt` re-includes what a parent ignored). `.clawprintignore` is consulted before all of
 * them, so it can both add exclusions and re-include a git-ignored file for scanning.
 */
function decide(layers: readonly Layer[], override: Layer | undefined, absolute: string, isDir: boolean): boolean {
  const ordered = override === undefined ? [...layers].reverse() : [override, ...[...layers].reverse()];
  for (const layer of ordered) {
    const rel = path.relative(layer.base, absolute).split(path.sep).join('/');
    if (rel === '' || rel.startsWith('..')) continue;
    const result = layer.rules.test(isDir ? `${rel}/` : rel);
    if (result.unignored) return false;
    if (result.ignored) return true;
  }
  return false;
}

/** The enclosing work tree's top (a `.git` directory or file), or undefined outside git. */
async function findWorkTree(dir: string): Promise<string | undefined> {
  for (let d = dir; ; d = path.dirname(d)) {
    if (await stat(path.join(d, '.git')).then(() => true, () => false)) return d;
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
    const exclude = top === undefined ? undefined : await readLayer(top, path.join(top, '.git', 'info', 'exclude'));
    return exclude === undefined ? [] : [exclude];
  }
  const layers: Layer[] = [];
  const exclude = await readLayer(top, path.join(top, '.git', 'info', 'exclude'));
  if (exclude !== undefined) layers.push(exclude);
  const between = path.relative(top, root).split(path.sep);
  for (let i = 0; i < between.length; i++) {
    const dir = path.join(top, ...between.slice(0, i));
    const layer = await readLayer(dir, path.join(dir, '.gitignore'));
    if (layer !== undefined) layers.push(layer);
  }
  return decide(layers, undefined, root, true) ? [] : layers;
}

/** `.clawprintignore` at `root` as a predicate over paths relative to it (staged mode uses it alone). */
export async function readClawprintIgnore(root: string): Promise<(relative: string) => boolean> {
  const layer = await readLayer(root, path.join(root, CLAWPRINT_IGNORE));
  return layer === undefined ? () => false : (relative) => layer.rules.ignores(relative);
}

/**
 * Every file under `root` that the ignore files leave in, sorted; loops and unreadable folders
 * become issues (`display` turns an absolute path into the one shown to the user).
 */
export async function walkIgnoring(root: string, issues: InputIssue[], display: (absolute: string) => string): Promise<string[]> {
  const override = await readLayer(root, path.join(root, CLAWPRINT_IGNORE));
  const files: string[] = [];
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();

  const walk = async (dir: string, layers: readonly Layer[]): Promise<void> => {
    // A symlinked directory that points back up the tree would be walked forever.
    const real = await realpath(dir).catch(() => dir);
    if (seenDirs.has(real)) {
      issues.push({ path: display(dir), kind: 'directory-loop', message: 'reached again through a link; read once' });
      return;
    }
    seenDirs.add(real);
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      issues.push({ path: display(dir), kind: 'unreadable', message: `cannot list directory: ${(error as NodeJS.ErrnoException).code ?? 'error'}` });
      return;
    }
    const own = entries.some((e) => e.name === '.gitignore') ? await readLayer(dir, path.join(dir, '.gitignore')) : undefined;
    const active = own === undefined ? layers : [...layers, own];
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name === '.git') continue;
      const absolute = path.join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const target = await stat(absolute).catch(() => undefined);
        if (target === undefined) continue; // dangling link: nothing to read
        isDir = target.isDirectory();
        isFile = target.isFile();
      }
      // FIFOs, sockets and devices hold no file content (a FIFO would block the scan).
      if (!isDir && !isFile) continue;
      if (decide(active, override, absolute, isDir)) continue;
      if (isDir) {
        await walk(absolute, active);
      } else {
        const realFile = entry.isSymbolicLink() ? await realpath(absolute).catch(() => absolute) : absolute;
        if (seenFiles.has(realFile)) continue;
        seenFiles.add(realFile);
        files.push(absolute);
      }
    }
  };

  await walk(root, await outerLayers(root));
  return files.sort();
}
