// The edges of gateway-bytes.wat's 16-byte steps (docs/performance.md, "The byte reader: loops,
// predictions and the cache"): strings that end at every offset of a vector and cross its boundary,
// a backslash, a control character or a byte past ASCII at every offset of a key or a value (after
// the same line without it, so that the key and value predictions are tried first), lines that end
// within the last 16 bytes of the arena's last buffer with string-like bytes after it, and a module
// the engine does not validate (no SIMD), where gateway-bytes.ts reads every line. Each line must
// be taken by both byte readers or neither, and read as gateway-jsonl's JSON.parse path reads it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bytesRead, readGatewayBytes } from '../../src/parsers/gateway-bytes.js';
import { readGatewayLine, reloadReaderForTest, startBlock, wasmReads } from '../../src/parsers/gateway-bytes-wasm.js';
import { gatewayJsonl } from '../../src/parsers/gateway-jsonl.js';
import { lineAt } from '../../src/pipeline/lines.js';
import { arenaHolding, lastPass } from '../../src/prefilter/teddy-kernel.js';
import { inflateBuffer, readBuffer } from '../../src/sources/read-pool.js';
import { UTC_CONTEXT } from '../../src/time.js';

const ctx = { time: UTC_CONTEXT };

/**
 * Writes `text` into `buf` at its start (its last byte at the buffer's last byte when `atEnd`),
 * reports every line as the SIMD pass would, reads each with both byte readers and JSON.parse, and
 * checks they agree. Returns how many lines the module read (a record, not the fallback).
 */
function readAll(buf: Buffer, text: string, atEnd = false): number {
  const bytes = Buffer.from(text, 'latin1');
  assert.ok(bytes.length <= buf.length);
  const block = atEnd ? buf.subarray(buf.length - bytes.length) : buf.subarray(0, bytes.length);
  bytes.copy(block);
  const arena = arenaHolding(buf);
  assert.ok(arena !== undefined, 'the buffer lies in the arena');
  startBlock(block);
  const words = new Int32Array(arena.kernel.memory.buffer);
  const starts: number[] = [];
  for (let s = 0; s < block.length; ) {
    words[(arena.out >> 2) + 2 * starts.length] = s;
    words[(arena.out >> 2) + 2 * starts.length + 1] = starts.length + 1;
    starts.push(s);
    const nl = block.indexOf(10, s);
    if (nl === -1) break;
    s = nl + 1;
  }
  Object.assign(lastPass, { buf: block, out: arena.out, n: starts.length, serial: lastPass.serial + 1 });
  const before = wasmReads.batches;
  let read = 0;
  for (const start of starts) {
    const line = lineAt(block, start, false);
    const wasm = readGatewayLine(block, start, ctx);
    const end = bytesRead.end;
    const bytesLine = readGatewayBytes(block, start, ctx);
    const bytesEnd = bytesRead.end;
    assert.equal(wasm === undefined, bytesLine === undefined, `taken by one reader only: ${JSON.stringify(line)}`);
    if (wasm === undefined) continue;
    read++;
    assert.equal(end, bytesEnd, JSON.stringify(line));
    assert.deepEqual(wasm, gatewayJsonl.parse(line, ctx), JSON.stringify(line));
  }
  return wasmReads.batches > before ? read : 0;
}

const line = (ua: string, path: string, ts = '2025-02-21T14:03:11.201Z'): string =>
  `{"ts":"${ts}","event":"http.request","method":"GET","path":"${path}","status":200,"remote_addr":"10.0.0.5","user_agent":"${ua}","token_fp":"sha256:492af9017f91"}`;

describe('the WebAssembly byte reader at the edges of its 16-byte steps', () => {
  it('reads values of 0 to 100 bytes at every alignment, each after itself and after a near copy', () => {
    for (let n = 0; n <= 100; n++) {
      const lines: string[] = [];
      const value = 'abcdefghijklmnopqrstuvwxyz0123456789'.repeat(3).slice(0, n);
      for (let shift = 0; shift < 16; shift++) {
        // The key's and the values' offsets move with the padding value before them.
        const pad = 'p'.repeat(shift);
        const text = `{"level":"${pad}","user_agent":"${value}","path":"/${value}","agent":"${value}"}`;
        const near = n > 0 ? text.replace(`"user_agent":"${value}`, `"user_agent":"${value.slice(0, -1)}~`) : text;
        lines.push(text, text, near, text);
      }
      assert.equal(readAll(readBuffer(), `${lines.join('\n')}\n`), lines.length);
    }
  });

  it('refuses a backslash, a control character or a byte past ASCII at every offset of a key or value', () => {
    const ua = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36';
    const path = '/api/v1/agents/researcher/messages?page=2';
    const lines: string[] = [];
    let clean = 0;
    for (const bad of ['\\"', '\\\\', '\\u0041', '\\n', '\t', '\x01', '\x1f', '\x7f', '\xe9', '\xff']) {
      for (let at = 0; at <= 40; at++) {
        lines.push(line(ua, path));
        clean++;
        lines.push(line(ua.slice(0, at) + bad + ua.slice(at), path));
        lines.push(line(ua, path.slice(0, at) + bad + path.slice(at)));
        lines.push(line(ua, path, `2025-02-21T14:03:11.201Z`.slice(0, at % 25) + bad + `2025-02-21T14:03:11.201Z`.slice(at % 25)));
      }
      for (const key of ['user_agent', 'remote_addr', 'status', 'ts']) {
        for (let at = 0; at <= key.length; at++) {
          lines.push(line(ua, path));
          clean++;
          lines.push(line(ua, path).replace(`"${key}"`, `"${key.slice(0, at)}${bad}${key.slice(at)}"`));
        }
      }
    }
    const read = readAll(readBuffer(), `${lines.join('\n')}\n`);
    // Every clean line is read (and those with 0x7f, ASCII); the rest are left to JSON.parse.
    assert.ok(read >= clean && read < lines.length, `${read} of ${lines.length}, ${clean} clean`);
  });

  it('reads lines that end within the last 16 bytes of the arena, never what lies after it', () => {
    // The arena's last buffer (the inflate pool's last): the kernel's output area follows its PAD.
    let last = inflateBuffer();
    for (let i = 0; i < 6; i++) {
      const b = inflateBuffer();
      if (b.byteOffset > last.byteOffset) last = b;
    }
    const arena = arenaHolding(last)!;
    const memory = Buffer.from(arena.kernel.memory.buffer);
    const after = last.byteOffset + last.length;
    for (let cut = 0; cut < 20; cut++) {
      const ua = `curl/8.${'4'.repeat(cut)}`;
      // Bytes after the block that would continue the last value, or close a line, if they were read.
      memory.write(`${'x'.repeat(cut % 7)}","agent":"after-the-block"}\n`, after, 'latin1');
      const text = [line(ua, '/ws'), line(ua, '/ws'), line(`${ua}9`, `/ws${'/'.repeat(cut)}`)].join('\n');
      // With its newline at the buffer's last byte (read), and without one (left to gateway-bytes.ts).
      assert.equal(readAll(last, `${text}\n`, true), 3);
      // (Its last line, cut, is JSON only when nothing was cut.)
      assert.equal(readAll(last, `${text}\n${text.slice(0, text.length - cut)}`, true), cut === 0 ? 6 : 5);
    }
    // The module's reads past a block stay in memory: its own area lies after every buffer.
    assert.ok(arena.spare >= after + 128);
  });

  it('reads every line with gateway-bytes.ts when the module does not validate (no SIMD)', () => {
    const text = `${[line('curl/8.4.0', '/ws'), line('curl/8.4.0', '/ws'), '{"ts":"2025-02-21T14:03:11Z","agent":"a\\u0041"}'].join('\n')}\n`;
    try {
      // v128.const's opcode where the module's code has its first function: not a valid module.
      reloadReaderForTest(Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x0a, 0x06, 0x01, 0x04, 0x00, 0xfd, 0xff, 0x0b]));
      const batches = wasmReads.batches;
      assert.equal(readAll(readBuffer(), text), 0, 'no line read by the module');
      assert.equal(wasmReads.batches, batches);
    } finally {
      reloadReaderForTest();
    }
    assert.equal(readAll(readBuffer(), text), 2, 'the module reads again once reloaded');
  });
});
