// gateway-bytes.ts reads gateway-jsonl lines from their bytes, or leaves them to gateway-jsonl's
// parse (JSON.parse): the reference. Every generated or damaged line must read the same both ways
// (the same ParsedLine, the same text), or be left to parse. Lines draw their keys from every alias
// gateway-fields reads and others, in any order, some twice; values of every JSON kind and the
// traps of its grammar (escapes, bytes past ASCII, control characters, `01`, `-0`, `1.`, `1e5`,
// nested objects, blanks); times in and around the RFC 3339 UTC shape, many in the same minute.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bytesRead, channelsFrom, readGatewayBytes, viewBlock } from '../../src/parsers/gateway-bytes.js';
import { gatewayJsonl } from '../../src/parsers/gateway-jsonl.js';
import { lineAt } from '../../src/pipeline/lines.js';
import { UTC_CONTEXT } from '../../src/time.js';
import { lineGenerator } from './gateway-lines.js';

const ctx = { time: UTC_CONTEXT };
const { random, pick, int, lineText, damaged } = lineGenerator(0xb17e5);

describe('gateway-jsonl lines read from their bytes', () => {
  it('reads every line as JSON.parse and the property loads do, or leaves it to them', () => {
    let read = 0;
    let left = 0;
    let events = 0;
    for (let n = 0; n < 60_000; n++) {
      let text = lineText();
      if (random() < 0.3) text = damaged(text);
      if (text.includes('\n')) continue;
      // Inside a block: a line before it, and one after it (or the block's end, or a \r\n).
      const before = '{"ts":"2025-02-21T14:03:11Z","event":"ws.connect"}\n';
      const after = pick(['\n{"ts":1}\n', '\r\n{}', '\n', '']);
      const buf = Buffer.from(before + text + after, 'utf8');
      const start = Buffer.byteLength(before);
      viewBlock(buf);
      const fast = readGatewayBytes(buf, start, ctx);
      const lineText_ = lineAt(buf, start, false);
      const expected = lineText_ === '' ? undefined : gatewayJsonl.parse(lineText_, ctx);
      if (fast === undefined) {
        left++;
        continue;
      }
      read++;
      if (fast.event !== undefined) events++;
      assert.equal(buf.toString('latin1', start, bytesRead.end), lineText_, JSON.stringify(text));
      assert.deepEqual(fast, expected, JSON.stringify(text));
    }
    // The test means something only if both paths are taken often.
    assert.ok(read > 12_000 && left > 10_000 && events > 4_000, `${read} read, ${left} left, ${events} events`);
  });

  it('reads the gateway lines of every kind, and hands a value seen before as the same string', () => {
    const lines = [
      '{"ts":"2025-02-19T00:00:00.000Z","event":"http.request","method":"GET","path":"/api/v1/sessions/f297215b-9a51-2a76","status":200,"remote_addr":"91.179.242.206","user_agent":"python-requests/2.32.3","token_fp":"sha256:a3694e2a4863"}',
      '{"ts":"2025-02-19T00:00:00.472Z","event":"ws.connect","path":"/ws","remote_addr":"10.46.131.63","user_agent":"openclaw-agent/2026.2.1","token_fp":"sha256:a3694e2a4863","agent":"summarizer-us"}',
      '{"ts":"2025-02-19T00:00:13.862Z","event":"agent.register","agent":"researcher-batch","channels":["webhook","telegram"],"remote_addr":"10.41.120.171","token_fp":"sha256:a3694e2a4863"}',
      '{"ts":"2025-02-19T00:01:02.783Z","event":"http.request","method":"POST","path":"/api/v1/agents?token=XXXXXXXX","status":401,"remote_addr":"10.20.0.5","user_agent":"openclaw-cli/2026.1.28","token_fp":"sha256:b7341f029c3c"}',
    ];
    const buf = Buffer.from(`${lines.join('\n')}\n`);
    viewBlock(buf);
    let start = 0;
    const got = lines.map((line) => {
      const parsed = readGatewayBytes(buf, start, ctx);
      assert.ok(parsed !== undefined, line);
      assert.deepEqual(parsed, gatewayJsonl.parse(line, ctx));
      assert.equal(bytesRead.end, start + line.length);
      start = bytesRead.end + 1;
      return parsed;
    });
    assert.deepEqual(got.map((p) => p.event?.kind), ['request', 'connection', 'registration', 'auth-failure']);
    assert.deepEqual(got[2]!.event?.channels, ['webhook', 'telegram']);
    assert.equal(got[3]!.event?.time, Date.UTC(2025, 1, 19, 0, 1, 2, 783));
    // The same bytes again: the same string objects (Object.is on strings compares contents, so a
    // changed byte must give a changed value, and the interned copy must not be reused for it).
    const again = Buffer.from(`${lines[0]}\n${lines[0]!.replace('91.179.242.206', '91.179.242.207')}\n`);
    viewBlock(again);
    const first = readGatewayBytes(again, 0, ctx)!;
    const second = readGatewayBytes(again, lines[0]!.length + 1, ctx)!;
    assert.equal(first.event?.source, '91.179.242.206');
    assert.equal(second.event?.source, '91.179.242.207');
    assert.equal(second.event?.userAgent, 'python-requests/2.32.3');
    // Values of the same length and hash (31·'A' + 'a' = 31·'B' + 'B'): told apart by their bytes.
    const colliding = ['curl/Aa', 'curl/BB', 'curl/Aa'].map((ua) => `{"ts":"2025-02-19T00:00:00Z","event":"ws.connect","user_agent":"${ua}"}`);
    const both = Buffer.from(colliding.join('\n'));
    viewBlock(both);
    let at = 0;
    for (const line of colliding) {
      assert.deepEqual(readGatewayBytes(both, at, ctx), gatewayJsonl.parse(line, ctx), line);
      at = bytesRead.end + 1;
    }
  });

  it('reads a time as parseRfc3339Utc does after another in the same minute', () => {
    // The reader keeps the last minute's epoch: a time that shares its first 16 bytes but not the
    // separator, and a leap second before the year 100 (not linear there: no minute kept).
    for (const [first, second] of [
      ['2025-02-21T14:03:11Z', '2025-02-21T14:03x11Z'],
      ['2025-02-21T14:03:11Z', '2025-02-21T14:03:60.5Z'],
      ['0099-12-31T23:59:60Z', '0099-12-31T23:59:00Z'],
      ['0099-12-31T23:59:00Z', '0099-12-31T23:59:60Z'],
      ['2016-12-31T23:59:60Z', '2016-12-31T23:59:59.999Z'],
    ]) {
      const lines = [first, second].map((t) => `{"ts":"${t}","event":"ws.connect"}`);
      const buf = Buffer.from(lines.join('\n'));
      viewBlock(buf);
      const read = [readGatewayBytes(buf, 0, ctx), readGatewayBytes(buf, lines[0]!.length + 1, ctx)];
      assert.deepEqual(read, lines.map((line) => gatewayJsonl.parse(line, ctx)), `${first} then ${second}`);
    }
  });

  it('leaves a line of a block it was not given (viewBlock) to JSON.parse', () => {
    const line = '{"ts":"2025-02-19T00:00:00Z","event":"ws.connect"}';
    const given = Buffer.from(line);
    const other = Buffer.from(line);
    viewBlock(given);
    assert.equal(readGatewayBytes(other, 0, ctx), undefined);
    assert.deepEqual(readGatewayBytes(given, 0, ctx), gatewayJsonl.parse(line, ctx));
  });

  it('leaves escapes, bytes past ASCII, nested objects and numbers it cannot read exactly to JSON.parse', () => {
    for (const line of [
      '{"ts":"2025-02-19T00:00:00Z","event":"http.request","method":"G\\u0045T"}',
      '{"ts":"2025-02-19T00:00:00Z","event":"http.request","method":"GET","user_agent":"café"}',
      '{"ts":"2025-02-19T00:00:00Z","event":"http.request","method":"GET","auth":{"fingerprint":"sha256:9c1185a5c5e9"}}',
      '{"ts":"2025-02-19T00:00:00Z","event":"http.request","method":"GET","status":4.01e2}',
      '{"ts":1740146591,"event":"http.request","method":"GET"}',
      '{"ts":"2025-02-19T00:00:00Z","event":"http.request","method":"GET","extra":{"a":1}}',
      '{"ts":"2025-02-19T00:00:00Z","event":"http.request","method":"GET"} trailing',
      '\u000b{"ts":"2025-02-19T00:00:00Z","event":"http.request","method":"GET"}',
    ]) {
      const buf = Buffer.from(line);
      viewBlock(buf);
      assert.equal(readGatewayBytes(buf, 0, ctx), undefined, line);
    }
  });

  it('channelsFrom reads an array of strings, and throws on one it refuses (the WebAssembly reader took it: the two drifted apart)', () => {
    const buf = Buffer.from('["webhook","telegram"] [1,2]');
    assert.deepEqual(channelsFrom(buf, 0), ['webhook', 'telegram']);
    assert.throws(() => channelsFrom(buf, 23), /gateway-bytes\.wat took a channels array/);
  });
});
