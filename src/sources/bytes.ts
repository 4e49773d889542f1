// Opens an input as a stream of bytes: gzip recognised by its magic bytes (1f 8b), not by name;
// multi-member gzip is read to the end; a truncated or corrupt gzip keeps what was read; text
// with a UTF-16 BOM is decoded to UTF-8 (utf16.ts). Archives are recognised here too, and read
// entry by entry by open-input.ts (or skipped whole by openBytes).
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { Readable } from 'node:stream';
import type { Input, InputIssue } from './input.js';
import { READ_CHUNK, readBuffer } from './read-pool.js';
import { gzipIssue, LimitError, sniff } from './stream-parts.js';
import { decodeUtf16, utf16Encoding } from './utf16.js';

const BINARY_SNIFF = 8192;
/** readSmallFile's first read (a multiple of BINARY_SNIFF, less than READ_CHUNK). */
const FIRST_READ = 65536;
const BINARY_MESSAGE = 'binary file (NUL bytes in the first 8 KiB); skipped';
/** Room for the byte a read past a small file's end must not find. */
const END_PROBE = Buffer.alloc(1);

export interface ByteStream {
  chunks: AsyncIterable<Buffer>;
  /** Set once the stream has been read: gzip damage, binary content, read errors. */
  issues: InputIssue[];
  gzip: boolean;
}

async function* fromReadable(stream: Readable): AsyncGenerator<Buffer> {
  for await (const chunk of stream) yield chunk as Buffer;
}

export interface FileReading {
  /**
   * Off for gzip input once its magic is seen, when zlib may still hold a chunk after it was
   * handed over (its first chunk is copied before it is); on again when it inflates on this thread
   * (stream-parts.ts inflateHere). On for the first read, so that a small file is read into a pool
   * buffer: a fresh buffer per file cost page faults, ~30 µs per file.
   */
  reuse: boolean;
  /** Told when the file is found shorter at its end than what was read (truncated under the reader). */
  onShrunk?: (message: string) => void;
}

/**
 * Bytes read from files on disk so far, in this process: before any decompression, so a progress
 * line can say how much of the inputs' size on disk is done (gzip: compressed bytes read of the
 * compressed size). Inputs are read one at a time, so one counter serves them all.
 */
let diskBytes = 0;
export const diskBytesRead = (): number => diskBytes;

/**
 * Files are read with readSync: from the page cache a 1 MiB read takes ~0.1 ms, and doing it on
 * the main thread saves a threadpool round trip and a promise per chunk (the audit reads at GB/s).
 * A file is read into the read pool (read-pool.ts), where the SIMD pass searches it in place.
 * `started`: a file readSmallFile opened and read the first chunk of: that chunk comes first, and
 * the reads go on from the same descriptor, in the chunks a fresh read would make.
 */
async function* fromFile(path: string, reading: FileReading, started?: StartedFile): AsyncGenerator<Buffer> {
  const fd = started?.fd ?? openSync(path, 'r');
  let position = 0;
  try {
    const info = fstatSync(fd);
    // A FIFO, a character device or a /proc file says size 0 whatever it holds: read in full
    // chunks (sized from 0, each read took one byte: a 90 s scan of a 5 s file).
    let sized = info.isFile() && info.size > 0;
    // Sized from fstat so a 2 KB source file does not cost a 1 MiB allocation (a scan reads
    // thousands); +1 so that a file still growing is read on to its real end.
    let expected = info.size;
    let first = started?.first;
    for (;;) {
      const size = sized ? Math.max(1, Math.min(READ_CHUNK, expected + 1)) : READ_CHUNK;
      let buf: Buffer;
      let n: number;
      if (first !== undefined) {
        // Read as a fresh read of READ_CHUNK would have (a file readSmallFile hands over holds more).
        buf = first;
        n = first.length;
        first = undefined;
      } else {
        // A pipe's reads are short (64 KiB), so far more of them than the pool holds can be alive at
        // once (a sample, a carried line): a pipe gets fresh buffers.
        buf = reading.reuse && info.isFile() ? readBuffer().subarray(0, size) : Buffer.allocUnsafe(size);
        n = readSync(fd, buf, 0, size, null);
      }
      if (n === 0) {
        // A file cut short under the reader (logrotate copytruncate: copied, then truncated to 0)
        // ends early: what was not read yet is in the rotated copy, not in this input.
        const now = info.isFile() ? fstatSync(fd).size : position;
        if (now < position) reading.onShrunk?.(`the file shrank to ${now} bytes while it was read (${position} bytes read; truncated, as by logrotate copytruncate): what followed is not in this input`);
        return;
      }
      position += n;
      diskBytes += n;
      // More than fstat said: the file grows, read on in full chunks.
      if (n > expected) sized = false;
      expected = Math.max(0, expected - n);
      yield n === buf.length ? buf : buf.subarray(0, n);
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
 * A plain file readSmallFile found larger than one read chunk: the chunk it read (a pool buffer of
 * READ_CHUNK bytes) and the descriptor, open after it, for the stream reader to go on from
 * (OpenOptions.started), which closes it. Its first MiB was read twice before (~0.2–0.5 ms a file).
 */
export interface StartedFile {
  fd: number;
  first: Buffer;
}

/**
 * A plain file that fits one read chunk, read synchronously in one call: what openBytes would
 * yield for it, without a chain of async generators per file (a scan reads thousands of small
 * files). Undefined for anything openBytes or openInput must handle: stdin, a FIFO, gzip, an archive,
 * UTF-16, or one that grew while read; a StartedFile for a larger plain file (the stream reader
 * goes on with it). The buffer is a pool buffer, valid until six more reads.
 */
export function readSmallFile(input: Input): SmallFile | StartedFile | undefined {
  // A pipe would lose what the probe read: the stream reader opens it again.
  if (input.absolutePath === undefined || input.pipe === true) return undefined;
  let fd: number;
  try {
    fd = openSync(input.absolutePath, 'r');
  } catch (error) {
    return { buf: Buffer.alloc(0), issues: [unreadable(input, error)] };
  }
  let handedOver = false;
  try {
    // One read of up to FIRST_READ first (most text files end within it; one read instead of two
    // for those of 8–64 KiB), and its head tested once: an archive, UTF-16 or a NUL byte in the
    // first BINARY_SNIFF bytes (sniff reads 512 at most) leaves the file to the stream path or
    // skips it, so a binary costs at most 64 KiB read. Then the rest up to a full chunk, and no
    // fstat (and no Stats object) per file.
    const buf = readBuffer();
    let n = readSync(fd, buf, 0, FIRST_READ, null);
    const head = buf.subarray(0, Math.min(n, BINARY_SNIFF));
    if (sniff(head) !== 'plain' || utf16Encoding(head) !== undefined) return undefined;
    if (head.includes(0)) return binary(input);
    if (n === FIRST_READ) n += readSync(fd, buf, n, READ_CHUNK - n, null);
    // A full chunk of plain text: the stream reader goes on from here.
    if (n === READ_CHUNK) {
      handedOver = true;
      return { fd, first: buf };
    }
    // Short: the end, where short reads end files (Input.shortReadEnds); elsewhere one more read
    // must find it (a /proc file is read a page at a time), and a file that grew goes to the stream.
    if (input.shortReadEnds !== true && readSync(fd, END_PROBE, 0, 1, null) !== 0) return undefined;
    return { buf: buf.subarray(0, n), issues: [] };
  } catch (error) {
    return { buf: Buffer.alloc(0), issues: [unreadable(input, error)] };
  } finally {
    if (!handedOver) closeSync(fd);
  }
}

const binary = (input: Input): SmallFile => ({ buf: Buffer.alloc(0), issues: [{ path: input.path, kind: 'binary', message: BINARY_MESSAGE }] });

/** The input's raw bytes: the file (through the read pool, from `started` when readSmallFile began it) or stdin. */
export function rawBytes(input: Input, stdin: Readable | undefined, reading: FileReading, started?: StartedFile): AsyncGenerator<Buffer> {
  return input.absolutePath === undefined ? fromReadable(stdin ?? process.stdin) : fromFile(input.absolutePath, reading, started);
}

const emptyStream = (): ByteStream => ({ chunks: (async function* () {})(), issues: [], gzip: false });

/**
 * The text of a plain or gzip input whose head was peeked (`all` replays it): UTF-16 decoded,
 * binary content skipped with an issue, gzip damage kept as an issue after the lines before it.
 */
export function textStream(input: Input, head: Buffer, all: AsyncGenerator<Buffer>, gzip: boolean): ByteStream {
  const result = emptyStream();
  result.gzip = gzip;
  async function* generate(): AsyncGenerator<Buffer> {
    let sniffed = false;
    try {
      const utf16 = gzip ? undefined : utf16Encoding(head);
      for await (const chunk of utf16 === undefined ? all : decodeUtf16(all, utf16)) {
        if (!sniffed) {
          sniffed = true;
          if (chunk.subarray(0, BINARY_SNIFF).includes(0)) {
            result.issues.push({ path: input.path, kind: 'binary', message: gzip ? 'binary content inside gzip; skipped' : BINARY_MESSAGE });
            return;
          }
        }
        yield chunk;
      }
    } catch (error) {
      if (error instanceof LimitError) result.issues.push({ path: input.path, kind: 'archive-limit', message: error.message });
      else result.issues.push(gzip ? gzipIssue(input, error) : unreadable(input, error));
    } finally {
      void all.return(undefined);
    }
  }
  result.chunks = generate();
  return result;
}

/** An archive left unread on purpose: no bytes, one issue. */
export function skippedStream(input: Input, message: string): ByteStream {
  const result = emptyStream();
  result.issues.push({ path: input.path, kind: 'skipped-archive', message });
  return result;
}
