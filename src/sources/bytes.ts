// Opens an input as a stream of bytes: gzip recognised by its magic bytes (1f 8b), not by name;
// multi-member gzip is read to the end; a truncated or corrupt gzip keeps what was read; text
// with a UTF-16 BOM is decoded to UTF-8 (utf16.ts).
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import type { Input, InputIssue } from './input.js';
import { decodeUtf16, utf16Encoding } from './utf16.js';

const READ_CHUNK = 1 << 20;
const BINARY_SNIFF = 8192;
const BINARY_MESSAGE = 'binary file (NUL bytes in the first 8 KiB); skipped';
/** Room for the byte a read past a small file's end must not find. */
const END_PROBE = Buffer.alloc(1);

export interface ByteStream {
  chunks: AsyncIterable<Buffer>;
  /** Set once the stream has been read: gzip damage, binary content, read errors. */
  issues: InputIssue[];
  gzip: boolean;
  /** Bytes before decompression. */
  compressedBytes: number;
}

async function* fromReadable(stream: Readable): AsyncGenerator<Buffer> {
  for await (const chunk of stream) yield chunk as Buffer;
}

/**
 * Files are read with readSync: from the page cache a 1 MiB read takes ~0.1 ms, and doing it on
 * the main thread saves a threadpool round trip and a promise per chunk (the audit reads at GB/s).
 */
/**
 * Full-size read buffers are reused round-robin: a fresh 1 MiB buffer per read is garbage that V8
 * collects only once external memory has grown by tens of MB, which showed as ~40 MB of peak RSS.
 * A chunk must stay valid while anything downstream holds it: the current block, the audit's last
 * two blocks (coverage), and a line carried over at most two chunks (readBlocks cuts it at 1 MiB).
 * The pool is shared: inputs are read one at a time, never concurrently.
 */
const POOL_SIZE = 6;
const pool: Buffer[] = [];
let poolNext = 0;

function pooledChunk(): Buffer {
  const i = poolNext++ % POOL_SIZE;
  return (pool[i] ??= Buffer.allocUnsafe(READ_CHUNK));
}

interface FileReading {
  /**
   * Off for gzip input once its magic is seen: zlib may still hold a chunk after it was handed
   * over (its first chunk is copied before it is). On for the first read, so that a small file is
   * read into a pool buffer: a fresh buffer per file cost page faults, ~30 µs per file.
   */
  reuse: boolean;
}

async function* fromFile(path: string, reading: FileReading, onShrunk: (issue: string) => void): AsyncGenerator<Buffer> {
  const fd = openSync(path, 'r');
  let position = 0;
  try {
    const info = fstatSync(fd);
    // A FIFO, a character device or a /proc file says size 0 whatever it holds: read in full
    // chunks (sized from 0, each read took one byte: a 90 s scan of a 5 s file).
    let sized = info.isFile() && info.size > 0;
    // Sized from fstat so a 2 KB source file does not cost a 1 MiB allocation (a scan reads
    // thousands); +1 so that a file still growing is read on to its real end.
    let expected = info.size;
    for (;;) {
      const size = sized ? Math.max(1, Math.min(READ_CHUNK, expected + 1)) : READ_CHUNK;
      const buf = reading.reuse ? pooledChunk().subarray(0, size) : Buffer.allocUnsafe(size);
      const n = readSync(fd, buf, 0, size, null);
      if (n === 0) {
        // A file cut short under the reader (logrotate copytruncate: copied, then truncated to 0)
        // ends early: what was not read yet is in the rotated copy, not in this input.
        const now = info.isFile() ? fstatSync(fd).size : position;
        if (now < position) onShrunk(`the file shrank to ${now} bytes while it was read (${position} bytes read; truncated, as by logrotate copytruncate): what followed is not in this input`);
        return;
      }
      position += n;
      // More than fstat said: the file grows, read on in full chunks.
      if (n > expected) sized = false;
      expected = Math.max(0, expected - n);
      yield n === size ? buf : buf.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}

/** The issue for an input that cannot be opened or read: the error's first line. */
const unreadable = (input: Input, error: unknown): InputIssue => ({ path: input.path, kind: 'unreadable', message: (error as Error).message.split('\n')[0]! });

/** A file read whole by readSmallFile: its bytes (empty when skipped) and what went wrong. */
export interface SmallFile {
  buf: Buffer;
  issues: InputIssue[];
}

/**
 * A plain file that fits one read chunk, read synchronously in one call: what openBytes would
 * yield for it, without a chain of async generators per file (a scan reads thousands of small
 * files). Undefined for anything openBytes must handle: stdin, a FIFO, gzip, UTF-16, a larger
 * file, or one that grew while read. The buffer is a pool buffer, valid until six more reads.
 */
export function readSmallFile(input: Input): SmallFile | undefined {
  // A pipe would lose what the probe read: the stream reader opens it again.
  if (input.absolutePath === undefined || input.pipe === true) return undefined;
  let fd: number;
  try {
    fd = openSync(input.absolutePath, 'r');
  } catch (error) {
    return { buf: Buffer.alloc(0), issues: [unreadable(input, error)] };
  }
  try {
    // A full-chunk read, and a second that finds the end: no fstat (and no Stats object) per file.
    const buf = pooledChunk();
    const n = readSync(fd, buf, 0, READ_CHUNK, null);
    if (n === READ_CHUNK || readSync(fd, END_PROBE, 0, 1, null) !== 0) return undefined;
    const data = buf.subarray(0, n);
    if ((data[0] === 0x1f && data[1] === 0x8b) || utf16Encoding(data) !== undefined) return undefined;
    if (data.subarray(0, BINARY_SNIFF).includes(0)) {
      return { buf: Buffer.alloc(0), issues: [{ path: input.path, kind: 'binary', message: BINARY_MESSAGE }] };
    }
    return { buf: data, issues: [] };
  } catch (error) {
    return { buf: Buffer.alloc(0), issues: [unreadable(input, error)] };
  } finally {
    closeSync(fd);
  }
}

/**
 * Peeks at the first chunk to choose gzip or not, then yields decompressed or raw chunks.
 * Errors never escape: they become issues and the stream ends where the data stopped.
 */
export function openBytes(input: Input, stdin?: Readable): ByteStream {
  const result: ByteStream = { chunks: (async function* () {})(), issues: [], gzip: false, compressedBytes: 0 };
  const reading: FileReading = { reuse: true };
  const onShrunk = (message: string): void => {
    result.issues.push({ path: input.path, kind: 'truncated-while-read', message });
  };
  const raw = input.absolutePath === undefined ? fromReadable(stdin ?? process.stdin) : fromFile(input.absolutePath, reading, onShrunk);

  async function* generate(): AsyncGenerator<Buffer> {
    const it = raw;
    let first: IteratorResult<Buffer>;
    try {
      first = await it.next();
      // The magic is two bytes; a pipe may deliver them in separate chunks.
      while (!first.done && first.value.length < 2) {
        const more = await it.next();
        if (more.done) break;
        first = { done: false, value: Buffer.concat([first.value, more.value]) };
      }
    } catch (error) {
      result.issues.push(unreadable(input, error));
      return;
    }
    if (first.done) return;
    result.compressedBytes += first.value.length;
    const isGzip = first.value.length >= 2 && first.value[0] === 0x1f && first.value[1] === 0x8b;
    result.gzip = isGzip;
    reading.reuse = !isGzip;
    const head = isGzip ? Buffer.from(first.value) : first.value;
    async function* rest(): AsyncGenerator<Buffer> {
      yield head;
      for (;;) {
        const next = await it.next();
        if (next.done) return;
        result.compressedBytes += next.value.length;
        yield next.value;
      }
    }
    let sniffed = false;
    const checkBinary = (chunk: Buffer): boolean => {
      if (sniffed) return false;
      sniffed = true;
      return chunk.subarray(0, BINARY_SNIFF).includes(0);
    };
    try {
      if (!isGzip) {
        const utf16 = utf16Encoding(first.value);
        for await (const chunk of utf16 === undefined ? rest() : decodeUtf16(rest(), utf16)) {
          if (checkBinary(chunk)) {
            result.issues.push({ path: input.path, kind: 'binary', message: BINARY_MESSAGE });
            void raw.return(undefined);
            return;
          }
          yield chunk;
        }
        return;
      }
      const gunzip = createGunzip({ chunkSize: 1024 * 1024 });
      const feed = (async () => {
        try {
          for await (const chunk of rest()) {
            if (!gunzip.write(chunk)) await new Promise((resolve) => gunzip.once('drain', resolve));
          }
          gunzip.end();
        } catch (error) {
          gunzip.destroy(error as Error);
        }
      })();
      for await (const chunk of gunzip as AsyncIterable<Buffer>) {
        if (checkBinary(chunk)) {
          result.issues.push({ path: input.path, kind: 'binary', message: 'binary content inside gzip; skipped' });
          void raw.return(undefined);
          gunzip.destroy();
          return;
        }
        yield chunk;
      }
      await feed;
    } catch (error) {
      const err = error as NodeJS.ErrnoException;
      if (isGzip) {
        const truncated = err.code === 'Z_BUF_ERROR' || /unexpected end/i.test(err.message);
        result.issues.push({
          path: input.path,
          kind: truncated ? 'truncated-gzip' : 'corrupt-gzip',
          message: truncated
            ? 'gzip stream ends early (truncated); lines before the cut were read'
            : `corrupt gzip data (${err.message}); lines before the damage were read`,
        });
      } else {
        result.issues.push(unreadable(input, err));
      }
      void raw.return(undefined);
    }
  }
  result.chunks = generate();
  return result;
}
