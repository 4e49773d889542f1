// gzip inflated on the main thread into reused output buffers (sources/stream-parts.ts): the lines
// must be the plain file's lines, whatever the members, the trailing bytes and the cuts, and a block
// must stay intact while the audit still holds it (its last two blocks, docs/product.md §10).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { iterateLines } from '../../src/pipeline/lines.js';
import { readBlocks } from '../../src/sources/blocks.js';
import { openBytes } from '../../src/sources/open-input.js';
import type { Input } from '../../src/sources/input.js';

const dir = mkdtempSync(path.join(tmpdir(), 'clawprint-gzip-'));

function write(name: string, bytes: Buffer): Input {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return { path: name, absolutePath: file };
}

async function readAll(input: Input) {
  const bytes = openBytes(input);
  const lines: Array<[number, string]> = [];
  const long: number[] = [];
  let n = 0;
  for await (const block of readBlocks(bytes.chunks)) {
    n = iterateLines(block, n, (text, line) => lines.push([line, text]), (line) => long.push(line));
  }
  return { lines, long, issues: bytes.issues.map((i) => i.kind) };
}

/** ~9 MiB of numbered lines of varied length, with a 2.5 MiB line (cut at 1 MiB) in the middle. */
function text(): Buffer {
  const parts: string[] = [];
  for (let i = 0; i < 60000; i++) parts.push(`{"n":${i},"pad":"${'x'.repeat((i * 37) % 250)}"}\n`);
  parts.splice(30000, 0, `${'y'.repeat(2.5 * 1024 * 1024)}\n`);
  return Buffer.from(parts.join(''));
}

describe('gzip inflated into reused buffers', () => {
  const plain = text();
  it('gives the plain file\'s lines: two members cut at an odd offset, then zero padding', async () => {
    const cut = 3 * 1024 * 1024 + 12345;
    const gz = Buffer.concat([gzipSync(plain.subarray(0, cut)), gzipSync(plain.subarray(cut)), Buffer.alloc(64)]);
    const expected = await readAll(write('plain.log', plain));
    const got = await readAll(write('members.log.gz', gz));
    assert.equal(got.lines.length, expected.lines.length);
    assert.deepEqual(got.lines, expected.lines);
    assert.deepEqual(got.long, expected.long);
    assert.deepEqual(got.issues, []);
  });

  it('keeps each block intact while the next two are read (the audit holds its last two blocks)', async () => {
    const bytes = openBytes(write('held.log.gz', gzipSync(plain)));
    const held: Array<{ buf: Buffer; copy: Buffer }> = [];
    let blocks = 0;
    for await (const block of readBlocks(bytes.chunks)) {
      held.push({ buf: block.buf, copy: Buffer.from(block.buf) });
      if (held.length > 3) held.shift();
      for (const h of held) assert.ok(h.buf.equals(h.copy), `block ${blocks} changed while held`);
      blocks++;
    }
    assert.ok(blocks > 8, `${blocks} blocks`);
  });

  it('a gzip of more compressed reads than the read pool holds (they reuse it when inflated here) gives the plain lines', async () => {
    // Lines of random base64 compress to ~3/4: 12 MiB of them is 9 MiB of gzip, nine 1 MiB reads.
    const parts: string[] = [];
    for (let i = 0; parts.length < 100000; i++) parts.push(`{"n":${i},"v":"${randomBytes(90).toString('base64')}"}\n`);
    const noisy = Buffer.from(parts.join(''));
    const cut = 5 * 1024 * 1024 + 333;
    const gz = Buffer.concat([gzipSync(noisy.subarray(0, cut)), gzipSync(noisy.subarray(cut))]);
    assert.ok(gz.length > 8 * 1024 * 1024, `${gz.length} bytes of gzip`);
    const expected = await readAll(write('noisy.log', noisy));
    const got = await readAll(write('noisy.log.gz', gz));
    assert.equal(got.lines.length, 100000);
    assert.deepEqual(got.lines, expected.lines);
    assert.deepEqual(got.issues, []);
  });

  it('reads the lines before the cut of a truncated gzip larger than one output buffer, and says so', async () => {
    const gz = gzipSync(plain);
    const got = await readAll(write('cut.log.gz', gz.subarray(0, Math.floor(gz.length * 0.6))));
    assert.deepEqual(got.issues, ['truncated-gzip']);
    const expected = await readAll(write('plain2.log', plain));
    assert.ok(got.lines.length > expected.lines.length / 3, `read ${got.lines.length} lines`);
    // Every line read is the plain file's line of that number, except the last (cut mid-line).
    got.lines.slice(0, -1).forEach(([n, t]) => assert.equal(t, expected.lines[n - 1]![1]));
  });

  it('reports damage after the first member as corrupt, after the lines inflated before it', async () => {
    // A second member whose deflate data is invalid. zlib reports no output for the call that
    // fails (the stream path loses it too): the lines of the first full output buffer are read.
    const bad = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
    const got = await readAll(write('damaged.log.gz', Buffer.concat([gzipSync(plain.subarray(0, 2 * 1024 * 1024)), bad])));
    assert.deepEqual(got.issues, ['corrupt-gzip']);
    const expected = await readAll(write('plain3.log', plain));
    assert.ok(got.lines.length > 5000, `read ${got.lines.length} lines`);
    got.lines.slice(0, -1).forEach(([n, t]) => assert.equal(t, expected.lines[n - 1]![1]));
  });
});
