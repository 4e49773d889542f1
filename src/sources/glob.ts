// Turns command-line inputs (files, directories, globs, `-`) into a list of inputs. fast-glob
// lives behind this module only.
import fg from 'fast-glob';
import { realpathSync, type Stats, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { walkIgnoring } from './ignore.js';
import type { Input, InputIssue } from './input.js';

export interface ExpandOptions {
  /** gitignore-style patterns to leave out (already relative to each directory walked). */
  ignore?: readonly string[];
  /** Leave out `.git/` (scan) — the audit reads everything it is pointed at. */
  skipGitDir?: boolean;
  /** Directories honour `.gitignore` (nested), `.git/info/exclude` and `.clawprintignore` (scan); implies skipGitDir. */
  ignoreFiles?: boolean;
}

export interface Expansion {
  inputs: Input[];
  issues: InputIssue[];
}

export function displayPath(absolute: string, cwd = process.cwd()): string {
  const rel = path.relative(cwd, absolute);
  const shown = rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? absolute : rel;
  return shown.split(path.sep).join('/');
}

const isGlob = (arg: string): boolean => fg.isDynamicPattern(arg);

function realpathOr(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

function statOrUndefined(p: string): Stats | undefined {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
}

async function walkDirectory(dir: string, options: ExpandOptions, issues: InputIssue[]): Promise<string[]> {
  const ignore = [...(options.ignore ?? [])];
  if (options.skipGitDir) ignore.push('**/.git/**');
  const seen = new Set<string>();
  const entries = await fg('**/*', {
    cwd: dir,
    dot: true,
    onlyFiles: true,
    followSymbolicLinks: true,
    absolute: true,
    ignore,
    suppressErrors: true,
  });
  const files: string[] = [];
  for (const entry of entries.sort()) {
    // A symlinked directory that points back up the tree shows up as the same real file twice.
    const real = realpathOr(entry);
    if (seen.has(real)) {
      issues.push({ path: displayPath(entry), kind: 'directory-loop', message: 'reached again through a link; read once' });
      continue;
    }
    seen.add(real);
    files.push(entry);
  }
  return files;
}

/** Expands every argument in order; duplicates are read once. `-` becomes the stdin input. */
export async function expandInputs(args: readonly string[], options: ExpandOptions = {}): Promise<Expansion> {
  const issues: InputIssue[] = [];
  const inputs: Input[] = [];
  const seen = new Set<string>();
  const add = async (absolute: string): Promise<void> => {
    if (seen.has(absolute)) return;
    seen.add(absolute);
    // Sync metadata calls: thousands of files, each an async round trip to the threadpool otherwise.
    const info = statOrUndefined(absolute);
    inputs.push({ path: displayPath(absolute), absolutePath: absolute, ...(info ? { mtime: info.mtimeMs } : {}) });
  };
  for (const arg of args) {
    if (arg === '-') {
      inputs.push({ path: '-' });
      continue;
    }
    const absolute = path.resolve(arg);
    const info = await stat(absolute).catch((error: NodeJS.ErrnoException) => error);
    if (!(info instanceof Error)) {
      if (info.isDirectory()) {
        const files = options.ignoreFiles
          ? await walkIgnoring(absolute, issues, (p) => displayPath(p))
          : await walkDirectory(absolute, options, issues);
        if (files.length === 0) issues.push({ path: displayPath(absolute), kind: 'no-files', message: 'directory holds no files' });
        for (const f of files) await add(f);
      } else {
        await add(absolute);
      }
      continue;
    }
    if (isGlob(arg)) {
      const ignore = [...(options.ignore ?? []), ...(options.skipGitDir || options.ignoreFiles ? ['**/.git/**'] : [])];
      const files = await fg(arg, { dot: true, onlyFiles: true, absolute: true, ignore });
      if (files.length === 0) issues.push({ path: arg, kind: 'no-files', message: 'pattern matches no files' });
      for (const f of files.sort()) await add(f);
      continue;
    }
    const code = info.code === 'ENOENT' ? 'not-found' : 'unreadable';
    issues.push({ path: displayPath(absolute), kind: code, message: code === 'not-found' ? 'no such file or directory' : info.message });
  }
  return { inputs, issues };
}
