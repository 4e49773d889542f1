// The parts every reader of an input is made of: what its first bytes say it is (magic bytes),
// a peek at them that loses nothing, and gzip decompression with a bound on its ratio for data
// inside archives (archive-limits.ts).
import { createGunzip } from 'node:zlib';
import { isTar, isZip } from './archive.js';
import { LIMIT_FLAGS, sizeText } from './archive-limits.js';
import type { Input, InputIssue } from './input.js';

/** The stream with its first chunk copied (it may be a read-pool buffer that a later read reuses). */
export async function* copyingFirst(chunks: AsyncGenerator<Buffer>): AsyncGenerator<Buffer> {
  let first = true;
  try {
    for await (const chunk of chunks) {
      yield first ? Buffer.from(chunk) : chunk;
      first = false;
    }
  } finally {
    void chunks.return(undefined);
  }
}

/** What an input's first bytes say it is. Archives are read by open-input.ts, entry by entry. */
export type Sniffed = 'plain' | 'gzip' | 'zip' | 'tar';

export function sniff(head: Buffer): Sniffed {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (isZip(head)) return 'zip';
  if (isTar(head)) return 'tar';
  return 'plain';
}

/** A tar header is 512 bytes, its magic at 257; zip's and gzip's magic are shorter. */
const SNIFF_BYTES = 512;


/**
 * Reads up to SNIFF_BYTES from the front of `it` (a pipe may deliver them a few at a time); returns
 * them and a generator of the whole stream from its start. Never throws: an error while peeking
 * is thrown by `all` after the bytes read before it.
 */
export async function peek(it: AsyncIterator<Buffer>): Promise<{ head: Buffer; all: AsyncGenerator<Buffer> }> {
  const parts: Buffer[] = [];
  let size = 0;
  let done = false;
  let failure: { error: unknown } | undefined;
  try {
    while (size < SNIFF_BYTES) {
      const next = await it.next();
      if (next.done) {
        done = true;
        break;
      }
      parts.push(next.value);
      size += next.value.length;
    }
  } catch (error) {
    failure = { error };
  }
  const head = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  async function* all(): AsyncGenerator<Buffer> {
    try {
      if (head.length > 0) yield head;
      if (failure !== undefined) throw failure.error;
      if (done) return;
      for (;;) {
        const next = await it.next();
        if (next.done) return;
        yield next.value;
      }
    } finally {
      if (!done) void it.return?.(undefined);
    }
  }
  return { head, all: all() };
}

/** Stops a decompression that grows past `maxRatio` times its input, once past `grace` bytes out. */
export interface RatioGuard {
  maxRatio: number;
  grace: number;
  /** Off until the stream is known to be an archive (a plain top-level .gz is read as it is). */
  active: boolean;
}

/** A bound on archives stopped the reading (archive-limits.ts); its message is the issue's. */
export class LimitError extends Error {}

/**
 * Decompressed chunks of a gzip stream (multi-member too). zlib errors (truncation, damage) and a
 * LimitError are thrown to the caller, after the chunks decompressed before them.
 */
export async function* gunzip(compressed: AsyncIterable<Buffer>, guard?: RatioGuard): AsyncGenerator<Buffer> {
  const stream = createGunzip({ chunkSize: 1024 * 1024 });
  let inBytes = 0;
  let outBytes = 0;
  const feed = (async () => {
    try {
      for await (const chunk of compressed) {
        inBytes += chunk.length;
        if (!stream.write(chunk)) await new Promise((resolve) => stream.once('drain', resolve));
      }
      stream.end();
    } catch (error) {
      stream.destroy(error as Error);
    }
  })();
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      outBytes += chunk.length;
      if (guard?.active === true && outBytes > guard.grace && outBytes > guard.maxRatio * inBytes) {
        throw new LimitError(`gzip data decompresses more than ${guard.maxRatio}:1 (${sizeText(outBytes)} so far), a zip bomb's shape; the rest was not read (${LIMIT_FLAGS.maxRatio} raises the limit)`);
      }
      yield chunk;
    }
    await feed;
  } finally {
    stream.destroy();
    void (compressed as AsyncGenerator<Buffer>).return?.(undefined);
  }
}

/** The issue for a gzip stream that ended in an error: cut short, or damaged. */
export function gzipIssue(input: Input, error: unknown): InputIssue {
  const err = error as NodeJS.ErrnoException;
  const truncated = err.code === 'Z_BUF_ERROR' || /unexpected end/i.test(err.message);
  return {
    path: input.path,
    kind: truncated ? 'truncated-gzip' : 'corrupt-gzip',
    message: truncated ? 'gzip stream ends early (truncated); lines before the cut were read' : `corrupt gzip data (${err.message}); lines before the damage were read`,
  };
}

