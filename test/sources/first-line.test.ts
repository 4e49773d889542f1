// A token source is read one bounded line at a time: `fingerprint` / `--token-stdin` with 1 GB on
// stdin crashed by reading it whole first (issue 7).
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { readFirstLine, readFirstLineOfFile } from '../../src/sources/first-line.js';
import { UsageError } from '../../src/errors.js';
import { runCli } from '../helpers.js';

/** An endless stream of `byte` in 16 KiB chunks that counts how many bytes were pulled from it. */
function endless(byte: number, prefix = ''): { stream: Readable; pulled: () => number } {
  let pulled = 0;
  let first = true;
  const stream = new Readable({
    read() {
      const chunk = Buffer.concat([first ? Buffer.from(prefix) : Buffer.alloc(0), Buffer.alloc(16 * 1024, byte)]);
      first = false;
      pulled += chunk.length;
      this.push(chunk);
    },
  });
  return { stream, pulled: () => pulled };
}

describe('readFirstLine', () => {
  it('gigabytes on stdin without a newline: a usage error after reading about the bound, not the stream', async () => {
    const { stream, pulled } = endless(0x41);
    await assert.rejects(readFirstLine(stream, 'standard input', 64 * 1024), (e: unknown) => e instanceof UsageError && /first line of standard input is longer than 64 KiB/.test(e.message));
    // What was pulled is the bound plus what the stream had buffered ahead (its highWaterMark), never the stream.
    assert.ok(pulled() <= 64 * 1024 + 2 * 16 * 1024 + 16 * 1024, `pulled ${pulled()} bytes`);
  });
  it('stops at the first newline of an endless stream and drops a CR', async () => {
    const { stream, pulled } = endless(0x42, 'tok-en_1\r\n');
    assert.equal(await readFirstLine(stream, 'standard input'), 'tok-en_1');
    assert.ok(pulled() < 64 * 1024, `pulled ${pulled()} bytes`);
  });
  it('a file: the first line only, bounded the same way (a token file that is /dev/zero)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'clawprint-first-line-'));
    writeFileSync(path.join(dir, 'ok'), 'abc\nrest');
    writeFileSync(path.join(dir, 'long'), 'x'.repeat(70 * 1024));
    assert.equal(readFirstLineOfFile(path.join(dir, 'ok'), 'the token file'), 'abc');
    assert.throws(() => readFirstLineOfFile(path.join(dir, 'long'), 'the token file'), /first line of the token file is longer than 64 KiB/);
    assert.throws(() => readFirstLineOfFile('/dev/zero', 'the token file'), /longer than 64 KiB/);
  });
});

describe('fingerprint and --token-stdin with a huge stdin', () => {
  const huge = Buffer.alloc(8 * 1024 * 1024, 0x30);
  it('fingerprint: one line, exit 2', async () => {
    const r = await runCli(['fingerprint'], { stdin: huge });
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr, 'clawprint: the first line of standard input is longer than 64 KiB; a token is one short line\n');
    assert.equal(r.stdout, '');
  });
  it('audit --token-stdin: one line, exit 2', async () => {
    const r = await runCli(['audit', 'fixtures/demo/logs', '--token-stdin'], { stdin: huge });
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr, 'clawprint: the first line of standard input is longer than 64 KiB; a token is one short line\n');
  });
  it('a token file of /dev/zero: one line, exit 2', async () => {
    const r = await runCli(['fingerprint', '--token-file', '/dev/zero']);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr, 'clawprint: the first line of the token file is longer than 64 KiB; a token is one short line\n');
  });
});
