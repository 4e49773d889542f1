// `scan --staged` (pre-commit): what the index holds for each staged file, and which of its lines
// the staged change adds (added-lines.ts, from the blobs: never from `git diff` hunks, which diff
// attributes can empty). git runs with argument arrays, never through a shell.
import path from 'node:path';
import type { Readable } from 'node:stream';
import { InputError } from '../errors.js';
import { addedLines, ALL_LINES } from './added-lines.js';
import { BlobReader } from './git-blobs.js';
import { plainWorkTreeTop } from './git-top.js';
import { looseObjectDir } from './loose-objects.js';
import { openBytes } from './open-input.js';
import { type GitRun, runGit, type StartedDiff, stagedDiffArgs } from './staged-diff.js';

export interface StagedFile {
  /** Relative to the work tree's top, POSIX separators. */
  path: string;
  absolutePath: string;
  /** Object id of the staged blob. */
  blob: string;
  /** Object id of the version it replaces (the source of a rename or copy); undefined for a new file. */
  base?: string;
  /** Added line ranges [first, last], 1-based, ascending. */
  added: Array<[number, number]>;
}

const NO_BLOB = /^0+$/;

/** A diff the bin started before the CLI loaded (staged-diff.ts), until listStaged takes it. */
let offered: StartedDiff | undefined;

/** Hands listStaged a diff already started; used only if started for its very cwd and arguments. */
export function offerStagedDiff(started: StartedDiff | undefined): void {
  offered = started;
}

function takeOffered(cwd: string, args: readonly string[]): Promise<GitRun> | undefined {
  const started = offered;
  offered = undefined;
  const same = started !== undefined && started.cwd === cwd && started.args.length === args.length && started.args.every((a, i) => a === args[i]);
  return same ? started.run : undefined;
}

async function git(args: readonly string[], cwd: string, started?: Promise<GitRun>): Promise<Buffer> {
  const { error, stdout, stderr } = await (started ?? runGit(args, cwd));
  if (error === null) return stdout;
  if (error.code === 'ENOENT') throw new InputError('--staged needs git, which is not installed or not on PATH');
  const first = stderr.toString('utf8').split('\n')[0]?.replace(/^fatal: /, '') ?? error.message;
  throw new InputError(`git ${args.find((a) => !a.startsWith('-') && !a.includes('=')) ?? ''}: ${first}`, cwd);
}

/** The work tree's top (`plain` when git-top.ts found it without git), or an InputError naming `cwd` when it is not inside a git work tree. */
async function workTreeTop(cwd: string, plain: string | undefined): Promise<string> {
  if (plain !== undefined) return plain;
  try {
    return (await git(['rev-parse', '--show-toplevel'], cwd)).toString('utf8').trim();
  } catch (error) {
    if (error instanceof InputError && error.message.startsWith('--staged needs git')) throw error;
    throw new InputError('--staged needs a git repository, and this is not one', cwd);
  }
}

/**
 * Staged files added, copied, modified or renamed under `pathspecs`, with their added lines, and
 * the reader their blobs were read with: open the staged blobs to scan with it, then close it.
 */
export async function listStaged(cwd: string, pathspecs: readonly string[]): Promise<{ top: string; files: StagedFile[]; blobs: BlobReader }> {
  // The git processes at once (a pre-commit run waits for each start), the diff first: it has the
  // most to do (the index, HEAD's tree), and Node waits for each start in turn (~5 ms on a busy
  // machine), so it runs while the others start. rev-parse only when the top is not plain
  // (git-top.ts); outside a work tree, its error is the one reported.
  // staged-diff.ts has the arguments, and the output's layout.
  const args = stagedDiffArgs(pathspecs);
  const diff = git(args, cwd, takeOffered(cwd, args));
  const plain = plainWorkTreeTop(cwd);
  const topOf = workTreeTop(cwd, plain);
  // With the loose objects readable, cat-file starts only if a blob is not among them.
  const loose = plain === undefined ? undefined : looseObjectDir(plain);
  const blobs = loose === undefined ? new BlobReader(cwd).started() : new BlobReader(cwd, loose);
  const [topRun, diffRun] = await Promise.allSettled([topOf, diff]);
  if (topRun.status === 'rejected' || diffRun.status === 'rejected') {
    blobs.close();
    throw topRun.status === 'rejected' ? topRun.reason : (diffRun as PromiseRejectedResult).reason;
  }
  const top = topRun.value;
  const raw = diffRun.value.toString('utf8').split('\0');
  const files = new Map<string, StagedFile>();
  for (let i = 0; i < raw.length; i++) {
    const meta = raw[i]!;
    if (!meta.startsWith(':')) continue;
    const [, newMode, oldBlob, blob, status] = meta.slice(1).split(' ');
    const renamed = status?.startsWith('R') === true || status?.startsWith('C') === true;
    const file = renamed ? raw[i + 2] : raw[i + 1];
    i += renamed ? 2 : 1;
    // Symlinks (120000) hold a target path; submodules (160000) a commit id: no text to scan.
    if (file === undefined || blob === undefined || (newMode !== '100644' && newMode !== '100755')) continue;
    const staged: StagedFile = { path: file, absolutePath: path.join(top, ...file.split('/')), blob, added: [] };
    if (oldBlob !== undefined && !NO_BLOB.test(oldBlob)) staged.base = oldBlob;
    files.set(file, staged);
  }
  const list = [...files.values()];
  // Every pair asked for at once, in the order they are read: git answers in one go instead of a
  // round trip per file, each a wait for the other process to be scheduled (~2-5 ms on a busy
  // machine). Backpressure still holds git to the stream being read.
  const pairs = list.map((f) => (f.base === undefined ? undefined : [blobs.open(f.base), blobs.open(f.blob)]));
  try {
    // One file at a time: memory holds one committed version's line hashes.
    for (const [i, f] of list.entries()) {
      const pair = pairs[i];
      // Both sides are read as the scan reads them (gzip, UTF-16), so line numbers agree.
      f.added = pair === undefined ? [...ALL_LINES] : await addedLines(openBytes({ path: f.path }, pair[0]!).chunks, openBytes({ path: f.path }, pair[1]!).chunks);
    }
  } catch (error) {
    // Streams nobody will read would hold git (and this process) waiting on a full pipe.
    for (const stream of pairs.flat()) stream?.destroy();
    blobs.close();
    throw error;
  }
  return { top, files: list, blobs };
}

/** One blob's bytes as a stream (BlobReader.open), through a reader of its own. */
export function openBlob(top: string, blob: string): Readable {
  const reader = new BlobReader(top);
  const out = reader.open(blob);
  reader.close();
  return out;
}

/** True when `line` falls in one of the ascending `ranges`. */
export function inRanges(ranges: ReadonlyArray<readonly [number, number]>, line: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [first, last] = ranges[mid]!;
    if (line < first) hi = mid - 1;
    else if (line > last) lo = mid + 1;
    else return true;
  }
  return false;
}
