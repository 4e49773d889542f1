// Staged blobs read from the repository's loose objects, without a `git cat-file` process
// (docs/performance.md, Start-up: a process is ~5-8 ms of this one's time to start and ~15 ms of
// CPU, and a pre-commit run pays it on every commit). `git add` writes each staged version as a
// loose object, `.git/objects/<2 hex>/<38 hex>`: zlib over `blob <size>\0<bytes>`
// (gitformat-loose(5)). Anything else — a packed object, one too large to hold, a repository where
// git could answer differently — is left to cat-file, which answers as before.
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { constants, inflateSync } from 'node:zlib';

/** A blob larger than this streams through cat-file: a loose one is held whole while it is read. */
export const LOOSE_MAX_BYTES = 8 * 1024 * 1024;
const CHUNK = 64 * 1024;
const SHA1_ID = /^[0-9a-f]{40}$/;

/**
 * Variables that make git read objects from elsewhere (GIT_OBJECT_DIRECTORY) or answer with
 * another object (replace refs: GIT_REPLACE_REF_BASE, GIT_NO_REPLACE_OBJECTS is the safe default).
 */
const OBJECT_ENV = ['GIT_OBJECT_DIRECTORY', 'GIT_REPLACE_REF_BASE'];

/**
 * The loose object directory of the repository whose work tree is `top`, found by
 * plainWorkTreeTop (a `.git` directory, SHA-1 objects: its config has no extensions), or undefined
 * when git could answer with another object: replace refs (`git replace`) swap an object for
 * another at every read.
 */
export function looseObjectDir(top: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (OBJECT_ENV.some((name) => env[name] !== undefined)) return undefined;
  const dotGit = path.join(top, '.git');
  try {
    if (existsSync(path.join(dotGit, 'refs', 'replace'))) return undefined;
    const packed = path.join(dotGit, 'packed-refs');
    if (existsSync(packed) && readFileSync(packed).includes(' refs/replace/')) return undefined;
  } catch {
    return undefined;
  }
  return path.join(dotGit, 'objects');
}

/**
 * Small loose objects are inflated once, when opened: one read of the file instead of two (a
 * pre-commit run opens each staged blob and the version it replaces; docs/performance.md,
 * Start-up). What is held so, until read, stays under HELD_MAX_BYTES in all: an object kept is at
 * most KEEP_MAX_BYTES, and any other is inflated when first read.
 */
const KEEP_MAX_BYTES = 64 * 1024;
const HELD_MAX_BYTES = 1024 * 1024;
let held = 0;

/**
 * The start of a loose object inflated: its type and size, or undefined when it is not one; with
 * its body when it is a blob, the file was read whole (under 1 KiB) and inflated to its end (its
 * checksum checked), and it is small enough to keep.
 */
function header(file: string): { type: string; size: number; body?: Buffer } | undefined {
  const fd = openSync(file, 'r');
  try {
    // A deflate block with its own code tables opens with up to ~300 bytes of them; a header
    // still not there after 1 KiB leaves the blob to cat-file.
    const start = Buffer.alloc(1024);
    const n = readSync(fd, start, 0, start.length, 0);
    const kept = n < start.length ? keep(start.subarray(0, n)) : undefined;
    if (kept !== undefined) return kept;
    // A sync flush inflates what a prefix holds without asking for the rest.
    const head = inflateSync(start.subarray(0, n), { finishFlush: constants.Z_SYNC_FLUSH });
    const m = HEADER.exec(head.toString('latin1', 0, Math.min(head.length, 32)));
    return m === null ? undefined : { type: m[1]!, size: Number(m[2]) };
  } finally {
    closeSync(fd);
  }
}

const HEADER = /^([a-z]+) (\d+)\0/;

/** A whole loose file's blob, when it inflates to its end, holds what its header says, and can be kept. */
function keep(file: Buffer): { type: string; size: number; body: Buffer } | undefined {
  let object: Buffer;
  try {
    object = inflateSync(file, { maxOutputLength: KEEP_MAX_BYTES + 64 });
  } catch {
    return undefined; // damaged, or larger: the sync flush above reads its header
  }
  const m = HEADER.exec(object.toString('latin1', 0, Math.min(object.length, 32)));
  const size = Number(m?.[2]);
  if (m === null || m[1] !== 'blob' || object.length !== m[0].length + size || size > KEEP_MAX_BYTES || held + size > HELD_MAX_BYTES) return undefined;
  held += size;
  return { type: m[1], size, body: object.subarray(m[0].length) };
}

/**
 * The blob `id` from the loose objects in `dir` as a stream, inflated when it is first read (the
 * scan reads one blob at a time) unless it was small enough to keep from the header's read, or undefined when it is not a loose blob of at most
 * LOOSE_MAX_BYTES: then cat-file reads it. A loose file that turns out corrupt errors the stream
 * (reported unreadable, as cat-file's failure was), never ends it quietly.
 */
export function openLoose(dir: string, id: string): Readable | undefined {
  if (!SHA1_ID.test(id)) return undefined;
  const file = path.join(dir, id.slice(0, 2), id.slice(2));
  let head: { type: string; size: number; body?: Buffer } | undefined;
  try {
    if (statSync(file, { throwIfNoEntry: false })?.isFile() !== true) return undefined;
    head = header(file);
  } catch {
    return undefined;
  }
  if (head === undefined || head.type !== 'blob' || head.size > LOOSE_MAX_BYTES) return undefined;
  const size = head.size;
  let body = head.body;
  // What was held is given back once it is read, or its stream destroyed unread.
  let holding = body === undefined ? 0 : size;
  const release = (): void => {
    held -= holding;
    holding = 0;
  };
  let at = 0;
  return new Readable({
    destroy(error, callback) {
      release();
      callback(error);
    },
    read() {
      try {
        if (body === undefined) {
          const object = inflateSync(readFileSync(file), { maxOutputLength: size + 64 });
          const nul = object.indexOf(0);
          body = object.subarray(nul + 1);
          if (nul < 0 || body.length !== size) throw new Error(`${body.length} bytes, ${size} announced`);
        }
        const next = Math.min(at + CHUNK, body.length);
        if (at >= next) release();
        this.push(at < next ? body.subarray(at, next) : null);
        at = next;
      } catch (error) {
        this.destroy(new Error(`git object ${id.slice(0, 12)}: ${error instanceof Error ? error.message : String(error)}`));
      }
    },
  });
}
