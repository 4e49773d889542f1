// Files are read, and gzip inflated, into buffers inside the SIMD kernel's memory (sources/
// read-pool.ts, prefilter/teddy-kernel.ts), where the prefilter searches each block in place
// instead of copying it. What lies in the buffer around a block (the next lines, a line carried
// to the next read, an older read) must never count, and the buffers must survive the copy
// kernel's memory growing.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { type LineFilter, NeedleSet } from '../../src/prefilter/needles.js';
import { arenaHolding } from '../../src/prefilter/teddy-kernel.js';
import { readBlocks } from '../../src/sources/blocks.js';
import type { Input } from '../../src/sources/input.js';
import { openBytes } from '../../src/sources/open-input.js';
import { READ_CHUNK, readBuffer } from '../../src/sources/read-pool.js';
import { seeded } from '../random.js';

const dir = mkdtempSync(path.join(tmpdir(), 'clawprint-read-pool-'));

function write(name: string, bytes: Buffer): Input {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return { path: name, absolutePath: file };
}


const NEEDLES = ['token=', 'Bearer ', '"status":401', '.register', 'b7341f02'];
const SHAPE: LineFilter = { shape: { first: 0x7b, last: 0x7d } };
const FILTERS: LineFilter[] = [SHAPE, {}, { minRun: 40 }, { shape: SHAPE.shape!, minRun: 20 }];

/** JSON-shaped lines of varied length; some hold a needle, a long run, or break the shape. */
function lines(rnd: () => number, count: number): Buffer {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let body = `{"n":${i},"path":"/${'abcdefgh'.repeat(Math.floor(rnd() * 40))}"`;
    const r = rnd();
    if (r < 0.03) body += `,"q":"${NEEDLES[Math.floor(rnd() * NEEDLES.length)]}x"`;
    else if (r < 0.05) body += `,"id":"${'aZ0_-'.repeat(12)}"`;
    body += '}';
    if (rnd() < 0.01) body = body.slice(1);
    if (rnd() < 0.01) body += '\r';
    out.push(body);
  }
  return Buffer.from(out.join('\n') + '\n');
}

type Found = Array<[number, number, number]>;

function search(set: NeedleSet, buf: Buffer, filter: LineFilter): { found: Found; lines: number } {
  const found: Found = [];
  const lines = set.forEachLine(buf, filter, (start, line, groups) => found.push([start, line, groups]));
  return { found, lines };
}

/** Each block searched where it lies and as a copy (the copy kernel): the same lines, every filter. */
async function compareBlocks(input: Input, set: NeedleSet): Promise<{ blocks: number; resident: number; lines: number }> {
  const bytes = openBytes(input);
  let blocks = 0;
  let resident = 0;
  let lines = 0;
  for await (const block of readBlocks(bytes.chunks)) {
    blocks++;
    if (arenaHolding(block.buf) !== undefined) resident++;
    for (const filter of FILTERS) {
      const inPlace = search(set, block.buf, filter);
      const copied = search(set, Buffer.from(block.buf), filter);
      assert.deepEqual(inPlace, copied, `block ${blocks} ${JSON.stringify(filter)}`);
    }
    lines += search(set, block.buf, {}).lines;
  }
  assert.deepEqual(bytes.issues, []);
  return { blocks, resident, lines };
}

describe('reading into the kernel\'s memory', () => {
  const rnd = seeded(5);
  const text = lines(rnd, 40000);
  const lineCount = text.toString('latin1').split('\n').length - 1;
  const set = new NeedleSet(NEEDLES);
  set.tune(text.subarray(0, 64 * 1024));

  it('a file\'s blocks are searched in place, lines carried across reads included, as their copies are', async () => {
    assert.ok(text.length > 3 * READ_CHUNK);
    const got = await compareBlocks(write('lines.log', text), set);
    assert.equal(got.lines, lineCount);
    // Every block but the lines carried across a read (one per read) lies in a read buffer.
    assert.ok(got.resident >= got.blocks - Math.ceil(text.length / READ_CHUNK), `${got.resident} of ${got.blocks}`);
  });

  it('a file shorter than one read, and one line without a newline', async () => {
    const short = text.subarray(0, text.indexOf(10, 3000) + 1);
    const got = await compareBlocks(write('short.log', short), set);
    assert.deepEqual(got, { blocks: 1, resident: 1, lines: short.toString('latin1').split('\n').length - 1 });
    // A last line without a newline is carried to the end of the input, and given as a copy.
    const one = await compareBlocks(write('one.log', Buffer.from('{"q":"token=1"}')), set);
    assert.deepEqual(one, { blocks: 1, resident: 0, lines: 1 });
  });

  it('multi-member gzip: inflated blocks are searched in place, as their copies are', async () => {
    const cut = text.indexOf(10, 1.5 * READ_CHUNK) - 7;
    const gz = Buffer.concat([gzipSync(text.subarray(0, cut)), gzipSync(text.subarray(cut))]);
    const got = await compareBlocks(write('lines.log.gz', gz), set);
    assert.equal(got.lines, lineCount);
    // The first inflated chunk is a fresh buffer (it is sniffed), and carried lines are copies.
    assert.ok(got.resident >= got.blocks - 2 * Math.ceil(text.length / READ_CHUNK), `${got.resident} of ${got.blocks}`);
  });

  it('what lies in the buffer after a block (newlines, needles, a line start) never counts', () => {
    const buf = readBuffer();
    assert.ok(arenaHolding(buf) !== undefined);
    const trap = Buffer.from('\n{"a":1}\ntoken=zz\nx}\n' + 'aZ0_-'.repeat(20) + '\n');
    for (let round = 0; round < 60; round++) {
      const block = lines(rnd, 1 + Math.floor(rnd() * 30)).subarray(0, -Math.floor(rnd() * 3) || undefined);
      // At the very end of the buffer (the kernel reads into the padding after it) or inside it.
      const start = round % 3 === 0 ? READ_CHUNK - block.length : Math.floor(rnd() * (READ_CHUNK - block.length - trap.length));
      buf.fill(trap.toString('latin1'), 0, READ_CHUNK, 'latin1');
      block.copy(buf, start);
      const inPlace = buf.subarray(start, start + block.length);
      for (const filter of FILTERS) assert.deepEqual(search(set, inPlace, filter), search(set, Buffer.from(block), filter), `round ${round}`);
    }
  });

  it('a token run at a block\'s end counts only by its bytes in the block, whatever follows it', () => {
    const buf = readBuffer();
    const minRun = 40;
    for (let offset = 0; offset < 48; offset++) {
      for (const length of [minRun - 1, minRun, minRun + 1, minRun + 17]) {
        // `x ` and a run of `length` token characters, then (outside the block) more of them.
        const block = Buffer.from(`{"a":1}\nx ${'aZ0_-'.repeat(20).slice(0, length)}`);
        buf.fill('aZ0_-', 0, 4096, 'latin1');
        block.copy(buf, offset);
        const found = search(set, buf.subarray(offset, offset + block.length), { minRun }).found;
        assert.deepEqual(found, length >= minRun ? [[8, 2, 1]] : [], `offset ${offset}, run of ${length}`);
      }
    }
  });

  it('growing the copy kernel\'s memory (a block larger than any before) leaves the read buffers whole', () => {
    const buf = readBuffer();
    const block = text.subarray(0, text.lastIndexOf(10, READ_CHUNK - 1) + 1);
    block.copy(buf);
    const before = search(set, buf.subarray(0, block.length), SHAPE);
    // 6 MiB, not in kernel memory: copied, and the copy kernel grows to hold it.
    const big = Buffer.concat([text, text.subarray(0, 6 * READ_CHUNK - text.length)]);
    assert.equal(arenaHolding(big), undefined);
    search(set, big, SHAPE);
    assert.equal(buf.length, READ_CHUNK);
    assert.ok(buf.subarray(0, block.length).equals(block));
    assert.deepEqual(search(set, buf.subarray(0, block.length), SHAPE), before);
  });
});
