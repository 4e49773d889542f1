import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dockerJson } from '../../src/envelopes/docker-json.js';
import { MAX_JOIN_CHARS } from '../../src/envelopes/partial-records.js';
import { fixture } from '../helpers.js';
import { decode, fileLines, itDecodesScenarios, itDetects, itLocatesScenarios, itSurvivesBadInput } from './scenarios.js';

const record = (log: string, stream = 'stdout'): string =>
  JSON.stringify({ log, stream, time: '2025-02-21T14:03:11.2015Z' });

describe('docker-json envelope', () => {
  itDecodesScenarios(dockerJson);
  itLocatesScenarios(dockerJson);
  itDetects(dockerJson, ['dockerJson']);
  itSurvivesBadInput(dockerJson);

  it('re-joins a Bearer value split at 16 KiB across interleaved stderr, on the first record line', () => {
    const lines = fileLines(fixture('envelopes', 'docker-json', 'partial-bearer-interleaved', 'input.log'));
    const { payloads } = decode(dockerJson, lines);
    const joined = payloads.find((p) => p.text.includes('Authorization: Bearer'));
    assert.ok(joined);
    assert.match(joined.text, /Bearer [0-9a-f]{48}"\} status=200$/);
    assert.equal(joined.line, 2);
  });

  it('reads records without JSON.parse exactly as JSON.parse reads them', () => {
    // The fast path (only a closing \n escaped) and the fallback (any other escape, attrs, spaces)
    // must give the same payloads, streams and line numbers.
    const logs = ['plain', 'ends\n', 'crlf\r\n', 'amp & <tag>\n', 'quote " and \\ back\n', 'tab\tin\n', '', '\n', '","stream":"fake\n', 'é ü ✓\n', 'partial'];
    const lines = logs.flatMap((log, i) => [
      record(log, i % 2 === 0 ? 'stdout' : 'stderr'),
      JSON.stringify({ log, stream: 'stdout', attrs: { tag: 'x"y' }, time: '2025-02-21T14:03:11Z' }),
      `{"log": ${JSON.stringify(log)}, "stream": "stderr", "time": "2025-02-21T14:03:11Z"}`,
    ]);
    const { payloads } = decode(dockerJson, lines);
    const expected: Array<{ text: string; line: number }> = [];
    // What the records say, re-joined by stream the way Docker means them.
    const open = new Map<string, { text: string; line: number }>();
    lines.forEach((raw, i) => {
      const r = JSON.parse(raw) as { log: string; stream: string };
      const part = open.get(r.stream) ?? { text: '', line: i + 1 };
      part.text += r.log;
      if (r.log.endsWith('\n')) {
        open.delete(r.stream);
        expected.push({ text: part.text.replace(/\r?\n$/, ''), line: part.line });
      } else open.set(r.stream, part);
    });
    expected.push(...[...open.values()].sort((a, b) => a.line - b.line));
    assert.deepEqual(payloads.map((p) => ({ text: p.text, line: p.line })), expected);
  });

  it('emits a join that reaches 1 MiB and starts over', () => {
    const chunk = 'a'.repeat(16 * 1024);
    const parts = Math.ceil(MAX_JOIN_CHARS / chunk.length) + 3;
    const lines = Array.from({ length: parts }, () => record(chunk));
    lines.push(record('end\n'));
    const { payloads } = decode(dockerJson, lines);
    assert.equal(payloads.length, 2);
    assert.equal(payloads[0]!.text.length, MAX_JOIN_CHARS);
    assert.equal(payloads[0]!.line, 1);
    assert.equal(payloads[1]!.line, MAX_JOIN_CHARS / chunk.length + 1);
    assert.equal(payloads[1]!.text, chunk.repeat(3) + 'end');
  });

  it('flushes unfinished partials of each stream at the end, oldest first', () => {
    const { payloads } = decode(dockerJson, [record('err part', 'stderr'), record('out part'), record('done\n', 'stdin')]);
    assert.deepEqual(payloads.map((p) => [p.line, p.text]), [[3, 'done'], [1, 'err part'], [2, 'out part']]);
  });
});
