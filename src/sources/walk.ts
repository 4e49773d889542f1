// The one directory walk behind every input that is a directory or a glob, for every command
// (SPEC §9): symlinks are followed, each real directory is read once, so a link back up the tree
// (`ln -s . a`) is one `directory-loop` issue naming the link instead of an endless walk, and a
// file reached through two links is read once.
import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { InputIssue } from './input.js';

/** What to leave out of a walk; a directory can bring its own rules (`.gitignore`). */
export interface WalkFilter {
  /** The filter for the entries of `dir`, given their names. */
  enter(dir: string, names: readonly string[]): Promise<WalkFilter>;
  /** True when `absolute` (a file, or a directory when `isDir`) stays out of the walk. */
  skips(absolute: string, isDir: boolean): boolean;
}

/** Everything is read: the audit reads every file it is pointed at. */
export const EVERYTHING: WalkFilter = {
  enter: () => Promise.resolve(EVERYTHING),
  skips: () => false,
};

/** Everything but `.git` (a repository's objects are compressed; a submodule's `.git` is a pointer file). */
export const OUTSIDE_GIT: WalkFilter = {
  enter: () => Promise.resolve(OUTSIDE_GIT),
  skips: (absolute) => path.basename(absolute) === '.git',
};

export interface WalkOptions {
  filter?: WalkFilter;
  /** Files deeper than this many levels below the root are not listed (a glob without `**`). */
  maxDepth?: number;
  /** Turns an absolute path into the one shown in issues. */
  display: (absolute: string) => string;
}

/** Every file under `root` the filter leaves in, sorted; loops and unreadable folders become issues. */
export async function walkFiles(root: string, issues: InputIssue[], options: WalkOptions): Promise<string[]> {
  const files: string[] = [];
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();
  const maxDepth = options.maxDepth ?? Number.POSITIVE_INFINITY;

  const walk = async (dir: string, filter: WalkFilter, depth: number): Promise<void> => {
    const real = await realpath(dir).catch(() => dir);
    if (seenDirs.has(real)) {
      issues.push({ path: options.display(dir), kind: 'directory-loop', message: 'directory reached again through a link; read once' });
      return;
    }
    seenDirs.add(real);
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      issues.push({ path: options.display(dir), kind: 'unreadable', message: `cannot list directory: ${(error as NodeJS.ErrnoException).code ?? 'error'}` });
      return;
    }
    const inner = await filter.enter(dir, entries.map((e) => e.name));
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const absolute = path.join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const target = await stat(absolute).catch(() => undefined);
        if (target === undefined) continue; // dangling link (or ELOOP): nothing to read
        isDir = target.isDirectory();
        isFile = target.isFile();
      }
      // FIFOs, sockets and devices hold no file content (a FIFO would block the read).
      if (!isDir && !isFile) continue;
      if (inner.skips(absolute, isDir)) continue;
      if (isDir) {
        if (depth + 1 < maxDepth) await walk(absolute, inner, depth + 1);
      } else {
        const realFile = entry.isSymbolicLink() ? await realpath(absolute).catch(() => absolute) : absolute;
        if (seenFiles.has(realFile)) continue;
        seenFiles.add(realFile);
        files.push(absolute);
      }
    }
  };

  await walk(root, options.filter ?? EVERYTHING, 0);
  return files.sort();
}
