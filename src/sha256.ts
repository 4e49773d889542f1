// SHA-256 of a string's UTF-8 bytes in WebAssembly (sha256.wat), node:crypto without it. An audit
// hashes the token, finding ids and its states' keys (~20 strings for a small log, ~300 for the
// 1 GiB bench), and loading node:crypto for them cost ~10 ms of every audit's start; the module
// compiles and instantiates in well under a millisecond, and hashes a short string in ~1 us
// without V8 having to optimize anything (issue 8, docs/performance.md). Same bytes as
// createHash('sha256'): test/sha256.test.ts compares them (lone surrogates included, which both
// write as U+FFFD).
import { createHash } from 'node:crypto';
import { SHA256_WASM_BASE64 } from './sha256-wasm.js';

/** sha256.wat's layout: the digest at 512, the message from 1024. */
const DIGEST_AT = 512;
const MESSAGE_AT = 1024;
const PAGE = 65536;

interface Sha256Module {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  sha256(at: number, length: number): void;
}

interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
}

let module: Sha256Module | null | undefined;
/** A Buffer over the module's memory, made again when the memory grows (growing detaches it). */
let memory: Buffer | undefined;

function instance(): Sha256Module | null {
  if (module !== undefined) return module;
  module = null;
  const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  try {
    if (wasm !== undefined) module = new wasm.Instance(new wasm.Module(Buffer.from(SHA256_WASM_BASE64, 'base64'))).exports as Sha256Module;
  } catch {
    module = null; // no WebAssembly here (--jitless): node:crypto
  }
  return module;
}

/** SHA-256 of `text` as UTF-8. */
export function sha256(text: string): Buffer {
  const m = instance();
  if (m === null) return createHash('sha256').update(text, 'utf8').digest();
  // Room for the longest UTF-8 form (3 bytes per UTF-16 unit) and the padding (up to 72 bytes).
  const need = MESSAGE_AT + 3 * text.length + 72;
  if (m.memory.buffer.byteLength < need) m.memory.grow(Math.ceil((need - m.memory.buffer.byteLength) / PAGE));
  if (memory === undefined || memory.buffer !== m.memory.buffer) memory = Buffer.from(m.memory.buffer);
  const length = memory.write(text, MESSAGE_AT, 'utf8');
  m.sha256(MESSAGE_AT, length);
  return Buffer.from(memory.subarray(DIGEST_AT, DIGEST_AT + 32));
}
