// The WebAssembly SIMD half of NeedleSet: one pass over a block finds every position where the
// 3-byte anchor of some needle may start (teddy.wat). Keys share 8 buckets; a bucket accepts a
// byte at position j when both of its nibbles are allowed, so mixing keys in a bucket admits
// false positives, which the caller's verification removes. Keys are bucketed greedily to keep
// the estimated false-positive rate low.
import { TEDDY_WASM_BASE64 } from './teddy-wasm.js';

const TABLE_BYTES = 96;
const PAD = 32;
const MAX_OUT = 65536;
const PAGE = 65536;

// The few WebAssembly calls used here (lib.dom is not loaded, so the global is typed locally).
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: Record<string, unknown> };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

type KernelScan = (ptr: number, len: number, out: number, max: number) => number;

interface Kernel {
  memory: WasmMemory;
  scan: KernelScan;
  windows: KernelScan;
}

let kernel: Kernel | null | undefined;

/** One instance for the process: scans are synchronous, and each NeedleSet loads its own tables. */
function loadKernel(): Kernel | null {
  if (kernel !== undefined) return kernel;
  try {
    const bytes = Buffer.from(TEDDY_WASM_BASE64, 'base64');
    if (!wasm.validate(bytes)) return (kernel = null);
    const instance = new wasm.Instance(new wasm.Module(bytes));
    const exports = instance.exports as unknown as Kernel;
    kernel = { memory: exports.memory, scan: exports.scan, windows: exports.windows };
  } catch {
    // No WebAssembly SIMD here: NeedleSet falls back to Buffer.indexOf.
    kernel = null;
  }
  return kernel;
}

export function teddyAvailable(): boolean {
  return loadKernel() !== null;
}

const keyByte = (key: number, j: number): number => (key >> (16 - 8 * j)) & 255;

export class TeddyTables {
  readonly tables = new Uint8Array(TABLE_BYTES);

  /** `keys` are 3-byte anchors (b0 << 16 | b1 << 8 | b2); `freq` the byte frequencies of the data. */
  constructor(keys: readonly number[], freq: Float64Array) {
    const buckets = Array.from({ length: 8 }, () => ({ lo: [0, 0, 0], hi: [0, 0, 0], used: false }));
    const rate = (lo: number[], hi: number[]): number => {
      let r = 1;
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let b = 0; b < 256; b++) if ((lo[j]! >> (b & 15)) & 1 && (hi[j]! >> (b >> 4)) & 1) s += freq[b]!;
        r *= s;
      }
      return r;
    };
    const keyRate = (key: number): number => freq[keyByte(key, 0)]! * freq[keyByte(key, 1)]! * freq[keyByte(key, 2)]!;
    // Commonest keys first, so the rare ones fill in around them.
    for (const key of [...keys].sort((a, b) => keyRate(b) - keyRate(a))) {
      let best = 0;
      let bestCost = Number.POSITIVE_INFINITY;
      buckets.forEach((bucket, i) => {
        const lo = [...bucket.lo];
        const hi = [...bucket.hi];
        for (let j = 0; j < 3; j++) {
          lo[j]! |= 1 << (keyByte(key, j) & 15);
          hi[j]! |= 1 << (keyByte(key, j) >> 4);
        }
        const cost = rate(lo, hi) - (bucket.used ? rate(bucket.lo, bucket.hi) : 0);
        if (cost < bestCost) {
          bestCost = cost;
          best = i;
        }
      });
      const bucket = buckets[best]!;
      bucket.used = true;
      for (let j = 0; j < 3; j++) {
        const b = keyByte(key, j);
        bucket.lo[j]! |= 1 << (b & 15);
        bucket.hi[j]! |= 1 << (b >> 4);
        this.tables[32 * j + (b & 15)]! |= 1 << best;
        this.tables[32 * j + 16 + (b >> 4)]! |= 1 << best;
      }
    }
  }

  /** Calls `onCandidate` with every candidate anchor position in `buf`, ascending. */
  forEachCandidate(buf: Buffer, onCandidate: (position: number) => void): void {
    const k = loadBlock(buf);
    new Uint8Array(k.memory.buffer).set(this.tables, 0);
    drain(k, k.scan, buf.length, onCandidate);
  }
}

// Token characters [A-Za-z0-9+/=_-] as a union of nibble rectangles, one bit each (exact):
// `+ - /`, digits and `=`, A-O a-o, P-Z p-z, `_`.
const CLASS_TABLES = (() => {
  const t = new Uint8Array(32);
  const add = (bit: number, his: number[], los: number[]): void => {
    for (const h of his) t[16 + h]! |= 1 << bit;
    for (const l of los) t[l]! |= 1 << bit;
  };
  const range = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, i) => a + i);
  add(0, [2], [0xb, 0xd, 0xf]);
  add(1, [3], [...range(0, 9), 0xd]);
  add(2, [4, 6], range(1, 15));
  add(3, [5, 7], range(0, 10));
  add(4, [5], [15]);
  return t;
})();

const TOKEN_CHAR = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=_-') TOKEN_CHAR[c.charCodeAt(0)] = 1;

/**
 * Calls `onWindow` with the offset of every 16-aligned, 16-byte window of `buf` made only of
 * token characters, ascending. A token of 31+ characters always contains one, so a line without
 * a window cannot hold a token-shaped string (43+ base64url or 48+ hex characters).
 */
export function forEachTokenWindow(buf: Buffer, onWindow: (offset: number) => void): void {
  const k = loadKernel();
  if (k === null) {
    for (let w = 0; w + 16 <= buf.length; w += 16) {
      let all = true;
      for (let i = w; i < w + 16 && all; i++) all = TOKEN_CHAR[buf[i]!] === 1;
      if (all) onWindow(w);
    }
    return;
  }
  loadBlock(buf);
  new Uint8Array(k.memory.buffer).set(CLASS_TABLES, TABLE_BYTES);
  drain(k, k.windows, buf.length, onWindow);
}

const DATA = TABLE_BYTES + PAD;
let loaded: Buffer | undefined;

/** Copies `buf` into the kernel's memory once (both kernels read the same block) with zero padding. */
function loadBlock(buf: Buffer): Kernel {
  const k = loadKernel();
  if (k === null) throw new Error('teddy kernel unavailable');
  if (loaded === buf) return k;
  const needed = outOffset(buf.length) + 4 * MAX_OUT;
  if (k.memory.buffer.byteLength < needed) k.memory.grow(Math.ceil((needed - k.memory.buffer.byteLength) / PAGE));
  const memory = new Uint8Array(k.memory.buffer);
  memory.set(buf, DATA);
  memory.fill(0, DATA + buf.length, DATA + buf.length + PAD);
  loaded = buf;
  return k;
}

const outOffset = (length: number): number => (DATA + length + PAD + 3) & ~3;

/** Runs a kernel over the loaded block, resuming after MAX_OUT results until it is done. */
function drain(k: Kernel, run: KernelScan, length: number, onHit: (position: number) => void): void {
  const out = outOffset(length);
  const positions = new Int32Array(k.memory.buffer, out, MAX_OUT);
  let from = 0;
  for (;;) {
    // Resume at a 16-aligned offset (the window kernel needs it; a candidate scan just rescans a few bytes).
    const n = run(DATA + from, length - from, out, MAX_OUT);
    for (let i = 0; i < n; i++) if (positions[i]! + from >= 0) onHit(positions[i]! + from);
    if (n < MAX_OUT) return;
    from = (from + positions[n - 1]! + 16) & ~15;
  }
}
