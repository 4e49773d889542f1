// The first line of a token source (stdin, a token file), read with a bound. A token is one short
// line; reading the whole source first let `--token-stdin` with 1 GB on stdin (or
// `--token-file /dev/zero`) exhaust memory before the first line was even looked at.
import { closeSync, openSync, readSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { UsageError } from '../errors.js';

/** The longest first line a token source may have: far above any token, far below harm. */
export const MAX_TOKEN_LINE = 64 * 1024;

const tooLong = (where: string, max: number): UsageError =>
  new UsageError(`the first line of ${where} is longer than ${max / 1024} KiB; a token is one short line`);

/** Scans `chunk` for the end of the first line; returns the bytes kept so far and whether it ended. */
function take(kept: Buffer[], size: number, chunk: Buffer, where: string, max: number): { size: number; done: boolean } {
  const nl = chunk.indexOf(0x0a);
  const part = nl === -1 ? chunk : chunk.subarray(0, nl);
  if (size + part.length > max) throw tooLong(where, max);
  kept.push(part);
  return { size: size + part.length, done: nl !== -1 };
}

const text = (kept: Buffer[]): string => Buffer.concat(kept).toString('utf8').replace(/\r$/, '');

/** The first line of a stream, without its line ending; stops reading at the newline. */
export async function readFirstLine(stream: Readable, where: string, max = MAX_TOKEN_LINE): Promise<string> {
  const kept: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const step = take(kept, size, Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)), where, max);
    size = step.size;
    // Leaving the loop destroys the stream: the rest of stdin is never read.
    if (step.done) break;
  }
  return text(kept);
}

/** The first line of a file, read in small pieces (a device or a huge file never loads whole). */
export function readFirstLineOfFile(file: string, where: string, max = MAX_TOKEN_LINE): string {
  const fd = openSync(file, 'r');
  try {
    const kept: Buffer[] = [];
    let size = 0;
    const buf = Buffer.alloc(16 * 1024);
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      const step = take(kept, size, Buffer.from(buf.subarray(0, n)), where, max);
      size = step.size;
      if (step.done) break;
    }
    return text(kept);
  } finally {
    closeSync(fd);
  }
}
