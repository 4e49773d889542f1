// The kernel's skip loop for lines of a shape counts the newlines of a step whose lines all have
// the shape without leaving the loop, each 16-byte vector with an exit of its own; after a block
// of long lines it takes the loop that stops at every newline (teddy.wat). These tests put the
// block's end, its newlines, needles and misshapen lines at every offset of a few 32-byte steps,
// with text after the block in kernel memory (read in place, what follows a block is the next
// lines), and compare both loops of both builds with a line-by-line reading of the block.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TeddyTables } from '../../src/prefilter/teddy.js';
import { COUNTED_AT, DATA, instantiate, type Kernel, kernelModule, NEWLINES_AT, SPARSE_AT } from '../../src/prefilter/teddy-kernel.js';
import { TEDDY_RELAXED_WASM_BASE64, TEDDY_WASM_BASE64 } from '../../src/prefilter/teddy-wasm.js';
import { seeded } from '../random.js';

const wasm = (globalThis as unknown as { WebAssembly: { Module: new (bytes: Uint8Array) => object } }).WebAssembly;

// Groups 2, 4, 8, 16: group 1 is a misshapen line's.
const NEEDLES = ['token=', 'Bearer', 'b7341f02', '.register'].map((n, i) => ({ needle: Buffer.from(n), k: i % 3, group: 2 << i }));
const OPEN = 0x7b;
const CLOSE = 0x7d;

interface Result {
  pairs: Array<[number, number, number]>;
  newlines: number;
  counted: number;
}

/** Every line of `block` read on its own: the kernel's answer. */
function expected(block: Buffer, shape: boolean, count: number): Result {
  const pairs: Array<[number, number, number]> = [];
  let counted = 0;
  let s = 0;
  for (let line = 1; s < block.length; line++) {
    const nl = block.indexOf(10, s);
    let e = nl === -1 ? block.length : nl;
    const text = block.toString('latin1', s, e);
    if (e > s && block[e - 1] === 13) e--;
    let groups = 0;
    for (const n of NEEDLES) if (text.includes(n.needle.toString('latin1'))) groups |= n.group;
    if ((groups & count) !== 0) counted++;
    groups &= ~count;
    // A last line without \n is checked for its first byte only (teddy.ts checks its end).
    if (shape && e > s && (block[s] !== OPEN || (nl !== -1 && block[e - 1] !== CLOSE))) groups |= 1;
    if (groups !== 0) pairs.push([s, line, groups]);
    s = nl === -1 ? block.length : nl + 1;
  }
  let newlines = 0;
  for (const b of block) if (b === 10) newlines++;
  return { pairs, newlines, counted };
}

function kernels(): Kernel[] {
  kernelModule(); // sets the V8 flag the relaxed build needs on Node 20
  const tables = new TeddyTables(NEEDLES, Buffer.from('{"a":1}\n'.repeat(64)), new Float64Array(256).fill(1 / 256)) as unknown as { tables: Uint8Array; used: number };
  return [TEDDY_RELAXED_WASM_BASE64, TEDDY_WASM_BASE64].map((b64) => {
    const k = instantiate(new wasm.Module(Buffer.from(b64, 'base64')), 1 << 20);
    new Uint8Array(k.memory.buffer).set(tables.tables.subarray(0, tables.used), 0);
    return k;
  });
}

/**
 * `text` at DATA, the block its first `len` bytes from `start`: what follows is read but must not
 * count. `sparse` says the block before had long lines, which makes the kernel stop at every
 * newline instead of counting a step's newlines in its skip loop.
 */
function run(k: Kernel, text: Buffer, start: number, len: number, shape: boolean, count: number, sparse: number): Result {
  new Uint8Array(k.memory.buffer).set(text, DATA);
  const out = (DATA + text.length + 64 + 3) & ~3;
  const words = new Int32Array(k.memory.buffer);
  words[SPARSE_AT >> 2] = sparse;
  const n = k.lines(DATA + start, len, out, shape ? OPEN : 0, shape ? CLOSE : 0, 0, count);
  const pairs: Array<[number, number, number]> = [];
  for (let i = 0; i < n; i++) {
    const w = words[(out >> 2) + 2 * i + 1]!;
    pairs.push([words[(out >> 2) + 2 * i]!, w & 0xffffff, w >>> 24]);
  }
  return { pairs, newlines: words[NEWLINES_AT >> 2]!, counted: words[COUNTED_AT >> 2]! };
}

function check(ks: Kernel[], text: Buffer, start: number, len: number, what: string): void {
  const block = text.subarray(start, start + len);
  for (const [shape, count] of [[true, 0], [false, 0], [true, 4]] as const) {
    const want = expected(block, shape, count);
    for (const [i, k] of ks.entries()) {
      for (const sparse of [0, 1]) {
        assert.deepEqual(run(k, text, start, len, shape, count, sparse), want, `${what}, shape ${shape}, count ${count}, sparse ${sparse}, ${i === 0 ? 'relaxed' : 'plain'} build`);
      }
    }
  }
}

describe('the kernel\'s skip loops', () => {
  const ks = kernels();

  it('ends a block at every offset of its last 64 bytes, JSON lines running on past it', () => {
    // Lines of 13 to 75 bytes: newlines at every offset of a step, and a line ending exactly at
    // the block's end, or one byte before or after it.
    const lines: string[] = [];
    for (let n = 0; lines.join('\n').length < 700; n++) lines.push(`{"n":${'x'.repeat((n * 29) % 63)}}`);
    const text = Buffer.from(lines.join('\n') + '\n');
    for (let len = 0; len <= 640; len++) check(ks, text, 0, len, `length ${len}`);
  });

  it('finds a needle at every offset of a few steps, and across each of their vectors', () => {
    for (const { needle } of NEEDLES) {
      for (let at = 0; at < 140; at++) {
        const body = Buffer.alloc(200, 'a');
        needle.copy(body, at);
        const text = Buffer.concat([Buffer.from('{'), body, Buffer.from('}\n{"b":1}\n')]);
        check(ks, text, 0, text.length, `${needle} at ${at}`);
        // The same block cut just before, inside and after the needle.
        for (const cut of [at, at + 1, at + needle.length, at + needle.length + 1]) check(ks, text, 0, cut + 1, `${needle} at ${at}, block of ${cut + 1}`);
      }
    }
  });

  it('stops for a misshapen line at every offset, among JSON lines it counts without stopping', () => {
    const rnd = seeded(64);
    for (let round = 0; round < 300; round++) {
      const parts: string[] = [];
      while (parts.join('\n').length < 400) {
        const len = Math.floor(rnd() * 90);
        const r = rnd();
        let line = `{${'q'.repeat(len)}}`;
        if (r < 0.04) line = `x${line}`;
        else if (r < 0.08) line = line.slice(0, -1);
        else if (r < 0.1) line = '';
        else if (r < 0.12) line += '\r';
        else if (r < 0.16) line = `{${'q'.repeat(len >> 1)}${NEEDLES[Math.floor(rnd() * NEEDLES.length)]!.needle.toString()}}`;
        parts.push(line);
      }
      const text = Buffer.from(parts.join('\n') + '\n{"after":1}\nx\n');
      const start = Math.floor(rnd() * 40);
      const len = Math.floor(rnd() * (text.length - start - 20));
      check(ks, text, start, len, `round ${round}`);
    }
  });
});
