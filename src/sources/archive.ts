// Zip and tar archives, entry by entry, behind one module: yauzl reads zip (its index, the central
// directory, is at the end of the file, so it needs random access: a path, or a buffer), tar-stream
// reads tar as a stream (headers and data in order, so a .tar.gz never touches the disk). Both are
// loaded when the first archive is met. Entry names are only ever returned as text: nothing here
// (or anywhere in clawprint) creates a file from an archive.
import { createRequire } from 'node:module';
import { closeSync, openSync, readSync } from 'node:fs';
import { createInflateRaw } from 'node:zlib';
import type * as TarStream from 'tar-stream';
import type * as Yauzl from 'yauzl';

const require = createRequire(import.meta.url);
let yauzlModule: typeof Yauzl | undefined;
let tarModule: typeof TarStream | undefined;
const yauzl = (): typeof Yauzl => (yauzlModule ??= require('yauzl') as typeof Yauzl);
const tarStream = (): typeof TarStream => (tarModule ??= require('tar-stream') as typeof TarStream);

export type ArchiveKind = 'zip' | 'tar';

/** One member of an archive, read in archive order; `read()` at most once, before the next entry. */
export interface ArchiveEntry {
  /** The name as written (zip: UTF-8 or CP437 by its flag; `\` turned into `/`). Never a path to open. */
  name: string;
  /** Absolute, or with a `..` segment: an archive made to write outside the folder it is extracted to. */
  climbsOut: boolean;
  mtime?: number;
  /** zip only: sizes from the central directory (the data read is checked against them). */
  declared?: { compressed: number; uncompressed: number };
  /** Why the data cannot be read (encrypted, an unsupported compression method); else undefined. */
  unreadable?: string;
  /** The entry's bytes, decompressed. Stopping early (return()) skips the rest of the entry. */
  read(): AsyncGenerator<Buffer>;
}

export interface ArchiveListing {
  /** zip: every entry, known from the central directory up front; tar: unknown until read. */
  total?: number;
  entries: AsyncGenerator<ArchiveEntry>;
}

/** Zip starts with a local file header (`PK\3\4`), or is an empty archive (`PK\5\6`). */
export function isZip(head: Buffer): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6));
}

/** A POSIX or GNU tar header: `ustar` at offset 257 and a header checksum that adds up. */
export function isTar(head: Buffer): boolean {
  if (head.length < 512 || head.toString('latin1', 257, 262) !== 'ustar') return false;
  const written = parseInt(head.toString('latin1', 148, 156).replace(/[\0 ]+$/, '').trim(), 8);
  let sum = 8 * 0x20; // the checksum field itself counts as spaces
  for (let i = 0; i < 512; i++) if (i < 148 || i >= 156) sum += head[i]!;
  return sum === written;
}

const ZIP_OPTIONS: Yauzl.Options = { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true };

type ZipSource = { fd: number } | { buffer: Buffer };

/** A zip's entries from a file on disk (`path`) or from memory. Throws when it is no readable zip. */
export async function listZip(from: { path: string } | { buffer: Buffer }): Promise<ArchiveListing> {
  const source: ZipSource = 'path' in from ? { fd: openSync(from.path, 'r') } : from;
  try {
    const zip = await new Promise<Yauzl.ZipFile>((resolve, reject) => {
      const done = (error: Error | null, file: Yauzl.ZipFile): void => (error ? reject(error) : resolve(file));
      // yauzl reads the central directory through the handle; entry data is read here (readZipEntry).
      if ('fd' in source) yauzl().fromFd(source.fd, ZIP_OPTIONS, done);
      else yauzl().fromBuffer(source.buffer, ZIP_OPTIONS, done);
    });
    return { total: zip.entryCount, entries: zipEntries(zip, source) };
  } catch (error) {
    if ('fd' in source) closeSync(source.fd);
    throw error;
  }
}

async function* zipEntries(zip: Yauzl.ZipFile, source: ZipSource): AsyncGenerator<ArchiveEntry> {
  let failure: Error | undefined;
  zip.on('error', (error: Error) => (failure = error));
  const nextEntry = (): Promise<Yauzl.Entry | undefined> =>
    new Promise((resolve, reject) => {
      if (failure !== undefined) return reject(failure);
      const cleanup = (): void => {
        zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
      };
      const onEntry = (e: Yauzl.Entry): void => (cleanup(), resolve(e));
      const onEnd = (): void => (cleanup(), resolve(undefined));
      const onError = (error: Error): void => (cleanup(), reject(error));
      zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
      zip.readEntry();
    });
  try {
    for (let e = await nextEntry(); e !== undefined; e = await nextEntry()) {
      const entry = e;
      // Names are decoded here rather than by yauzl, which refuses a whole archive for one entry
      // named `../x`; clawprint reads such an entry (it writes nothing) and says so.
      const name = yauzl().getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
      if (name.endsWith('/')) continue; // a directory: no data
      const out: ArchiveEntry = {
        name,
        climbsOut: yauzl().validateFileName(name) !== null,
        mtime: entry.getLastModDate().getTime(),
        declared: { compressed: entry.compressedSize, uncompressed: entry.uncompressedSize },
        read: () => readZipEntry(zip, entry, source),
      };
      if (entry.isEncrypted()) out.unreadable = 'encrypted';
      else if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) out.unreadable = `compression method ${entry.compressionMethod} (only stored and deflate are read)`;
      yield out;
    }
  } finally {
    zip.close(); // closes the file too: yauzl owns the handle once fromFd has succeeded
  }
}

/** Compressed bytes are read in blocks of this size (a plain file is read in the same blocks). */
const READ_BLOCK = 1 << 20;

/**
 * The entry's data, read and inflated here rather than through yauzl's stream: that one reads 16
 * KiB at a time through the thread pool and hands out 16 KiB chunks through four stream hops, and
 * a zip audit took half as much CPU time again as the same files as .tar.gz. yauzl still locates the data
 * (its local header); the sizes are checked against the central directory as yauzl would, so an
 * entry cannot inflate past its declared ratio.
 */
async function* readZipEntry(zip: Yauzl.ZipFile, entry: Yauzl.Entry, source: ZipSource): AsyncGenerator<Buffer> {
  const header = await new Promise<{ fileDataStart: number }>((resolve, reject) => zip.readLocalFileHeader(entry, { minimal: true }, (error, h) => (error ? reject(error) : resolve(h))));
  const start = header.fileDataStart;
  const end = start + entry.compressedSize;
  const compressed = 'buffer' in source ? bufferRange(source.buffer, start, end) : fileRange(source.fd, start, end);
  let size = 0;
  for await (const chunk of entry.compressionMethod === 8 ? inflateRaw(compressed) : compressed) {
    size += chunk.length;
    if (size > entry.uncompressedSize) throw new Error(`entry data longer than the ${entry.uncompressedSize} bytes its header declares`);
    yield chunk;
  }
  if (size !== entry.uncompressedSize) throw new Error(`entry data ends at ${size} of the ${entry.uncompressedSize} bytes its header declares`);
}

async function* bufferRange(buffer: Buffer, start: number, end: number): AsyncGenerator<Buffer> {
  if (end > buffer.length) throw new Error('entry data runs past the end of the archive');
  for (let at = start; at < end; at += READ_BLOCK) yield buffer.subarray(at, Math.min(end, at + READ_BLOCK));
}

/** Synchronous positional reads, as plain files are read (bytes.ts): no thread-pool round trip per block. */
async function* fileRange(fd: number, start: number, end: number): AsyncGenerator<Buffer> {
  for (let at = start; at < end; ) {
    const buf = Buffer.allocUnsafe(Math.min(READ_BLOCK, end - at));
    const n = readSync(fd, buf, 0, buf.length, at);
    if (n === 0) throw new Error('entry data runs past the end of the archive');
    at += n;
    yield n === buf.length ? buf : buf.subarray(0, n);
  }
}

async function* inflateRaw(compressed: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const stream = createInflateRaw({ chunkSize: READ_BLOCK });
  const feed = (async () => {
    try {
      for await (const chunk of compressed) {
        if (!stream.write(chunk)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
      }
      stream.end();
    } catch (error) {
      stream.destroy(error as Error);
    }
  })();
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) yield chunk;
    await feed;
  } finally {
    stream.destroy();
  }
}

/**
 * A tar's entries from its byte stream (already gunzipped). A damaged stream throws from `entries`.
 * Data a reader leaves is read past (tar is one stream); `onSkipped` is told each such chunk's size
 * and stops the listing by returning false (the size bound counts skipped bytes too).
 */
export function listTar(chunks: AsyncIterable<Buffer>, onSkipped: (bytes: number) => boolean): ArchiveListing {
  const extract = tarStream().extract();
  // Fed by hand, with backpressure: the source is an async generator, not a Node stream.
  const feed = (async () => {
    try {
      for await (const chunk of chunks) {
        if (!extract.write(chunk)) await new Promise<void>((resolve) => extract.once('drain', () => resolve()));
      }
      extract.end(() => {});
    } catch (error) {
      extract.destroy(error as Error);
    }
  })();
  async function* entries(): AsyncGenerator<ArchiveEntry> {
    try {
      for await (const entry of extract) {
        const h = entry.header;
        // Pulled by hand and never returned early: ending an entry's stream destroys the whole
        // extract (tar-stream's Source._predestroy), so what a reader leaves is read past below.
        const data = entry[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
        let finished = false;
        const read = async function* (): AsyncGenerator<Buffer> {
          for (let n = await data.next(); !n.done; n = await data.next()) yield n.value;
          finished = true;
        };
        if (h.type === 'file' || h.type === 'contiguous-file') {
          const out: ArchiveEntry = { name: h.name, climbsOut: h.name.startsWith('/') || h.name.split('/').includes('..'), read };
          if (h.mtime !== undefined) out.mtime = h.mtime.getTime();
          yield out;
        }
        if (!finished) for (let n = await data.next(); !n.done; n = await data.next()) if (!onSkipped(n.value.length)) return;
      }
    } finally {
      extract.destroy();
      await feed;
    }
  }
  return { entries: entries() };
}
