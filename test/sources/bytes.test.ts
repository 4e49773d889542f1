import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { appendFileSync, fstatSync, mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { iterateLines } from '../../src/pipeline/lines.js';
import { readBlocks } from '../../src/sources/blocks.js';
import { readSmallFile, type SmallFile, type StartedFile } from '../../src/sources/bytes.js';
import { openBytes, openInput } from '../../src/sources/open-input.js';
import type { Input, InputIssue } from '../../src/sources/input.js';
import { fixture } from '../helpers.js';

async function readAll(input: Input, stdin?: Readable, maxLine?: number) {
  const bytes = openBytes(input, stdin);
  const lines: Array<[number, string]> = [];
  const long: number[] = [];
  let n = 0;
  for await (const block of readBlocks(bytes.chunks, maxLine)) {
    n = iterateLines(block, n, (text, line) => lines.push([line, text]), (line) => long.push(line));
  }
  return { lines, long, issues: bytes.issues.map((i) => i.kind), gzip: bytes.gzip };
}

const file = (name: string): Input => ({ path: `fixtures/sources/${name}`, absolutePath: fixture('sources', name) });

describe('openBytes + readBlocks', () => {
  it('reads multi-member gzip to the end, by magic bytes, stripping \\r before \\n', async () => {
    const r = await readAll(file('multi-member.log.gz'));
    assert.equal(r.gzip, true);
    assert.deepEqual(r.lines, [[1, 'line one'], [2, 'line two'], [3, 'line three'], [4, 'line four']]);
    assert.deepEqual(r.issues, []);
  });
  it('keeps the lines before the cut of a truncated gzip and reports it', async () => {
    const r = await readAll(file('truncated.log.gz'));
    assert.deepEqual(r.issues, ['truncated-gzip']);
    assert.ok(r.lines.length > 100, `read ${r.lines.length} lines`);
    assert.equal(r.lines[0]![1].startsWith('2025-02-21T14:00:00Z event number 0'), true);
  });
  it('reports corrupt gzip data', async () => {
    const r = await readAll(file('corrupt.log.gz'));
    assert.deepEqual(r.issues, ['corrupt-gzip']);
  });
  it('skips binary files with an issue instead of reading them', async () => {
    const r = await readAll(file('binary.bin'));
    assert.deepEqual(r.issues, ['binary']);
    assert.deepEqual(r.lines, []);
  });
  it('decodes UTF-16 with a BOM (LE and BE) to UTF-8, whatever the chunks cut (a surrogate pair too)', async () => {
    const text = 'OPENCLAW_GATEWAY_PORT=18789\r\ncafé 😀 second\r\nthird';
    for (const [encoding, bom] of [['utf16le', [0xff, 0xfe]], ['utf16be', [0xfe, 0xff]]] as const) {
      const le = Buffer.from(text, 'utf16le');
      const body = encoding === 'utf16le' ? le : Buffer.from(le).swap16();
      const bytes = Buffer.concat([Buffer.from(bom), body]);
      const emoji = 2 + 2 * text.indexOf('😀');
      for (const cuts of [[], [3], [emoji + 1, emoji + 3], [1, 2, 5, 7, 11]]) {
        const chunks = [0, ...cuts, bytes.length].slice(1).map((end, i, ends) => bytes.subarray(i === 0 ? 0 : ends[i - 1], end));
        const r = await readAll({ path: '-' }, Readable.from(chunks));
        assert.deepEqual(r.lines, [[1, 'OPENCLAW_GATEWAY_PORT=18789'], [2, 'café 😀 second'], [3, 'third']], `${encoding} cut at ${cuts.join(',')}`);
        assert.deepEqual(r.issues, []);
      }
    }
  });
  it('still skips UTF-16 without a BOM, and UTF-32LE (FF FE 00 00), as binary', async () => {
    for (const bytes of [Buffer.from('KEY=value\n', 'utf16le'), Buffer.from([0xff, 0xfe, 0, 0, 0x41, 0, 0, 0])]) {
      const r = await readAll({ path: '-' }, Readable.from([bytes]));
      assert.deepEqual(r.issues, ['binary']);
    }
  });
  it('removes a UTF-8 BOM from line 1 only', async () => {
    const r = await readAll(file('bom.log'));
    assert.deepEqual(r.lines, [[1, 'bom line'], [2, 'second']]);
  });
  it('reads an empty file as no lines and no issue', async () => {
    const r = await readAll(file('empty.log'));
    assert.deepEqual(r, { lines: [], long: [], issues: [], gzip: false });
  });
  it('reports an unreadable path as an issue, never a throw', async () => {
    const r = await readAll({ path: 'missing.log', absolutePath: fixture('sources', 'does-not-exist.log') });
    assert.deepEqual(r.issues, ['unreadable']);
  });
  it('reads stdin, gzip included', async () => {
    const r = await readAll({ path: '-' }, Readable.from([Buffer.from('a\nb'), Buffer.from('c\n')]));
    assert.deepEqual(r.lines, [[1, 'a'], [2, 'bc']]);
    const z = gzipSync('x\ny\n');
    const g = await readAll({ path: '-' }, Readable.from([z.subarray(0, 1), z.subarray(1)]));
    assert.deepEqual([g.gzip, g.lines], [true, [[1, 'x'], [2, 'y']]]);
  });
  it('does not treat a bare \\r as a line break (CI progress bars)', async () => {
    const r = await readAll({ path: '-' }, Readable.from([Buffer.from('10%\r50%\r100%\ndone\n')]));
    assert.deepEqual(r.lines, [[1, '10%\r50%\r100%'], [2, 'done']]);
  });
  it('cuts a 10 MB line at the cap, reports its line number, and keeps counting lines', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024, 0x61);
    const chunks = [Buffer.from('first\n'), big.subarray(0, 3_000_000), big.subarray(3_000_000), Buffer.from('\nafter\n')];
    const r = await readAll({ path: '-' }, Readable.from(chunks));
    assert.deepEqual(r.long, [2]);
    assert.deepEqual(r.lines.map(([n, t]) => [n, t.length]), [[1, 5], [2, 1024 * 1024], [3, 5]]);
  });
  it('cuts an over-long line that sits inside one chunk', async () => {
    const chunk = Buffer.concat([Buffer.from('a\n'), Buffer.alloc(300, 0x62), Buffer.from('\nz\n')]);
    const r = await readAll({ path: '-' }, Readable.from([chunk]), 100);
    assert.deepEqual(r.long, [2]);
    assert.deepEqual(r.lines.map(([n, t]) => [n, t.length]), [[1, 1], [2, 100], [3, 1]]);
  });
});

describe('readSmallFile (the scan reads small plain files in one call)', () => {
  /** What openBytes yields for the same input, as one buffer, and its issues. */
  async function streamed(input: Input): Promise<{ buf: Buffer; issues: InputIssue[] }> {
    const bytes = openBytes(input);
    const parts: Buffer[] = [];
    for await (const chunk of bytes.chunks) parts.push(Buffer.from(chunk));
    return { buf: Buffer.concat(parts), issues: bytes.issues };
  }

  it('gives what openBytes gives for plain, empty, unterminated, binary and unreadable files', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'clawprint-small-'));
    const write = (name: string, data: string | Buffer): Input => {
      writeFileSync(path.join(dir, name), data);
      return { path: name, absolutePath: path.join(dir, name) };
    };
    const inputs = [
      write('plain.env', 'A=1\nB=2\n'),
      write('empty.txt', ''),
      write('unterminated.txt', 'one\ntwo'),
      write('crlf.txt', '\ufeffone\r\ntwo\r\n'),
      write('binary.bin', Buffer.from([0x41, 0x00, 0x42, 0x0a])),
      { path: 'a-directory', absolutePath: dir },
      { path: 'missing.txt', absolutePath: path.join(dir, 'missing.txt') },
      // Read by its 8 KiB head first: a binary is not read on, whatever its size.
      write('large-binary.bin', Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00]), Buffer.alloc(2 << 20, 0x41)])),
      write('head-exactly.txt', 'y'.repeat(8191) + '\n'),
      write('head-and-one.txt', 'y'.repeat(8192) + '\n'),
      write('nul-after-head.txt', Buffer.concat([Buffer.alloc(9000, 0x41), Buffer.from([0x00, 0x0a])])),
    ];
    for (const input of inputs) {
      const small = readSmallFile(input);
      assert.ok(small !== undefined && 'buf' in small, input.path);
      const expected = await streamed(input);
      assert.deepEqual({ buf: Buffer.from(small.buf), issues: small.issues }, expected, input.path);
    }
    const whole = (input: Input): SmallFile => readSmallFile(input) as SmallFile;
    assert.deepEqual(whole(inputs[4]!).issues.map((i) => i.kind), ['binary']);
    assert.deepEqual(whole(inputs[5]!).issues.map((i) => i.kind), ['unreadable']);
    assert.deepEqual(whole(inputs[6]!).issues.map((i) => i.kind), ['unreadable']);
    assert.deepEqual(whole(inputs[7]!).issues.map((i) => i.kind), ['binary']);
    assert.deepEqual(inputs.slice(8).map((i) => whole(i).buf.length), [8192, 8193, 9002]);
  });

  it('leaves gzip, UTF-16, stdin and files of a read chunk or more to openBytes', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'clawprint-small-'));
    const write = (name: string, data: string | Buffer): Input => {
      writeFileSync(path.join(dir, name), data);
      return { path: name, absolutePath: path.join(dir, name) };
    };
    assert.equal(readSmallFile(write('a.log.gz', gzipSync('a\n'))), undefined);
    assert.equal(readSmallFile(write('b.log.gz', gzipSync(randomBytes(20_000)))), undefined); // gzip past the 8 KiB head
    assert.equal(readSmallFile(write('a.env', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('A=1\n', 'utf16le')]))), undefined);
    assert.equal(readSmallFile({ path: '-' }), undefined);
    assert.ok('fd' in readStarted(write('big.log', 'x'.repeat(1 << 20))));
    assert.ok('buf' in readSmallFile(write('just-under.log', 'x'.repeat((1 << 20) - 1)))!);
  });

  // A plain file of a read chunk or more comes back begun: its first chunk read, the file open.
  const readStarted = (input: Input): StartedFile => {
    const started = readSmallFile(input);
    assert.ok(started !== undefined && 'fd' in started, input.path);
    return started;
  };

  it('hands a larger plain file to the stream reader begun: the same chunks as openBytes, the file closed at the end', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'clawprint-started-'));
    const lines = (n: number, seed: string): string => Array.from({ length: n }, (_, i) => `${seed} ${i} ${'z'.repeat(i % 97)}`).join('\n');
    const sizes = { 'exactly.log': 1 << 20, 'one-more.log': (1 << 20) + 1, 'three.log': 3 * (1 << 20) + 12_345 };
    for (const [name, size] of Object.entries(sizes)) {
      const data = Buffer.alloc(size, lines(60_000, name));
      writeFileSync(path.join(dir, name), data);
      const input: Input = { path: name, absolutePath: path.join(dir, name) };
      const fresh: Buffer[] = [];
      for await (const chunk of openBytes(input).chunks) fresh.push(Buffer.from(chunk));
      const started = readStarted(input);
      const begun: Buffer[] = [];
      const reading = openInput(input, { started });
      for await (const opened of reading.entries) for await (const chunk of opened.bytes.chunks) begun.push(Buffer.from(chunk));
      assert.deepEqual(begun.map((c) => c.length), fresh.map((c) => c.length), name);
      assert.ok(Buffer.concat(begun).equals(data), name);
      assert.deepEqual(reading.issues, [], name);
      assert.throws(() => fstatSync(started.fd), { code: 'EBADF' }, `${name}: closed`);
    }
  });

  it('a begun file that grows is read to its new end; one that shrinks ends with a truncated-while-read issue', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'clawprint-started-'));
    const file = path.join(dir, 'app.log');
    const input: Input = { path: 'app.log', absolutePath: file };
    writeFileSync(file, 'a line of an application log\n'.repeat(80_000)); // 2.3 MB
    const grown = readStarted(input);
    appendFileSync(file, 'appended after the first chunk was read\n');
    let text = '';
    for await (const opened of openInput(input, { started: grown }).entries) for await (const chunk of opened.bytes.chunks) text += chunk.toString('latin1');
    assert.ok(text.endsWith('a line of an application log\nappended after the first chunk was read\n'));
    assert.equal(text.length, 80_000 * 29 + 40);
    const shrunk = readStarted(input);
    truncateSync(file, 100);
    const reading = openInput(input, { started: shrunk });
    let read = 0;
    for await (const opened of reading.entries) for await (const chunk of opened.bytes.chunks) read += chunk.length;
    assert.equal(read, 1 << 20);
    assert.deepEqual(reading.issues.map((i) => i.kind), ['truncated-while-read']);
  });
});

describe('inputs that change or never end while read', () => {
  it('a file truncated while it is read (logrotate copytruncate) ends with a truncated-while-read issue', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'clawprint-bytes-')), 'app.log');
    writeFileSync(file, 'a line of an application log\n'.repeat(120_000)); // 3.4 MB: four reads
    const bytes = openBytes({ path: 'app.log', absolutePath: file });
    let read = 0;
    for await (const chunk of bytes.chunks) {
      if (read === 0) truncateSync(file, 0);
      read += chunk.length;
    }
    assert.equal(read, 1 << 20);
    assert.deepEqual(bytes.issues, [
      {
        path: 'app.log',
        kind: 'truncated-while-read',
        message: 'the file shrank to 0 bytes while it was read (1048576 bytes read; truncated, as by logrotate copytruncate): what followed is not in this input',
      },
    ]);
    // A file that only grows is read to its new end, with no issue.
    writeFileSync(file, 'x\n'.repeat(1 << 20)); // 2 MiB: the first chunk comes before the end
    const grown = openBytes({ path: 'app.log', absolutePath: file });
    let total = 0;
    for await (const chunk of grown.chunks) {
      if (total === 0) appendFileSync(file, 'y\n'.repeat(1000));
      total += chunk.length;
    }
    assert.deepEqual([total, grown.issues], [(2 << 20) + 2000, []]);
  });

  it('keepRest: the rest of a line over maxLine comes in overlapping pieces that hold all of it, in bounded blocks', async () => {
    const line = Array.from({ length: 5000 }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');
    const input = Buffer.from(`short\n${line}\nafter\n`);
    for (const size of [7, 1000, 4096, input.length]) {
      const chunks = (async function* () {
        for (let i = 0; i < input.length; i += size) yield input.subarray(i, i + size);
      })();
      const blocks = [];
      for await (const block of readBlocks(chunks, 1024, true)) blocks.push(block);
      const pieces = blocks.filter((b) => b.rest !== undefined);
      const cut = blocks.find((b) => b.truncated)!;
      assert.equal(cut.buf.toString(), `${line.slice(0, 1024)}\n`);
      // Each piece starts where its offset says, and the fresh parts make up the line's rest.
      for (const p of pieces) assert.equal(p.buf.toString(), line.slice(p.rest!.offset, p.rest!.offset + p.buf.length));
      assert.equal(pieces.map((p) => p.buf.subarray(p.rest!.overlap).toString()).join(''), line.slice(1024));
      assert.ok(blocks.every((b) => b.buf.length <= 1025));
      const whole = blocks.filter((b) => b.rest === undefined && !b.truncated).map((b) => b.buf.toString()).join('');
      assert.equal(whole, 'short\nafter\n');
    }
  });
});
