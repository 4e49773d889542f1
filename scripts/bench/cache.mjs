// Generated corpora live in bench-data/ and are reused while their stamp (generator, version, seed,
// size) is unchanged. A corpus is built under a .tmp name and renamed when complete, so an
// interrupted generation is never mistaken for a finished one.
import { closeSync, existsSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';

/** Returns the generator's summary, from the stamp when `target` is current, else by running it. */
export async function cached(target, key, generate) {
  const stampPath = `${target}.stamp.json`;
  const keyText = JSON.stringify(key);
  if (existsSync(target) && existsSync(stampPath)) {
    const stamp = JSON.parse(readFileSync(stampPath, 'utf8'));
    if (JSON.stringify(stamp.key) === keyText) return { ...stamp.summary, cached: true };
  }
  const tmp = `${target}.tmp`;
  for (const p of [target, tmp, stampPath]) rmSync(p, { recursive: true, force: true });
  const started = process.hrtime.bigint();
  const summary = await generate(tmp);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  renameSync(tmp, target);
  writeFileSync(stampPath, `${JSON.stringify({ key, summary }, null, 2)}\n`);
  return { ...summary, cached: false, seconds };
}

const FLUSH_CHARS = 4 << 20;

/** Appends strings to a file in ~4 MB writes: constant memory whatever the corpus size. */
export class ChunkWriter {
  constructor(file) {
    this.fd = openSync(file, 'w');
    this.parts = [];
    this.pendingChars = 0;
    this.flushedBytes = 0;
  }

  write(text) {
    this.parts.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars >= FLUSH_CHARS) this.flush();
  }

  /** Bytes written so far; pending text is counted by characters (the corpora are nearly all ASCII). */
  get size() {
    return this.flushedBytes + this.pendingChars;
  }

  flush() {
    if (this.parts.length === 0) return;
    const buf = Buffer.from(this.parts.join(''), 'utf8');
    for (let off = 0; off < buf.length; ) off += writeSync(this.fd, buf, off);
    this.flushedBytes += buf.length;
    this.parts = [];
    this.pendingChars = 0;
  }

  /** Returns the exact byte size of the file. */
  close() {
    this.flush();
    closeSync(this.fd);
    return this.flushedBytes;
  }
}
