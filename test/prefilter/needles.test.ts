import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { type GroupedNeedle, type LineFilter, NeedleSet } from '../../src/prefilter/needles.js';
import { teddyAvailable } from '../../src/prefilter/teddy.js';
import { copyInstance, SPARSE_AT } from '../../src/prefilter/teddy-kernel.js';
import { TEDDY_RELAXED_WASM_BASE64, TEDDY_WASM_BASE64 } from '../../src/prefilter/teddy-wasm.js';
import { ROOT } from '../helpers.js';
import { seeded } from '../random.js';

/** The obvious answer: decode every line and ask includes(). */
function naiveLineStarts(buf: Buffer, needles: readonly string[]): number[] {
  const starts: number[] = [];
  let s = 0;
  while (s < buf.length) {
    const nl = buf.indexOf(10, s);
    const e = nl === -1 ? buf.length : nl;
    const line = buf.toString('latin1', s, e);
    if (needles.some((n) => line.includes(Buffer.from(n).toString('latin1')))) starts.push(s);
    s = e + 1;
  }
  return starts;
}

const distinct = (xs: number[]): number[] => [...new Set(xs)];


const NEEDLES = ['492af901', 'token=', 'Bearer', '.register', '"status":40', 'x-openclaw-token', 'ab', '…', 'é€'];

function randomBlock(rnd: () => number, lines: number): Buffer {
  const alphabet = 'abcdef0123456789"{}:,. =-_/?&tokenBearerstatus49';
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    let line = '';
    const len = Math.floor(rnd() * 300);
    for (let j = 0; j < len; j++) line += alphabet[Math.floor(rnd() * alphabet.length)];
    if (rnd() < 0.1) {
      const n = NEEDLES[Math.floor(rnd() * NEEDLES.length)]!;
      const at = Math.floor(rnd() * (line.length + 1));
      line = line.slice(0, at) + n + line.slice(at);
    }
    out.push(line);
  }
  return Buffer.from(out.join('\n') + (rnd() < 0.5 ? '\n' : ''), 'utf8');
}

/** Start offsets of the lines holding a needle, as forEachLine reports them. */
function lineStarts(set: NeedleSet, buf: Buffer): number[] {
  const starts: number[] = [];
  set.forEachLine(buf, {}, (start) => starts.push(start));
  return starts;
}

describe('NeedleSet', () => {
  it('the WebAssembly SIMD kernel is available on this Node', () => {
    assert.equal(teddyAvailable(), true);
  });

  for (const useTeddy of [true, false]) {
    it(`finds exactly the lines a naive search finds (${useTeddy ? 'SIMD' : 'indexOf'})`, () => {
      const rnd = seeded(7);
      for (let round = 0; round < 40; round++) {
        const sample = randomBlock(rnd, 200);
        const set = new NeedleSet(NEEDLES, useTeddy);
        set.tune(sample);
        for (let b = 0; b < 3; b++) {
          const block = randomBlock(rnd, 400);
          assert.deepEqual(distinct(lineStarts(set, block)), naiveLineStarts(block, NEEDLES), `round ${round} block ${b}`);
        }
      }
    });
  }

  it('a tree of small files: small blocks add up to a tuning sample, and every block finds its lines', () => {
    // Before, a set only tuned on one block of 16 KiB: 1,960 small YAML files before the first
    // large one were each searched one Buffer.indexOf pass per needle.
    const rnd = seeded(7);
    const needles = NEEDLES.filter((n) => Buffer.byteLength(n) >= 3); // a 2-byte needle does not fit the kernel
    const set = new NeedleSet(needles);
    let bytes = 0;
    for (let i = 0; i < 60; i++) {
      const block = randomBlock(rnd, 1 + Math.floor(rnd() * 8));
      assert.equal(set.simd, bytes >= 16 * 1024, `block ${i}, ${bytes} bytes before it`);
      assert.deepEqual(lineStarts(set, block), naiveLineStarts(block, needles), `block ${i}`);
      bytes += block.length;
    }
    assert.ok(bytes > 32 * 1024);
    assert.equal(set.simd, true);
    // The first long block tunes the set again (small files are not the bulk): same lines found.
    for (let b = 0; b < 3; b++) {
      const block = randomBlock(rnd, 400);
      assert.deepEqual(lineStarts(set, block), naiveLineStarts(block, needles), `long block ${b}`);
    }
  });

  it('handles needles at the very start and end of a block, and a block of one line', () => {
    for (const useTeddy of [true, false]) {
      const set = new NeedleSet(['token=', 'Bearer'], useTeddy);
      set.tune(Buffer.from('x'));
      assert.deepEqual(lineStarts(set, Buffer.from('token=1\nnothing\nlast Bearer')), [0, 16]);
      assert.deepEqual(lineStarts(set, Buffer.from('Bearer')), [0]);
      assert.deepEqual(lineStarts(set, Buffer.from('Beare')), []);
    }
  });

  /**
   * The obvious answer for forEachLine: lines with a needle, of another shape, or with a long token
   * run (read through escapes when asked), with the groups of their needles (1 for shape or run).
   */
  function naiveLines(buf: Buffer, needles: readonly GroupedNeedle[], filter: LineFilter): { reported: Array<[number, number, number]>; counted: number } {
    const { shape, minRun, escapes, count = 0 } = filter;
    let counted = 0;
    const runRe = escapes === true ? /[A-Za-z0-9_\-\x1b[;\\]+/g : /[A-Za-z0-9_-]+/g;
    const out: Array<[number, number, number]> = [];
    let s = 0;
    for (let line = 1; s < buf.length; line++) {
      const nl = buf.indexOf(10, s);
      let e = nl === -1 ? buf.length : nl;
      const text = buf.toString('latin1', s, e);
      if (e > s && buf[e - 1] === 13) e--;
      const misshapen = shape !== undefined && e > s && (buf[s] !== shape.first || buf[e - 1] !== shape.last);
      const longest = Math.max(0, ...(text.match(runRe) ?? []).map((r) => r.length));
      const run = minRun !== undefined && longest >= minRun;
      let groups = 0;
      for (const n of needles) if (text.includes(Buffer.from(n.needle).toString('latin1'))) groups |= n.group;
      if ((groups & count) !== 0) counted++;
      groups &= ~count;
      if (misshapen || run) groups |= 1;
      if (groups !== 0) out.push([s, line, groups]);
      s = nl === -1 ? buf.length : nl + 1;
    }
    return { reported: out, counted };
  }

  function shapedBlock(rnd: () => number, lines: number): Buffer {
    const parts: string[] = [];
    for (let i = 0; i < lines; i++) {
      const r = rnd();
      let body = randomBlock(rnd, 1).toString('utf8').replace(/\n/g, '');
      if (r < 0.05) body = '';
      else if (r < 0.1) body = body.slice(0, -1);
      else if (r < 0.15) body = `x${body}}`;
      else body = `{${body}}`;
      if (rnd() < 0.1) body += '\r';
      // Token-character runs just under, at and over the lengths a filter asks for.
      if (rnd() < 0.1) body = body.slice(0, 5) + 'aZ0_-'.repeat(Math.floor(rnd() * 12)).slice(0, 15 + Math.floor(rnd() * 40)) + body.slice(5);
      // ... and runs that only reach those lengths through colour codes and escapes.
      if (rnd() < 0.05) body = body.slice(0, 5) + 'aZ0_-'.repeat(4) + '\x1b[1;31m' + 'bY9-'.repeat(4) + '\\u001b[0m' + body.slice(5);
      parts.push(body);
    }
    return Buffer.from(parts.join('\n') + (rnd() < 0.5 ? '\n' : ''), 'utf8');
  }

  for (const useTeddy of [true, false]) {
    it(`forEachLine reports needle lines, misshapen lines and long token runs with their numbers and groups, once each (${useTeddy ? 'SIMD' : 'indexOf'})`, () => {
      const rnd = seeded(11);
      const shape = { first: 0x7b, last: 0x7d };
      // Groups 1, 2, 4, 8 in turn; the last needle twice, in two groups.
      const needles: GroupedNeedle[] = NEEDLES.filter((n) => Buffer.byteLength(n) >= 3).map((needle, i) => ({ needle, group: 1 << (i % 4) }));
      needles.push({ ...needles.at(-1)!, group: 128 });
      const merged = [...needles.slice(0, -2), { ...needles.at(-1)!, group: needles.at(-2)!.group | 128 }];
      for (let round = 0; round < 40; round++) {
        const set = new NeedleSet(needles, useTeddy);
        set.tune(shapedBlock(rnd, 100));
        for (let b = 0; b < 3; b++) {
          const block = shapedBlock(rnd, 300);
          for (const filter of [{ shape }, {}, { minRun: 43 }, { shape, minRun: 20 }, { minRun: 43, escapes: true }, { minRun: 43, count: 2 }] satisfies LineFilter[]) {
            const got: Array<[number, number, number]> = [];
            const lines = set.forEachLine(block, filter, (start, line, groups) => got.push([start, line, groups]));
            const expected = naiveLines(block, merged, filter);
            assert.deepEqual(got, expected.reported, `round ${round} block ${b} ${JSON.stringify(filter)}`);
            assert.equal(set.counted, expected.counted, `counted, round ${round} block ${b}`);
            // Lines, a last one without \n included.
            assert.equal(lines, block.length === 0 ? 0 : block.toString('latin1').replace(/\n$/, '').split('\n').length);
          }
        }
      }
    });
  }

  it('forEachLine: edge lines of a block (first, last without newline, CRLF, empty)', () => {
    const shape = { first: 0x7b, last: 0x7d };
    for (const useTeddy of [true, false]) {
      const set = new NeedleSet(['token='], useTeddy);
      set.tune(Buffer.from('x'));
      const lines = (text: string): Array<[number, number]> => {
        const got: Array<[number, number]> = [];
        set.forEachLine(Buffer.from(text), { shape }, (start, line) => got.push([start, line]));
        return got;
      };
      assert.deepEqual(lines('x}\n{a}\n'), [[0, 1]]);
      assert.deepEqual(lines('{a}\n{b'), [[4, 2]]);
      assert.deepEqual(lines('{a}\r\n{b}\r\n\r\n\n{c\r\n'), [[13, 5]]);
      assert.deepEqual(lines('{a}\n{token=}\r'), [[4, 2]]);
      assert.deepEqual(lines('\n\r\n{a}'), []);
      assert.deepEqual(lines(''), []);
    }
  });

  it('forEachLine: after a block of CRLF or long lines the kernel takes the loop that stops at each newline', () => {
    if (!teddyAvailable()) return;
    const shape = { first: 0x7b, last: 0x7d };
    const set = new NeedleSet(['token='], true);
    set.tune(Buffer.from('x'));
    const sparseAfter = (text: string): number => {
      const got: Array<[number, number]> = [];
      set.forEachLine(Buffer.from(text), { shape }, (start, line) => got.push([start, line]));
      return new Int32Array(copyInstance()!.memory.buffer)[SPARSE_AT >> 2]!;
    };
    const lf = '{"a":1,"b":"xyz"}\n'.repeat(200);
    assert.equal(sparseAfter(lf), 0);
    assert.equal(sparseAfter(lf.replaceAll('\n', '\r\n')), 1);
    assert.equal(sparseAfter(lf), 0);
    // Long lines (under 2 newlines per KiB): the same loop; 400-byte lines keep the counting one.
    assert.equal(sparseAfter(`{"a":"${'x'.repeat(600)}"}\n`.repeat(40)), 1);
    assert.equal(sparseAfter(`{"a":"${'x'.repeat(400)}"}\n`.repeat(40)), 0);
    // Without a shape (the scan) the flag is the kernel's own: short lines, the counting loop.
    const got: number[] = [];
    set.forEachLine(Buffer.from(lf.replaceAll('\n', '\r\n')), {}, (start) => got.push(start));
    assert.equal(new Int32Array(copyInstance()!.memory.buffer)[SPARSE_AT >> 2], 0);
  });

  it('verifies needles that share an anchor, or a bucket, each with its own groups (records sorted by anchor)', () => {
    // Around three trigrams: many needles find their anchor in the same three bytes, at different
    // offsets, and the anchors crowd 8 buckets; every line is checked against the naive search.
    const rnd = seeded(23);
    const cores = ['Qzq', 'zqQ', 'k9k'];
    const made = new Set<string>();
    for (let i = 0; made.size < 60; i++) {
      const core = cores[i % 3]!;
      const pad = (n: number): string => Array.from({ length: n }, () => 'ab1Qz'[Math.floor(rnd() * 5)]).join('');
      made.add(pad(Math.floor(rnd() * 4)) + core + pad(Math.floor(rnd() * 4)));
    }
    const needles: GroupedNeedle[] = [...made].map((needle, i) => ({ needle, group: 1 << (i % 8) }));
    const text = (lines: number): Buffer => {
      const out: string[] = [];
      for (let l = 0; l < lines; l++) {
        let line = Array.from({ length: Math.floor(rnd() * 80) }, () => 'ab1Qzqk9 '[Math.floor(rnd() * 9)]).join('');
        if (rnd() < 0.3) line += needles[Math.floor(rnd() * needles.length)]!.needle;
        out.push(line);
      }
      return Buffer.from(out.join('\n'), 'latin1');
    };
    for (let round = 0; round < 20; round++) {
      const set = new NeedleSet(needles, true);
      set.tune(text(300));
      const block = text(400);
      const got: Array<[number, number, number]> = [];
      set.forEachLine(block, {}, (start, line, groups) => got.push([start, line, groups]));
      assert.deepEqual(got, naiveLines(block, needles, {}).reported, `round ${round}`);
    }
  });

  it('copes with more candidates than the kernel returns at once', () => {
    const set = new NeedleSet(['aaab'], true);
    set.tune(Buffer.from('zzzz'));
    const block = Buffer.from(('a'.repeat(1000) + 'b\n').repeat(300));
    assert.equal(distinct(lineStarts(set, block)).length, 300);
  });

  it('the committed wasm matches src/prefilter/teddy.wat', async () => {
    const { assembleTeddy } = (await import(pathToFileURL(path.join(ROOT, 'scripts', 'build-wasm.mjs')).href)) as { assembleTeddy: (relaxed: boolean) => Promise<string> };
    assert.equal(await assembleTeddy(false), TEDDY_WASM_BASE64, 'run npm run build:wasm');
    assert.equal(await assembleTeddy(true), TEDDY_RELAXED_WASM_BASE64, 'run npm run build:wasm');
  });
});
