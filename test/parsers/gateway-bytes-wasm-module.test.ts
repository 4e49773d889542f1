// gateway-bytes.wat driven directly, in an instance of its own (docs/performance.md, "The byte
// reader: loops, predictions and the cache"). Its key prediction: when a key is not predicted, the
// pattern 0xff.. must match no bytes whatever mask an earlier key left; with KEYS' source alias
// `remote` renamed to a 14-byte key, before the mend the module predicted keys up to 14 bytes, whose
// mask covers all 16 lanes, and a line with 16 bytes of 0xff where its next key should be was read
// as that key's field (found by review; today's KEYS has no 14-byte key). Its intern slots: a value
// is a slot's only when the bytes match.
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

/** A module instance of its own, its keys `keys`; `read` hands it a batch of lines. */
function instance(keys: readonly string[]) {
  const memory = new wasm.Memory({ initial: 32 });
  const reader = new wasm.Instance(new wasm.Module(Buffer.from(GATEWAY_BYTES_WASM_BASE64, 'base64')), { env: { memory } }).exports as Reader;
  const r = 1 << 20;
  reader.init(r);
  const mem = Buffer.from(memory.buffer);
  for (let id = 1; id < keys.length; id++) reader.addKey(r + RECORDS_AT, mem.write(keys[id]!, r + RECORDS_AT, 'latin1'), id);
  const words = new Int32Array(memory.buffer);
  const record = (k: number): number => ((r + RECORDS_AT) >> 2) + RECORD_WORDS * k;
  return {
    mem,
    r,
    /** Reads `lines` as one batch: each line's status word (1: read as a record; 0 or 2: left to another reader), its source field's tag and slot, and how many slots the batch filled. */
    read(lines: Buffer[]): { statuses: number[]; sources: Array<[number, number]>; filled: number } {
      const block = Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\n')]));
      const ptr = 4096;
      const list = 65536;
      block.copy(mem, ptr);
      for (let k = 0, s = 0; k < lines.length; k++, s = block.indexOf(10, s) + 1) {
        words[(list >> 2) + 2 * k] = s;
        words[(list >> 2) + 2 * k + 1] = k + 1;
      }
      const filled = reader.readLines(ptr, ptr + block.length, ptr + block.length, list, 0, lines.length);
      // A record's fields from its word 8, four words each; the source is the fourth field.
      return { statuses: lines.map((_, k) => words[record(k)]!), sources: lines.map((_, k) => [words[record(k) + 20]!, words[record(k) + 21]!]), filled };
    },
  };
}

/** The module's status word for each line of `lines` (1: read as a record; 0 or 2: left to another reader). */
function statuses(keys: readonly string[], lines: Buffer[]): number[] {
  return instance(keys).read(lines).statuses;
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

test('an interned value is the slot\'s only when its bytes are the same, not its hash and length alone', () => {
  // No two values of this log collide, so the slot's bytes are changed under the module instead
  // (hash word and length kept): what a 44-bit collision of two values of one length would give.
  const m = instance(KEYS);
  const line = [Buffer.from('{"ts":"2025-02-21T14:03:11Z","remote":"203.0.113.7"}')];
  const first = m.read(line);
  const [tag, slot] = first.sources[0]!;
  assert.deepEqual([first.statuses[0], tag], [1, 4], 'the source is an interned string');
  assert.ok(first.filled >= 1);
  // The same bytes again, in a later batch: found in the slot, nothing filled.
  assert.deepEqual(m.read(line), { statuses: [1], sources: [[4, slot]], filled: 0 });
  // The slot's bytes now differ in one byte ("203.0.113.8"): the value is filled in again.
  const stored = m.r + 8192 + 128 * slot + 16;
  assert.equal(m.mem.toString('latin1', stored, stored + 11), '203.0.113.7');
  m.mem[stored + 10] = 0x38;
  const again = m.read(line);
  assert.deepEqual([again.statuses[0], again.sources[0]], [1, [4, slot]]);
  assert.equal(again.filled, 1, 'a slot whose bytes differ was taken as the value (hash and length compared alone)');
  assert.equal(m.mem.toString('latin1', stored, stored + 11), '203.0.113.7');
});
