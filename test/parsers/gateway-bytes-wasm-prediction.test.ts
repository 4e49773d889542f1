// gateway-bytes.wat's key prediction when a key is not predicted (docs/performance.md, "The byte
// reader: loops, predictions and the cache"): the pattern 0xff.. must match no bytes whatever mask
// an earlier key left. A module instance of its own, with KEYS' source alias `remote` renamed to a
// 14-byte key: before the mend the module predicted keys up to 14 bytes, whose mask covers all 16
// lanes, and a line with 16 bytes of 0xff where its next key should be was read as that key's
// field (found by review, reproducer by the reviewer; today's KEYS has no 14-byte key).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KEYS } from '../../src/parsers/gateway-bytes-record.js';
import { RECORD_WORDS, RECORDS_AT } from '../../src/parsers/gateway-bytes-wasm.js';
import { GATEWAY_BYTES_WASM_BASE64 } from '../../src/parsers/gateway-bytes-wasm-module.js';

interface Reader {
  init(r: number): void;
  addKey(at: number, len: number, id: number): void;
  readLines(ptr: number, end: number, limit: number, list: number, from: number, count: number): number;
}

// The TypeScript setup has no DOM library: WebAssembly's constructors typed as far as used here.
const wasm = (globalThis as unknown as {
  WebAssembly: {
    Memory: new (d: { initial: number }) => { buffer: ArrayBuffer };
    Module: new (bytes: Uint8Array) => object;
    Instance: new (module: object, imports: object) => { exports: unknown };
  };
}).WebAssembly;

/** The module's status word for each line of `lines` (1: read as a record; 0 or 2: left to another reader). */
function statuses(keys: readonly string[], lines: Buffer[]): number[] {
  const memory = new wasm.Memory({ initial: 32 });
  const reader = new wasm.Instance(new wasm.Module(Buffer.from(GATEWAY_BYTES_WASM_BASE64, 'base64')), { env: { memory } }).exports as Reader;
  const r = 1 << 20;
  reader.init(r);
  const mem = Buffer.from(memory.buffer);
  for (let id = 1; id < keys.length; id++) reader.addKey(r + RECORDS_AT, mem.write(keys[id]!, r + RECORDS_AT, 'latin1'), id);
  const block = Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\n')]));
  const ptr = 4096;
  const list = 65536;
  block.copy(mem, ptr);
  const words = new Int32Array(memory.buffer);
  for (let k = 0, s = 0; k < lines.length; k++, s = block.indexOf(10, s) + 1) {
    words[(list >> 2) + 2 * k] = s;
    words[(list >> 2) + 2 * k + 1] = k + 1;
  }
  reader.readLines(ptr, ptr + block.length, ptr + block.length, list, 0, lines.length);
  return lines.map((_, k) => words[((r + RECORDS_AT) >> 2) + RECORD_WORDS * k]!);
}

test('a key that is not predicted matches no bytes, after a predicted key of 14 bytes too', () => {
  const ts = '"ts":"2025-02-21T14:03:11Z"';
  for (const [name, keys] of [
    ['KEYS as they are', KEYS],
    ['`remote` renamed `remote_address` (14 bytes)', KEYS.map((k) => (k === 'remote' ? 'remote_address' : k))],
  ] as const) {
    const source = keys.includes('remote_address') ? 'remote_address' : 'remote';
    const got = statuses(keys, [
      // After ts, the source key is predicted for the next line…
      Buffer.from(`{${ts},"${source}":"203.0.113.7"}`),
      // …missed here (an unknown key: the pattern becomes 0xff.., the mask stays)…
      Buffer.from(`{${ts},"some_long_unknown_key":"x"}`),
      // …and 16 bytes of 0xff where the key should be: not JSON, never a record.
      Buffer.concat([Buffer.from(`{${ts},"`), Buffer.alloc(16, 0xff), Buffer.from('1}')]),
    ]);
    assert.equal(got[0], 1, name);
    assert.notEqual(got[2], 1, `${name}: the line that is not JSON was read as a record`);
  }
});
