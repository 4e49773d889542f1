// The parts every reader of an input is made of: what its first bytes say it is (magic bytes),
// a peek at them that loses nothing, and gzip decompression with a bound on its ratio for data
// inside archives (archive-limits.ts).
import { constants, createGunzip, type Gunzip } from 'node:zlib';
import { isTar, isZip } from './archive.js';
import { LIMIT_FLAGS, sizeText } from './archive-limits.js';
import type { Input, InputIssue } from './input.js';
import { inflateBuffer, READ_CHUNK } from './read-pool.js';

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

/** Whether a gunzip may write its output into the inflate pool (off once the data is known to be a tar). */
export interface Inflating {
  reuse: boolean;
  /**
   * Told when the gzip is inflated on this thread (inflateHere), where each compressed chunk is
   * consumed before the next is read: the file reader may read them into its pool again (a fresh
   * 1 MiB buffer per compressed read cost ~0.3 s of page faults and zeroing on a 412 MB gzip).
   */
  onInflateHere?: () => void;
}

/**
 * Decompressed chunks of a gzip stream (multi-member too). zlib errors (truncation, damage) and a
 * LimitError are thrown to the caller, after the chunks decompressed before them. Inflated on this
 * thread when Node's zlib handle allows it (inflateHere), else through a zlib stream.
 */
export async function* gunzip(compressed: AsyncIterable<Buffer>, guard?: RatioGuard, inflating?: Inflating): AsyncGenerator<Buffer> {
  // Inflated chunks of READ_CHUNK bytes: read-pool buffers, which the SIMD pass searches in place.
  const stream = createGunzip({ chunkSize: READ_CHUNK });
  let inBytes = 0;
  let outBytes = 0;
  const checked = (chunk: Buffer): Buffer => {
    outBytes += chunk.length;
    if (guard?.active === true && outBytes > guard.grace && outBytes > guard.maxRatio * inBytes) {
      throw new LimitError(`gzip data decompresses more than ${guard.maxRatio}:1 (${sizeText(outBytes)} so far), a zip bomb's shape; the rest was not read (${LIMIT_FLAGS.maxRatio} raises the limit)`);
    }
    return chunk;
  };
  const here = syncHandle(stream);
  if (here !== undefined) {
    inflating?.onInflateHere?.();
    try {
      for await (const chunk of inflateHere(here, compressed, inflating, (n) => (inBytes += n))) yield checked(chunk);
    } finally {
      stream.destroy();
      void (compressed as AsyncGenerator<Buffer>).return?.(undefined);
    }
    return;
  }
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
    for await (const chunk of stream as AsyncIterable<Buffer>) yield checked(chunk);
    await feed;
  } finally {
    stream.destroy();
    void (compressed as AsyncGenerator<Buffer>).return?.(undefined);
  }
}

/**
 * The zlib handle under a Gunzip stream, as Node's own gunzipSync drives it (lib/zlib.js
 * processChunkSync): writeSync inflates on this thread, and the stream's write state holds what
 * is left of the output and input after each call. Node documents neither, so both are checked
 * and the stream path stays as the fallback.
 */
interface SyncHandle {
  write(flush: number, input: Buffer, inOff: number, inLen: number, out: Buffer, outOff: number, outLen: number): void;
  state: Uint32Array;
  error(): Error | undefined;
}

function syncHandle(stream: Gunzip): SyncHandle | undefined {
  const internals = stream as unknown as { _handle?: Record<string, unknown>; _writeState?: unknown };
  const handle = internals._handle;
  const state = internals._writeState;
  if (handle === undefined || typeof handle.writeSync !== 'function' || !(state instanceof Uint32Array) || state.length < 2) return undefined;
  // zlib reports an error through onerror during writeSync; the stream's own handler would
  // destroy the stream and emit the error on a later tick. It is kept and thrown here instead.
  let failure: Error | undefined;
  handle.onerror = (message: string, errno: number, code: string): void => {
    failure = Object.assign(new Error(message), { errno, code });
  };
  const writeSync = handle.writeSync as (...args: unknown[]) => void;
  return {
    write: (...args) => writeSync.apply(handle, args),
    state,
    error: () => failure,
  };
}

/**
 * gzip inflated on this thread: no thread-pool round trip per chunk, output into reused buffers
 * (the audit of the 1 GB bench gzip: zlib's share 1.7 s → 0.9 s of CPU on one core). The first
 * chunk is a fresh buffer: it is sniffed, and a tar's chunks are kept by tar-stream (no reuse).
 */
async function* inflateHere(h: SyncHandle, compressed: AsyncIterable<Buffer>, inflating: Inflating | undefined, onInput: (n: number) => void): AsyncGenerator<Buffer> {
  let out: Buffer | undefined;
  let filled = 0;
  let first = true;
  // zlib took no more input although it had output room: the gzip data ended (trailing bytes
  // after the last member are ignored, as the stream path does).
  let ended = false;
  const take = (): Buffer => {
    if (first || inflating?.reuse !== true) return Buffer.allocUnsafe(READ_CHUNK);
    return inflateBuffer();
  };
  /** Inflates `input` (empty with Z_FINISH: the end); yields each output buffer as it fills. */
  function* inflate(input: Buffer, flush: number): Generator<Buffer> {
    let off = 0;
    for (;;) {
      out ??= take();
      const inLen = input.length - off;
      const outLen = out.length - filled;
      h.write(flush, input, off, inLen, out, filled, outLen);
      const failure = h.error();
      if (failure !== undefined) {
        // The lines inflated before the damage are read, then the error is the input's issue.
        if (filled > 0) yield out.subarray(0, filled);
        out = undefined;
        throw failure;
      }
      const outLeft = h.state[0]!;
      const inLeft = h.state[1]!;
      off += inLen - inLeft;
      filled += outLen - outLeft;
      if (filled === out.length) {
        yield out;
        first = false;
        out = undefined;
        filled = 0;
        continue;
      }
      // Output room is left: zlib took all of this input, or the gzip data ended before it.
      if (inLeft > 0) ended = true;
      return;
    }
  }
  for await (const chunk of compressed) {
    onInput(chunk.length);
    if (!ended) yield* inflate(chunk, constants.Z_NO_FLUSH);
  }
  if (!ended) yield* inflate(Buffer.alloc(0), constants.Z_FINISH);
  if (out !== undefined && filled > 0) yield out.subarray(0, filled);
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

