// src/sha256.ts (WebAssembly, sha256.wat) gives node:crypto's SHA-256 bytes, and the module is
// the one sha256.wat assembles to.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { sha256 } from '../src/sha256.js';
import { SHA256_WASM_BASE64 } from '../src/sha256-wasm.js';
import { ROOT } from './helpers.js';
import { seeded } from './random.js';

const expected = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

describe('sha256 (WebAssembly)', () => {
  it('matches the FIPS 180-4 examples', () => {
    assert.equal(sha256('').toString('hex'), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    assert.equal(sha256('abc').toString('hex'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.equal(sha256('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq').toString('hex'), '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });

  it('matches node:crypto at every length around the block and padding edges, and for long texts', () => {
    for (let n = 0; n <= 200; n++) assert.equal(sha256('x'.repeat(n)).toString('hex'), expected('x'.repeat(n)), `length ${n}`);
    for (const n of [4095, 65536, 70000, 300_000]) assert.equal(sha256('y'.repeat(n)).toString('hex'), expected('y'.repeat(n)), `length ${n}`);
  });

  it('matches node:crypto on random text: ASCII, other planes, lone surrogates (U+FFFD both)', () => {
    const random = seeded(8);
    const units = [0x41, 0x7a, 0x00, 0x7f, 0x80, 0x7ff, 0x800, 0xe9, 0x20ac, 0xd83d, 0xde00, 0xdc00, 0xffff];
    for (let t = 0; t < 500; t++) {
      let text = '';
      const n = Math.floor(random() * 150);
      for (let i = 0; i < n; i++) text += String.fromCharCode(random() < 0.6 ? 0x20 + Math.floor(random() * 95) : units[Math.floor(random() * units.length)]!);
      assert.equal(sha256(text).toString('hex'), expected(text), JSON.stringify(text));
    }
  });

  it('returns a copy: a later digest does not change an earlier one', () => {
    const a = sha256('first');
    sha256('second');
    assert.equal(a.toString('hex'), expected('first'));
  });

  it('without WebAssembly (node --jitless) falls back to node:crypto with the same bytes', () => {
    const module = pathToFileURL(path.join(ROOT, 'dist', 'src', 'sha256.js')).href;
    const script = `const { sha256 } = await import(${JSON.stringify(module)}); console.log(typeof WebAssembly, sha256('abc').toString('hex'), sha256('é'.repeat(70)).toString('hex'));`;
    const r = spawnSync(process.execPath, ['--jitless', '--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), `undefined ${expected('abc')} ${expected('é'.repeat(70))}`);
  });

  it('is the module sha256.wat assembles to', async () => {
    const { assembleSha256 } = (await import(pathToFileURL(path.join(ROOT, 'scripts', 'build-wasm.mjs')).href)) as { assembleSha256: () => Promise<string> };
    assert.equal(await assembleSha256(), SHA256_WASM_BASE64, 'run npm run build:wasm');
  });
});
