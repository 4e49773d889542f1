// The kernel comes in two builds of one teddy.wat (scripts/build-wasm.mjs): with relaxed swizzles
// where the engine has relaxed SIMD, plain otherwise. needles.test.ts checks the build that runs
// against a naive search; here the two builds must give the same results on the same memory.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { TeddyTables } from '../../src/prefilter/teddy.js';
import { COUNTED_AT, DATA, instantiate, type Kernel, kernelModule, NEWLINES_AT, RELAXED_PROBE } from '../../src/prefilter/teddy-kernel.js';
import { TEDDY_RELAXED_WASM_BASE64, TEDDY_WASM_BASE64 } from '../../src/prefilter/teddy-wasm.js';
import { seeded } from '../random.js';

const wasm = (globalThis as unknown as { WebAssembly: { Module: new (bytes: Uint8Array) => object } }).WebAssembly;


const NEEDLES = ['token=', 'Bearer', '"status":401', 'b7341f02', '.register', 'auth.fail'];

function randomText(rnd: () => number, length: number): Buffer {
  const pieces = ['{', '}', '\n', '\r\n', '}\n{', 'abc', 'aZ0_-'.repeat(5), '"x":1,', ' ', ...NEEDLES];
  let s = '';
  while (s.length < length) s += pieces[Math.floor(rnd() * pieces.length)]!;
  return Buffer.from(s.slice(0, length), 'latin1');
}

interface Result {
  pairs: number[];
  newlines: number;
  counted: number;
}

function run(k: Kernel, ptr: number, len: number, out: number, args: [number, number, number, number]): Result {
  const n = k.lines(ptr, len, out, ...args);
  return {
    pairs: [...new Int32Array(k.memory.buffer, out, 2 * n)],
    newlines: new Int32Array(k.memory.buffer, NEWLINES_AT, 1)[0]!,
    counted: new Int32Array(k.memory.buffer, COUNTED_AT, 1)[0]!,
  };
}

describe('the kernel\'s two builds', () => {
  it('this Node runs the relaxed build (Node 20 through its V8 flag)', () => {
    assert.equal(kernelModule()?.build, 'relaxed');
  });

  // kernelModule() asks the probe, not the kernel, whether relaxed SIMD needs the flag (a failing
  // compile of the kernel cost ~1 ms). Each answer in a fresh process: a flag, once set, stays.
  it('the relaxed probe is valid exactly where the relaxed kernel is, with and without the flag', async () => {
    const wabt = await (await import('wabt')).default();
    const text = '(module (func (param v128 v128) (result v128) local.get 0 local.get 1 i8x16.relaxed_swizzle))';
    assert.deepEqual([...Buffer.from(wabt.parseWat('probe.wat', text, { simd: true, relaxed_simd: true }).toBinary({}).buffer)], [...RELAXED_PROBE]);
    const ask = (flags: string[]): string => {
      const code = `const b = (s) => Buffer.from(s, 'base64'); console.log(WebAssembly.validate(b(${JSON.stringify(Buffer.from(RELAXED_PROBE).toString('base64'))})), WebAssembly.validate(b(${JSON.stringify(TEDDY_RELAXED_WASM_BASE64)})))`;
      const r = spawnSync(process.execPath, [...flags, '-e', code], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      return r.stdout.trim();
    };
    const plain = ask([]);
    assert.match(plain, /^(true true|false false)$/);
    // Node 20 (V8 11.3) needs the flag; Node 22 has relaxed SIMD without it.
    if (process.versions.v8.startsWith('11.3.')) {
      assert.equal(plain, 'false false');
      assert.equal(ask(['--experimental-wasm-relaxed-simd']), 'true true');
    }
  });

  it('give the same lines, groups, newline and counted totals, for every filter and block position', () => {
    kernelModule();
    const rnd = seeded(3);
    const plain = instantiate(new wasm.Module(Buffer.from(TEDDY_WASM_BASE64, 'base64')), 1 << 20);
    const relaxed = instantiate(new wasm.Module(Buffer.from(TEDDY_RELAXED_WASM_BASE64, 'base64')), 1 << 20);
    const needles = NEEDLES.map((n, i) => ({ needle: Buffer.from(n), k: i % 3, group: 1 << (i % 4) }));
    const sample = randomText(rnd, 4096);
    const freq = new Float64Array(256).fill(1 / 256);
    const tables = new TeddyTables(needles, sample, freq) as unknown as { tables: Uint8Array; used: number };
    for (const k of [plain, relaxed]) new Uint8Array(k.memory.buffer).set(tables.tables.subarray(0, tables.used), 0);
    const filters: Array<[number, number, number, number]> = [
      [0x7b, 0x7d, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 20, 0],
      [0x7b, 0x7d, 43, 2],
      [0, 0, 17, 1],
    ];
    for (let round = 0; round < 200; round++) {
      // Text around the block too: in place, what lies around it must not count.
      const text = randomText(rnd, 64 + Math.floor(rnd() * 3000));
      const start = Math.floor(rnd() * 40);
      const len = Math.floor(rnd() * (text.length - start));
      const out = (DATA + text.length + 64 + 3) & ~3;
      for (const k of [plain, relaxed]) new Uint8Array(k.memory.buffer).set(text, DATA);
      for (const args of filters) {
        assert.deepEqual(run(relaxed, DATA + start, len, out, args), run(plain, DATA + start, len, out, args), `round ${round} ${args.join(',')}`);
      }
    }
  });
});
