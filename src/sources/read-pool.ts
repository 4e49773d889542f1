// The buffers files are read into (bytes.ts) and gzip is inflated into (stream-parts.ts): reused
// round-robin, and made inside the SIMD kernel's memory when there is one (prefilter/
// teddy-kernel.ts), so that the prefilter searches a block where it was read instead of copying
// every block into the kernel first (docs/performance.md, "The audit").
import { residentBuffers } from '../prefilter/teddy-kernel.js';

/** The size of a file read and of an inflated chunk. */
export const READ_CHUNK = 1 << 20;

/**
 * Full-size buffers are reused: a fresh 1 MiB buffer per read is garbage that V8 collects only once
 * external memory has grown by tens of MB, which showed as ~40 MB of peak RSS (and page faults on
 * new memory: a fresh buffer per inflated chunk cost ~40% more CPU). A chunk must stay valid while
 * anything downstream holds it: the current block, the audit's last two blocks (coverage), and a
 * line carried over at most two chunks (readBlocks cuts it at 1 MiB) — fewer than POOL_SIZE.
 * Inputs are read one at a time, never concurrently; reads and inflated output have a pool each.
 */
const POOL_SIZE = 6;

let buffers: Array<Buffer | undefined> | undefined;
/** The next buffer of each pool: reads, then inflated output. */
const next: [number, number] = [0, 0];

function take(pool: 0 | 1): Buffer {
  buffers ??= residentBuffers(2 * POOL_SIZE, READ_CHUNK) ?? new Array<Buffer | undefined>(2 * POOL_SIZE);
  const i = pool * POOL_SIZE + (next[pool]++ % POOL_SIZE);
  // Without the kernel (no WebAssembly SIMD), ordinary buffers, made when first used.
  return (buffers[i] ??= Buffer.allocUnsafe(READ_CHUNK));
}

/** A READ_CHUNK buffer for a file read: valid until POOL_SIZE more are taken. */
export const readBuffer = (): Buffer => take(0);

/** A READ_CHUNK buffer for inflated gzip output: valid until POOL_SIZE more are taken. */
export const inflateBuffer = (): Buffer => take(1);
