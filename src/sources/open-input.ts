// Opens an input for reading: plain or gzip text is one stream; a zip, a tar or a tar inside gzip
// (told by magic bytes, never by name) is one stream per entry, each its own input named
// `<archive>!/<entry name>`, read through the same detection as a file: a gzip'd entry is
// gunzipped, an archive inside an archive is opened in turn. Nothing is written to disk.
import type { Readable } from 'node:stream';
import { type ArchiveEntry, type ArchiveKind, type ArchiveListing, listTar, listZip } from './archive.js';
import { ArchiveBudget, type ArchiveLimits, LIMIT_FLAGS, RATIO_GRACE_BYTES, sizeText, ZIP_IN_MEMORY_MAX } from './archive-limits.js';
import { type ByteStream, type FileReading, rawBytes, skippedStream, type StartedFile, textStream } from './bytes.js';
import { copyingFirst, gunzip, type Inflating, LimitError, peek, type RatioGuard, sniff } from './stream-parts.js';
import type { Input, InputIssue } from './input.js';

/** Between an archive's path and an entry's name: `logs.zip!/build/2_Run deploy.txt`. */
export const ENTRY_SEPARATOR = '!/';

export interface ArchiveReading {
  limits: ArchiveLimits;
  /**
   * The text shown for an entry name: redacted and escaped as any text from an input is (the
   * pipeline knows the tokens). An entry name is attacker-controlled text, never a path to open.
   */
  showName: (name: string) => string;
}

export interface OpenOptions {
  stdin?: Readable;
  /** How to read archives; undefined: an archive is skipped whole with `skipArchive`'s words. */
  archives?: ArchiveReading;
  /** The issue for an archive skipped whole, given what it is (`zip archive`, `tar archive (gzip)`). */
  skipArchive?: (what: string) => string;
  /** The file as readSmallFile began it (its first chunk read, still open): read on from there, and closed. */
  started?: StartedFile;
}

export interface OpenedInput {
  input: Input;
  bytes: ByteStream;
}

export interface InputReading {
  /** One for a plain input; one per file entry of an archive. Read each one's bytes before the next. */
  entries: AsyncGenerator<OpenedInput>;
  /** About archives as a whole (limits, damage): complete once `entries` is done. */
  issues: InputIssue[];
}

interface Level {
  budget: ArchiveBudget;
  /** Archives around this stream: 0 for the input named, 1 inside it, … */
  depth: number;
}

/**
 * An input's text without looking inside archives (an archive is skipped whole with an issue in
 * `archiveMessage`'s words): for streams that are never archives to read, such as staged blobs.
 * Errors never escape: they become issues and the stream ends where the data stopped.
 */
export function openBytes(input: Input, stdin?: Readable, archiveMessage = 'not read here'): ByteStream {
  const result: ByteStream = { chunks: (async function* () {})(), issues: [], gzip: false };
  async function* generate(): AsyncGenerator<Buffer> {
    const skipArchive = (what: string): string => `${what}; ${archiveMessage}`;
    const reading = openInput(input, { ...(stdin ? { stdin } : {}), skipArchive });
    for await (const { bytes } of reading.entries) {
      result.gzip = bytes.gzip;
      try {
        yield* bytes.chunks;
      } finally {
        result.issues.push(...bytes.issues);
      }
    }
    // What the file reader found (a file truncated under it).
    result.issues.push(...reading.issues);
  }
  result.chunks = generate();
  return result;
}

export function openInput(input: Input, options: OpenOptions): InputReading {
  const issues: InputIssue[] = [];
  const reading: FileReading = { reuse: true, onShrunk: (message) => issues.push({ path: input.path, kind: 'truncated-while-read', message }) };
  const archives = options.archives;
  const budget = archives === undefined ? undefined : new ArchiveBudget(archives.limits);
  async function* entries(): AsyncGenerator<OpenedInput> {
    try {
      yield* openStream(input, rawBytes(input, options.stdin, reading, options.started), reading, options, budget === undefined ? undefined : { budget, depth: 0 }, issues);
    } finally {
      if (budget !== undefined) issues.push(...budget.issues());
    }
  }
  return { entries: entries(), issues };
}

async function* openStream(
  input: Input,
  raw: AsyncGenerator<Buffer>,
  reading: FileReading,
  options: OpenOptions,
  level: Level | undefined,
  issues: InputIssue[],
): AsyncGenerator<OpenedInput> {
  const { head, all } = await peek(raw);
  const kind = sniff(head);
  if (kind === 'plain') {
    yield { input, bytes: textStream(input, head, all, false) };
    return;
  }
  if (kind === 'zip' || kind === 'tar') {
    if (level === undefined) {
      void all.return(undefined);
      yield { input, bytes: skippedStream(input, options.skipArchive?.(`${kind} archive`) ?? `${kind} archive; not read`) };
      return;
    }
    if (tooDeep(input, kind, level)) {
      void all.return(undefined);
      return;
    }
    // tar-stream keeps parts of the chunks it is given: no read-pool buffers from here on.
    reading.reuse = false;
    if (kind === 'zip') yield* openZip(input, all, options, level, issues);
    else yield* openArchive(input, 'tar', () => listTar(copyingFirst(all), (n) => level.budget.spend(n)), options, level, issues);
    return;
  }
  // zlib may hold a compressed chunk after it was handed over, unless it inflates on this thread.
  reading.reuse = false;
  const guard: RatioGuard = { maxRatio: level?.budget.limits.maxRatio ?? 0, grace: RATIO_GRACE_BYTES, active: level !== undefined && level.depth > 0 };
  // Text inflates into reused buffers; a tar's chunks are kept by tar-stream, so not for a tar.
  const inflating: Inflating = { reuse: true, onInflateHere: () => (reading.reuse = true) };
  const text = gunzip(copyingFirst(all), guard, inflating);
  const { head: inner, all: rest } = await peek(text);
  if (sniff(inner) === 'tar') inflating.reuse = false;
  if (sniff(inner) !== 'tar') {
    yield { input, bytes: textStream(input, inner, rest, true) };
    return;
  }
  if (level === undefined) {
    void rest.return(undefined);
    yield { input, bytes: skippedStream(input, options.skipArchive?.('tar archive (gzip)') ?? 'tar archive (gzip); not read') };
    return;
  }
  if (tooDeep(input, 'tar', level)) {
    void rest.return(undefined);
    return;
  }
  guard.active = true;
  yield* openArchive(input, 'tar', () => listTar(rest, (n) => level.budget.spend(n)), options, level, issues);
}

/** An archive past the nesting limit is noted and not opened (before a nested zip is read into memory). */
function tooDeep(input: Input, kind: ArchiveKind, level: Level): boolean {
  const max = level.budget.limits.maxDepth;
  if (level.depth < max) return false;
  level.budget.note('depth', 'archive-limit', input.path, `${kind} archive at nesting level ${level.depth + 1}, past the limit of ${max}; not read (${LIMIT_FLAGS.maxDepth} raises the limit)`);
  return true;
}

/** A zip on disk is read in place; one from a pipe or inside an archive is read into memory, up to a bound. */
async function* openZip(input: Input, all: AsyncGenerator<Buffer>, options: OpenOptions, level: Level, issues: InputIssue[]): AsyncGenerator<OpenedInput> {
  if (input.absolutePath !== undefined) {
    void all.return(undefined);
    const path = input.absolutePath;
    yield* openArchive(input, 'zip', () => listZip({ path }), options, level, issues);
    return;
  }
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of all) {
      size += chunk.length;
      if (size > ZIP_IN_MEMORY_MAX) {
        const where = input.path === '-' ? 'from stdin' : 'inside an archive';
        issues.push({ path: input.path, kind: 'archive-limit', message: `zip archive ${where} larger than ${sizeText(ZIP_IN_MEMORY_MAX)}; not read (a zip's index is at its end: save it as a file and name that file)` });
        return;
      }
      parts.push(chunk);
    }
  } catch (error) {
    issues.push({ path: input.path, kind: 'unreadable', message: `cannot read the zip archive: ${firstLine(error)}` });
    return;
  }
  const buffer = Buffer.concat(parts, size);
  yield* openArchive(input, 'zip', () => listZip({ buffer }), options, level, issues);
}

/** Every entry of one archive, each opened as an input of its own; limits checked on the way. */
async function* openArchive(
  input: Input,
  kind: ArchiveKind,
  list: () => ArchiveListing | Promise<ArchiveListing>,
  options: OpenOptions,
  level: Level,
  issues: InputIssue[],
): AsyncGenerator<OpenedInput> {
  const { budget } = level;
  const limits = budget.limits;
  let listing: ArchiveListing;
  try {
    listing = await list();
  } catch (error) {
    issues.push({ path: input.path, kind: 'unreadable', message: `not a readable ${kind} archive: ${firstLine(error)}` });
    return;
  }
  const show = options.archives!.showName;
  let seen = 0;
  const unread = (): void => {
    const left = listing.total === undefined ? undefined : listing.total - seen;
    const what = left === undefined ? 'the rest of the archive was not read' : `${left} more entr${left === 1 ? 'y was' : 'ies were'} not read`;
    if (budget.exhausted) budget.note('size', 'archive-limit', input.path, `size limit of ${sizeText(limits.maxBytes)} read out of the archive reached; ${what} (${LIMIT_FLAGS.maxBytes} raises the limit)`);
    else if (left !== 0) budget.note('entries', 'archive-limit', input.path, `entry limit of ${limits.maxEntries} reached; ${what} (${LIMIT_FLAGS.maxEntries} raises the limit)`);
  };
  try {
    for await (const entry of listing.entries) {
      seen++;
      if (budget.exhausted || budget.entries >= limits.maxEntries) {
        seen--;
        unread();
        return;
      }
      budget.entries++;
      const child: Input = { path: `${input.path}${ENTRY_SEPARATOR}${show(entry.name)}` };
      if (entry.mtime !== undefined && Number.isFinite(entry.mtime)) child.mtime = entry.mtime;
      if (entry.climbsOut) budget.note('name', 'entry-name', child.path, 'entry name is absolute or climbs out with `..`: read in memory as any entry, nothing is extracted');
      const admitted = budget.admit(entry, child.path);
      if (admitted === 'full') {
        seen--;
        unread();
        return;
      }
      if (admitted === 'skip') continue;
      yield* openEntry(child, entry, options, { budget, depth: level.depth + 1 }, issues);
      if (budget.exhausted) {
        unread();
        return;
      }
    }
    // An archive of folders only, or none at all, is never a silent clean.
    if (seen === 0) issues.push({ path: input.path, kind: 'empty', message: `${kind} archive holds no files` });
  } catch (error) {
    if (error instanceof LimitError) budget.note(error.message, 'archive-limit', input.path, error.message.replace('the rest was not read', 'the rest of the archive was not read'));
    else issues.push({ path: input.path, kind: 'corrupt-archive', message: `damaged ${kind} archive (${firstLine(error)}); entries before the damage were read` });
  }
}

async function* openEntry(child: Input, entry: ArchiveEntry, options: OpenOptions, level: Level, issues: InputIssue[]): AsyncGenerator<OpenedInput> {
  const { budget } = level;
  const data = entry.read();
  // The size limit can stop an entry in the middle: the error ends its stream, and the reader
  // says so on the entry's own coverage row.
  async function* counted(): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of data) {
        if (!budget.spend(chunk.length)) throw new LimitError(`size limit of ${sizeText(budget.limits.maxBytes)} read out of the archive reached; the rest of this entry was not read (${LIMIT_FLAGS.maxBytes} raises the limit)`);
        yield chunk;
      }
    } finally {
      void data.return(undefined);
    }
  }
  yield* openStream(child, counted(), { reuse: false }, options, level, issues);
}

const firstLine = (error: unknown): string => (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
