// gateway-bytes-wasm.ts reads the lines the SIMD pass reported in a block of the read arena with
// the WebAssembly reader (gateway-bytes.wat), in batches. It must take exactly the lines
// gateway-bytes.ts's reader takes, and read each as gateway-jsonl's parse (JSON.parse) does: the
// same generated and damaged lines as gateway-bytes.test.ts, many to a block (batches of 256, slots
// filled and reused across lines and batches), some lines not asked for (the input's first), blocks
// ending with and without a newline.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { bytesRead, readGatewayBytes } from '../../src/parsers/gateway-bytes.js';
import { readGatewayLine, startBlock, wasmReads } from '../../src/parsers/gateway-bytes-wasm.js';
import { GATEWAY_BYTES_WASM_BASE64 } from '../../src/parsers/gateway-bytes-wasm-module.js';
import { gatewayJsonl } from '../../src/parsers/gateway-jsonl.js';
import type { ParsedLine } from '../../src/parsers/parser.js';
import { lineAt } from '../../src/pipeline/lines.js';
import { arenaHolding, lastPass } from '../../src/prefilter/teddy-kernel.js';
import { readBuffer } from '../../src/sources/read-pool.js';
import { UTC_CONTEXT } from '../../src/time.js';
import { CLI, ROOT } from '../helpers.js';
import { lineGenerator } from './gateway-lines.js';

const ctx = { time: UTC_CONTEXT };
const { random, pick, int, lineText, damaged } = lineGenerator(0x3a5f7);

/** Lines of the bench's shape, whose values repeat (the intern slots' hits), with a changed byte now and then. */
const REPEATED = [
  '{"ts":"2025-02-19T00:00:00.000Z","event":"http.request","method":"GET","path":"/api/v1/sessions/f297215b-9a51-2a76","status":200,"remote_addr":"91.179.242.206","user_agent":"python-requests/2.32.3","token_fp":"sha256:a3694e2a4863"}',
  '{"ts":"2025-02-19T00:00:00.472Z","event":"ws.connect","path":"/ws","remote_addr":"10.46.131.63","user_agent":"openclaw-agent/2026.2.1","token_fp":"sha256:a3694e2a4863","agent":"summarizer-us"}',
  '{"ts":"2025-02-19T00:00:13.862Z","event":"agent.register","agent":"researcher-batch","channels":["webhook","telegram"],"remote_addr":"10.41.120.171","token_fp":"sha256:a3694e2a4863"}',
  '{"ts":"2025-02-19T00:01:02.783Z","event":"http.request","method":"POST","path":"/api/v1/agents?token=XXXXXXXX","status":401,"remote_addr":"10.20.0.5","user_agent":"openclaw-cli/2026.1.28","token_fp":"sha256:b7341f029c3c"}',
];

function oneLine(): string {
  for (;;) {
    let text: string;
    if (random() < 0.35) {
      text = pick(REPEATED);
      if (random() < 0.2) {
        // Another value of the same length (a slot's bytes compared, not trusted), or another time.
        const at = 10 + int(text.length - 12);
        text = text.slice(0, at) + pick(['1', 'x', 'A', '.']) + text.slice(at + 1);
      }
    } else {
      text = lineText();
      if (random() < 0.3) text = damaged(text);
    }
    if (!text.includes('\n')) return text;
  }
}

/**
 * Reads `lines` as one block in the arena, as readUnframed does once the SIMD pass has reported
 * every line: returns, per line asked for (`ask`), what the WebAssembly path read and what
 * gateway-bytes.ts's reader and JSON.parse read.
 */
function readBlock(text: string, ask: (line: number) => boolean): Array<{ line: string; wasm: ParsedLine | undefined; end: number; bytes: ParsedLine | undefined; parsed: ParsedLine | undefined }> {
  const pool = readBuffer();
  const n = pool.write(text, 0, 'utf8');
  assert.ok(n < pool.length, 'the block fits a read buffer');
  const buf = pool.subarray(0, n);
  const arena = arenaHolding(buf);
  assert.ok(arena !== undefined, 'read buffers lie in the arena');
  startBlock(buf);
  // The pass's result pairs (start, line number), as teddy.wat writes them, for every line.
  const words = new Int32Array(arena.kernel.memory.buffer);
  const starts: number[] = [];
  for (let s = 0; s < n; ) {
    words[(arena.out >> 2) + 2 * starts.length] = s;
    words[(arena.out >> 2) + 2 * starts.length + 1] = starts.length + 1;
    starts.push(s);
    const nl = buf.indexOf(10, s);
    if (nl === -1) break;
    s = nl + 1;
  }
  lastPass.buf = buf;
  lastPass.out = arena.out;
  lastPass.n = starts.length;
  lastPass.serial++;
  const out = [];
  for (let k = 0; k < starts.length; k++) {
    if (!ask(k + 1)) continue;
    const start = starts[k]!;
    const wasm = readGatewayLine(buf, start, ctx);
    const end = bytesRead.end;
    const bytes = readGatewayBytes(buf, start, ctx);
    const line = lineAt(buf, start, false);
    out.push({ line, wasm, end, bytes, parsed: line === '' ? undefined : gatewayJsonl.parse(line, ctx) });
  }
  return out;
}

describe('gateway-jsonl lines read by the WebAssembly reader', () => {
  it('takes the lines gateway-bytes.ts takes, and reads them as JSON.parse and the property loads do', () => {
    let read = 0;
    let left = 0;
    let lines = 0;
    const batches = wasmReads.batches;
    for (let b = 0; b < 40; b++) {
      const count = pick([1, 2, 255, 256, 257, 600, 1500, 3000]);
      const text = Array.from({ length: count }, oneLine).join('\n') + pick(['\n', '', '\r\n', '\n\n']);
      const skipped = random() < 0.3;
      for (const { line, wasm, end, bytes, parsed } of readBlock(text, (n) => !skipped || n % 3 !== 1)) {
        lines++;
        assert.equal(wasm === undefined, bytes === undefined, `taken by one reader only: ${JSON.stringify(line)}`);
        if (wasm === undefined) {
          left++;
          continue;
        }
        read++;
        assert.equal(text.includes(line) && end >= 0, true);
        assert.deepEqual(wasm, parsed, JSON.stringify(line));
        assert.deepEqual(bytes, parsed, JSON.stringify(line));
      }
    }
    assert.ok(read > 10_000 && left > 10_000, `${read} read, ${left} left of ${lines}`);
    // The module read them, not gateway-bytes.ts's fallback (else this test compares JS with JS).
    assert.ok(wasmReads.batches - batches >= 40, `${wasmReads.batches - batches} batches read by the module`);
  });

  it('checks a predicted key or value whole: the next key and the last value read differ by a byte, or go on', () => {
    // Each line after the same line unchanged, so that its keys and values are the ones predicted.
    const lines: string[] = [];
    for (const base of REPEATED) {
      const tokens = [...base.matchAll(/"([^"]*)"/g)];
      for (const [quoted, inner] of tokens) {
        for (const other of [`"${inner}x"`, `"${inner!.slice(0, -1)}"`, `"${inner!.slice(0, -1)}~"`, `"${inner}\\""`, `"${inner}\u00e9"`, '""', `"${inner}" `]) {
          const at = base.indexOf(quoted);
          lines.push(base, base.slice(0, at) + other + base.slice(at + quoted.length));
        }
      }
    }
    let read = 0;
    for (const { line, wasm, bytes, parsed } of readBlock(`${lines.join('\n')}\n`, () => true)) {
      assert.equal(wasm === undefined, bytes === undefined, `taken by one reader only: ${JSON.stringify(line)}`);
      if (wasm === undefined) continue;
      read++;
      assert.deepEqual(wasm, parsed, JSON.stringify(line));
    }
    assert.ok(read > lines.length / 2, `${read} of ${lines.length}`);
  });

  it('ends each line where gateway-bytes.ts does, a \\r before its newline left out', () => {
    const text = `${REPEATED[0]}\r\n${REPEATED[1]} \t\r\n\r\n${REPEATED[2]}`;
    const pool = readBuffer();
    const n = pool.write(text, 0, 'latin1');
    const buf = pool.subarray(0, n);
    const arena = arenaHolding(buf)!;
    startBlock(buf);
    const words = new Int32Array(arena.kernel.memory.buffer);
    const starts = [0, REPEATED[0]!.length + 2, REPEATED[0]!.length + REPEATED[1]!.length + 6, REPEATED[0]!.length + REPEATED[1]!.length + 8];
    starts.forEach((s, k) => (words[(arena.out >> 2) + 2 * k] = s));
    Object.assign(lastPass, { buf, out: arena.out, n: starts.length, serial: lastPass.serial + 1 });
    const ends = starts.map((s) => {
      const parsed = readGatewayLine(buf, s, ctx);
      return parsed === undefined ? -1 : bytesRead.end;
    });
    // The empty line (\r alone) is no object; the last, with no newline after it, is read by gateway-bytes.ts.
    assert.deepEqual(ends, [REPEATED[0]!.length, starts[1]! + REPEATED[1]!.length + 2, -1, n]);
  });

  it('leaves a block outside the arena, or one the pass did not report, to gateway-bytes.ts', () => {
    const line = REPEATED[1]!;
    const outside = Buffer.from(`${line}\n`);
    startBlock(outside);
    assert.deepEqual(readGatewayLine(outside, 0, ctx), gatewayJsonl.parse(line, ctx));
    const pool = readBuffer();
    const n = pool.write(`${line}\n`, 0, 'latin1');
    const buf = pool.subarray(0, n);
    startBlock(buf);
    // No pass since startBlock: lastPass is another block's.
    assert.deepEqual(readGatewayLine(buf, 0, ctx), gatewayJsonl.parse(line, ctx));
  });

  it('gives the same audit without WebAssembly (node --jitless: gateway-bytes.ts reads every line)', () => {
    // The demo's gateway log, many times over with other times and some lines damaged.
    const demo = readFileSync(path.join(ROOT, 'fixtures', 'demo', 'logs', 'gateway-access.log'), 'utf8').trimEnd().split('\n');
    const out: string[] = [];
    for (let r = 0; r < 60; r++) {
      for (const line of demo) {
        const shifted = line.replace(/T16:(\d\d)/, (_, m: string) => `T${String(10 + (r % 8)).padStart(2, '0')}:${m}`);
        out.push(random() < 0.05 ? damaged(shifted) : shifted);
      }
    }
    const dir = mkdtempSync(path.join(os.tmpdir(), 'clawprint-wasm-reader-'));
    const log = path.join(dir, 'gateway.jsonl');
    writeFileSync(log, `${out.join('\n')}\n`);
    const args = [CLI, 'audit', log, '--token-file', path.join(ROOT, 'fixtures', 'demo', 'leaked-token.txt'), '--since', '2025-02-21T00:00Z', '--until', '2025-02-22T00:00Z', '--format', 'json', '--fail-on', 'none', '--no-progress'];
    const env = { ...process.env, CLAWPRINT_CACHE_DIR: path.join(dir, 'cache') };
    const withWasm = spawnSync(process.execPath, args, { encoding: 'utf8', env });
    const without = spawnSync(process.execPath, ['--jitless', ...args], { encoding: 'utf8', env });
    assert.equal(withWasm.status, 0, withWasm.stderr);
    assert.equal(without.status, 0, without.stderr);
    const report = JSON.parse(withWasm.stdout) as { findings: unknown[]; inputs: Array<{ events: number }> };
    assert.ok(report.findings.length > 0 && report.inputs[0]!.events > 1000, withWasm.stdout.slice(0, 400));
    assert.equal(without.stdout, withWasm.stdout);
  });

  it('is the module gateway-bytes.wat assembles to', async () => {
    const { assembleGatewayBytes } = (await import(pathToFileURL(path.join(ROOT, 'scripts', 'build-wasm.mjs')).href)) as { assembleGatewayBytes: () => Promise<string> };
    assert.equal(await assembleGatewayBytes(), GATEWAY_BYTES_WASM_BASE64, 'run npm run build:wasm');
  });
});
