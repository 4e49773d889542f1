// The WebAssembly half of the SIMD pass (teddy.wat): the compiled kernel, its instances, and the
// read buffers that live in a kernel's memory, so that a block read or inflated into one is
// searched where it lies instead of being copied into the kernel first (docs/performance.md).
import { setFlagsFromString } from 'node:v8';
import { TEDDY_RELAXED_WASM_BASE64, TEDDY_WASM_BASE64 } from './teddy-wasm.js';

// Memory layout: teddy.wat's header.
export const TABLE_BYTES = 96;
export const NEWLINES_AT = 144;
export const COUNTED_AT = 148;
/** 1 when the kernel's last block had long lines, or CRLF lines of a shape (it then stops at every newline), else 0. */
export const SPARSE_AT = 152;
export const BUCKETS_AT = 160;
export const RECORDS_AT = 224;
// Room for ~30 exposed tokens (each brings about ten needles and 330 bytes) beside the rules'
// ~170 needles: the tables are copied into kernel memory only when another set's replace them.
export const MAX_RECORDS = 1024;
export const NEEDLE_BYTES_AT = RECORDS_AT + 16 * MAX_RECORDS;
export const NEEDLE_BYTES_END = 32768;
/** Where a copied block goes: after the tables, with bytes before it the kernel may read. */
export const DATA = NEEDLE_BYTES_END + 16;
/** The kernel reads up to 48 bytes past a block's end (what is there never counts). */
export const PAD = 64;
/**
 * Room after the arena's output area for a module that reads the arena's blocks in place with the
 * kernel's results (gateway-bytes.wat: its key and intern tables and a batch of records). Pages
 * are touched only when used.
 */
export const SPARE_BYTES = 630784;
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
const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

type KernelLines = (ptr: number, len: number, out: number, first: number, last: number, minRun: number, count: number) => number;

/** Tuning's counts over a sample (teddy.wat; sample-counts.ts). */
export interface TuningExports {
  byteCounts(ptr: number, len: number, out: number): void;
  seedTrigrams(table: number, bits: number, keys: number, n: number): void;
  countTrigrams(ptr: number, len: number, table: number, bits: number, sets: number, list: number): number;
  bucketCosts(sets: number, freq: number, list: number, n: number, tables: number, out: number): void;
}

export interface Kernel {
  memory: WasmMemory;
  lines: KernelLines;
  tuning: TuningExports;
}

/** Which build of the kernel runs: relaxed swizzles where the engine has them. */
export type KernelBuild = 'relaxed' | 'plain';

let compiled: { module: object; build: KernelBuild } | null | undefined;

/**
 * `(module (func (param v128 v128) (result v128) local.get 0 local.get 1 i8x16.relaxed_swizzle))`,
 * as wabt assembles it: valid where the kernel's relaxed build is (test/prefilter/teddy-kernel.test.ts).
 */
export const RELAXED_PROBE = Uint8Array.from([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x07, 0x01, 0x60, 0x02, 0x7b, 0x7b, 0x01, 0x7b, 0x03, 0x02, 0x01, 0x00, 0x0a, 0x0b, 0x01, 0x09, 0x00, 0x20, 0x00,
  0x20, 0x01, 0xfd, 0x80, 0x02, 0x0b,
]);

/**
 * The kernel's module, compiled once. The relaxed build runs the search ~30% faster (a nibble
 * lookup is one pshufb instead of two instructions). Node 22 (V8 11.4+) has relaxed SIMD; Node 20
 * (V8 11.3) has it complete behind a flag, which is set here, before the only module compiled.
 */
export function kernelModule(): { module: object; build: KernelBuild } | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  try {
    if (wasm === undefined) return null;
    // V8 compiles a function with Liftoff and, once it has run about this many bytes of code,
    // again with TurboFan on a worker thread, which shares the one core an audit is often given.
    // At V8's 1.8 MB the tuning counts (teddy-tuning.wat), each run once over a 64 KiB sample,
    // were compiled twice on every run's start: 2-3 ms of wall time each against 0.4 in Liftoff
    // alone. Ten times that still optimizes the search within the first few MB it reads
    // (issue 8, docs/performance.md). Read when an instance is made.
    setFlagsFromString('--wasm-tiering-budget=18000000');
    // Whether the engine takes relaxed SIMD without the flag is asked of a 34-byte module, not of
    // the kernel: a compile that fails makes a CompileError, ~1 ms of every audit's start on Node 20
    // (issue 8, docs/performance.md, Start-up). The kernel is compiled without a validate() first:
    // compiling validates, and a module that does not validate throws.
    if (!wasm.validate(RELAXED_PROBE)) setFlagsFromString('--experimental-wasm-relaxed-simd');
    let module = compileOrUndefined(Buffer.from(TEDDY_RELAXED_WASM_BASE64, 'base64'));
    if (module !== undefined) return (compiled = { module, build: 'relaxed' });
    module = compileOrUndefined(Buffer.from(TEDDY_WASM_BASE64, 'base64'));
    if (module !== undefined) compiled = { module, build: 'plain' };
  } catch {
    // No WebAssembly SIMD here: NeedleSet falls back to Buffer.indexOf.
    compiled = null;
  }
  return compiled;
}

function compileOrUndefined(bytes: Uint8Array): object | undefined {
  try {
    return new wasm!.Module(bytes);
  } catch {
    return undefined; // a CompileError: not valid here (relaxed SIMD without the flag, no SIMD)
  }
}

/** A fresh instance of the kernel, with its own memory of `bytes` at least. */
export function instantiate(module: object, bytes = 0): Kernel {
  const exports = new wasm!.Instance(module).exports as unknown as Kernel & TuningExports;
  const { byteCounts, seedTrigrams, countTrigrams, bucketCosts } = exports;
  const kernel = { memory: exports.memory, lines: exports.lines, tuning: { byteCounts, seedTrigrams, countTrigrams, bucketCosts } };
  ensureBytes(kernel, bytes);
  return kernel;
}

/** Grows `kernel`'s memory to `bytes`: every view of its old buffer is detached (empty) after. */
function ensureBytes(kernel: Kernel, bytes: number): void {
  const have = kernel.memory.buffer.byteLength;
  if (have < bytes) kernel.memory.grow(Math.ceil((bytes - have) / PAGE));
}

/**
 * Buffers inside one kernel instance's memory, which never grows once they exist (growing would
 * detach them): each buffer has PAD bytes after it and the output area comes last, room for one
 * result pair per two bytes of a block (a reported line holds a byte and its newline).
 */
export interface Arena {
  kernel: Kernel;
  buffers: Buffer[];
  /** The output area's offset. */
  out: number;
  /** SPARE_BYTES from here, 16-aligned, belong to the block reader (gateway-bytes-wasm.ts). */
  spare: number;
}

/**
 * The last block the kernel searched in the arena (teddy.ts), where its result pairs are and how
 * many: the gateway-jsonl byte reader reads the reported lines from there in batches.
 * `serial` counts the arena's passes. `buf` is undefined after a pass outside the arena.
 */
export const lastPass: { buf: Buffer | undefined; out: number; n: number; serial: number } = { buf: undefined, out: 0, n: 0, serial: 0 };

let arena: Arena | null | undefined;

/**
 * `count` buffers of `bytes` in kernel memory, made once for the process (readers take them from
 * sources/read-pool.ts); undefined without the kernel, where readers use ordinary buffers.
 */
export function residentBuffers(count: number, bytes: number): Buffer[] | undefined {
  if (arena === undefined) {
    arena = null;
    const compiledKernel = kernelModule();
    if (compiledKernel !== null) {
      try {
        const stride = bytes + PAD;
        const out = DATA + count * stride;
        const spare = (out + 8 * (Math.ceil(bytes / 2) + 1) + 15) & ~15;
        const kernel = instantiate(compiledKernel.module, spare + SPARE_BYTES);
        const buffers = Array.from({ length: count }, (_, i) => Buffer.from(kernel.memory.buffer, DATA + i * stride, bytes));
        arena = { kernel, buffers, out, spare };
      } catch {
        // No room for the memory (an address-space limit): readers use ordinary buffers.
        arena = null;
      }
    }
  }
  if (arena === null) return undefined;
  if (arena.buffers.length !== count || arena.buffers[0]!.length !== bytes) throw new Error('resident buffers asked twice with another shape');
  return arena.buffers;
}

/** The arena when `buf` lies in its memory: the kernel searches it in place. */
export function arenaHolding(buf: Buffer): Arena | undefined {
  return arena !== undefined && arena !== null && buf.buffer === arena.kernel.memory.buffer ? arena : undefined;
}

let copyKernel: Kernel | null | undefined;
/** The block the copy instance holds at DATA: several needle sets may search one block, and it is copied once. */
let copied: Buffer | undefined;

/** The instance blocks are copied into (any buffer not read into the arena), and tuning counts in. */
export function copyInstance(): Kernel | null {
  if (copyKernel !== undefined) return copyKernel;
  const compiledKernel = kernelModule();
  try {
    copyKernel = compiledKernel === null ? null : instantiate(compiledKernel.module);
  } catch {
    copyKernel = null;
  }
  return copyKernel;
}

/**
 * The copy instance with `buf` at DATA and its output area's offset after it: a pair of i32 per
 * reported line, and a reported line holds at least one byte and its newline. A block is searched
 * to the end before the next is read, and its bytes do not change meanwhile (sources/read-pool.ts
 * reuses a buffer only six reads later).
 */
export function copiedIn(buf: Buffer): { kernel: Kernel; out: number } | null {
  const k = copyInstance();
  if (k === null) return null;
  const out = (DATA + buf.length + PAD + 3) & ~3;
  if (copied !== buf) {
    copied = buf;
    ensureBytes(k, out + 8 * (Math.ceil(buf.length / 2) + 1));
    new Uint8Array(k.memory.buffer).set(buf, DATA);
  }
  return { kernel: k, out };
}

/** The copy instance with `bytes` from DATA free for tuning's counts (the next block is copied again). */
export function scratch(bytes: number): Kernel | null {
  const k = copyInstance();
  if (k === null) return null;
  copied = undefined;
  ensureBytes(k, DATA + bytes);
  return k;
}
