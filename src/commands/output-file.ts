// Where a report or a baseline is written to a file: never over an input (the evidence), and never
// half-written (a temporary file next to it, renamed into place once complete).
import { closeSync, fstatSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { shownValue } from '../shown-value.js';

/** The identity of a file: the same file through any link or name has the same device and inode. */
const idOf = (p: string): string | undefined => {
  try {
    const s = statSync(p);
    return `${s.dev}:${s.ino}`;
  } catch {
    return undefined;
  }
};

/**
 * Refuses an output file that is one of the inputs (by device and inode, so a symbolic or hard link
 * to an input counts): writing the report there would replace the log it was made from. A file that
 * does not exist yet cannot be an input, so the inputs are only looked at when it is a file.
 */
export function refuseInputAsOutput(flag: string, output: string | undefined, inputs: Iterable<string>): void {
  if (output === undefined) return;
  let target: string;
  try {
    const s = statSync(output);
    // A device or a FIFO (/dev/null, a pipe) is written directly, never replaced
    // (writeFileAtomically): no input file is lost, and thousands of inputs are not stat'ed.
    if (!s.isFile()) return;
    target = `${s.dev}:${s.ino}`;
  } catch {
    return;
  }
  for (const input of inputs) {
    if (idOf(input) === target) throw new UsageError(`${flag} is one of the inputs; writing there would replace it (${shownValue(output, false)})`);
  }
}

/** Whether two paths name one file on disk (through links), or the same path when neither exists yet. */
export function sameFile(a: string, b: string): boolean {
  const ia = idOf(a);
  const ib = idOf(b);
  return ia !== undefined && ib !== undefined ? ia === ib : path.resolve(a) === path.resolve(b);
}

/** `--output` and `--emit-state` naming one file: the second write would replace the first. */
export function refuseSameFile(output: string | undefined, state: string | undefined): void {
  if (output === undefined || state === undefined) return;
  if (sameFile(output, state)) throw new UsageError(`--emit-state and --output name the same file (${shownValue(state, false)})`);
}

/**
 * Writes to `file` through `write(fd)` (a whole text, or a report piece by piece): into a temporary file in the same directory, synced, then renamed over
 * `file`, so a reader (or an interrupted run) sees the old file or the whole new one, never a
 * part. Something that is not a regular file (a FIFO, /dev/stdout, /dev/full) is written directly:
 * renaming over it would replace the device with a file. Errors carry the system code.
 */
export function writeFileAtomically(file: string, write: string | ((fd: number) => void)): void {
  const writeTo = typeof write === 'string' ? (fd: number): void => writeAll(fd, write) : write;
  const absolute = path.resolve(file);
  let existing: ReturnType<typeof statSync> | undefined;
  try {
    existing = statSync(absolute);
  } catch {
    existing = undefined;
  }
  if (existing?.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
  if (existing !== undefined && !existing.isFile()) {
    const fd = openSync(absolute, 'w');
    try {
      writeTo(fd);
    } finally {
      closeSync(fd);
    }
    return;
  }
  mkdirSync(path.dirname(absolute), { recursive: true });
  const temporary = path.join(path.dirname(absolute), `.${path.basename(absolute)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  // 'wx': never through a link or over a file someone else placed under that name.
  const fd = openSync(temporary, 'wx', existing === undefined ? 0o666 : Number(existing.mode) & 0o7777);
  try {
    writeTo(fd);
    fsyncSync(fd);
    if (!fstatSync(fd).isFile()) throw Object.assign(new Error('not a regular file'), { code: 'EINVAL' });
    closeSync(fd);
    renameSync(temporary, absolute);
  } catch (error) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    rmSync(temporary, { force: true });
    throw error;
  }
}

function writeAll(fd: number, data: string): void {
  const buf = Buffer.from(data, 'utf8');
  for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off, buf.length - off);
}

/** The error a failed report or baseline write turns into: one line with the system code. */
export function writeError(what: string, file: string, error: unknown): InputError {
  return new InputError(`cannot write ${what}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, file);
}
