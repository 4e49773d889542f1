// Staged blobs read through one `git cat-file --batch` process (docs/product.md §5, `--staged`):
// a process per blob cost a pre-commit run two `git` start-ups per staged file (the committed and
// the staged version) and one more per file scanned. Blobs are streamed in the order they are
// opened — the order --staged reads them, one at a time — with backpressure, so memory holds a
// chunk, not a blob. Loose blobs (every freshly staged version) are read without git when the
// repository allows it (loose-objects.ts); cat-file then starts only for the others.
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { openLoose } from './loose-objects.js';

interface Request {
  blob: string;
  out: PassThrough;
}

const EMPTY = Buffer.alloc(0);

/**
 * One `git cat-file --batch` in the repository holding `dir`, started at the first `open` of a
 * blob that is not read from `looseDir` (looseObjectDir: undefined when git must read them all).
 */
export class BlobReader {
  private child: ChildProcessByStdio<Writable, Readable, Readable> | undefined;
  private readonly queue: Request[] = [];
  /** Bytes of a header line not yet ended. */
  private head: Buffer = EMPTY;
  /** Body bytes of the current blob still to come; -1 while its header is read. */
  private remaining = -1;
  private stderr = '';
  private closed = false;
  /** Why git ended before it was told to (set by failAll): a blob opened after that fails with it. */
  private failed: string | undefined;

  constructor(
    private readonly dir: string,
    private readonly looseDir?: string,
  ) {}

  /** Starts git now, so that it starts while the caller waits for something else. */
  started(): this {
    this.start();
    return this;
  }

  /**
   * The blob's bytes as a stream. A failed read errors the stream (reported as unreadable),
   * never ends it quietly: an empty stream would pass as a clean file. A reader may stop early
   * (a binary blob): the rest of that blob is skipped.
   */
  open(blob: string): Readable {
    if (this.closed || this.failed !== undefined) {
      // Asked of a process that is gone, a blob would wait for an answer forever: the run would end
      // with the stream never settled, and print nothing (a corrupt object did that).
      const out = new PassThrough();
      const why = this.failed ?? 'reader closed';
      process.nextTick(() => out.destroy(new Error(`git cat-file ${blob.slice(0, 12)}: ${why}`)));
      return out;
    }
    const loose = this.looseDir === undefined ? undefined : openLoose(this.looseDir, blob);
    if (loose !== undefined) {
      loose.on('error', () => undefined);
      return loose;
    }
    const out = new PassThrough();
    this.queue.push({ blob, out });
    // A destroyed stream never drains: let git go on.
    out.on('close', () => this.child?.stdout.resume());
    // A stream may fail before its reader starts (--staged opens a file's two blobs, then reads
    // one after the other): the reader still gets the error (`errored`), and the process is not
    // brought down by an 'error' nobody listened to yet.
    out.on('error', () => undefined);
    this.start().stdin.write(`${blob}\n`);
    return out;
  }

  /** No more blobs: git ends once it has answered what was asked. */
  close(): void {
    this.closed = true;
    this.child?.stdin.end();
  }

  private start(): ChildProcessByStdio<Writable, Readable, Readable> {
    if (this.child !== undefined) return this.child;
    const child = spawn('git', ['cat-file', '--batch'], { cwd: this.dir, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    child.stderr.on('data', (d: Buffer) => (this.stderr += d.toString('utf8')));
    child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    // Errors on stdin (git gone) are reported through 'close' below.
    child.stdin.on('error', () => undefined);
    child.on('error', (error) => this.failAll(error.message));
    child.on('close', (code) => this.failAll(this.stderr.split('\n')[0]?.replace(/^fatal: /, '') || `exit ${code}`));
    return child;
  }

  /** `<id> blob <size>\n<bytes>\n`, or `<id> missing\n`, per request, in order. */
  private receive(chunk: Buffer): void {
    let data = chunk;
    while (data.length > 0) {
      const current = this.queue[0];
      if (current === undefined) return;
      if (this.remaining === -1) {
        const nl = data.indexOf(10);
        if (nl === -1) {
          this.head = Buffer.concat([this.head, data]);
          return;
        }
        const header = Buffer.concat([this.head, data.subarray(0, nl)]).toString('utf8');
        this.head = EMPTY;
        data = data.subarray(nl + 1);
        // `<id> missing` (or `ambiguous`) has no body; another type than a blob has one, skipped.
        const m = /^\S+ (\S+) (\d+)$/.exec(header);
        if (m === null || m[1] !== 'blob') {
          const why = m === null ? header.replace(/^\S+ /, '') || 'no answer' : `a ${m[1]}, not a file`;
          current.out.destroy(new Error(`git cat-file ${current.blob.slice(0, 12)}: ${why}`));
          if (m === null) {
            this.queue.shift();
            continue;
          }
        }
        this.remaining = Number(m[2]);
      }
      const take = Math.min(this.remaining, data.length);
      if (take > 0) {
        if (!current.out.destroyed && !current.out.write(data.subarray(0, take))) {
          this.child!.stdout.pause();
          current.out.once('drain', () => this.child!.stdout.resume());
        }
        this.remaining -= take;
        data = data.subarray(take);
      }
      // The blob's bytes end with a \n of the protocol's own.
      if (this.remaining === 0 && data.length > 0) {
        data = data.subarray(1);
        this.remaining = -1;
        this.queue.shift();
        current.out.end();
      }
    }
  }

  private failAll(why: string): void {
    this.failed ??= why;
    for (const { blob, out } of this.queue.splice(0)) out.destroy(new Error(`git cat-file ${blob.slice(0, 12)}: ${why}`));
  }
}
