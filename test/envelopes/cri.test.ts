import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cri } from '../../src/envelopes/cri.js';
import { MAX_JOIN_CHARS } from '../../src/envelopes/partial-records.js';
import { decode, itDecodesScenarios, itDetects, itLocatesScenarios, itSurvivesBadInput } from './scenarios.js';

describe('cri envelope', () => {
  itDecodesScenarios(cri);
  itLocatesScenarios(cri);
  itDetects(cri, ['criContainerd', 'criCrio']);
  itSurvivesBadInput(cri);

  it('emits a P/F join that reaches 1 MiB and starts over', () => {
    const chunk = 'b'.repeat(8 * 1024);
    const parts = MAX_JOIN_CHARS / chunk.length + 2;
    const lines = Array.from({ length: parts }, () => `2025-02-21T14:03:12.000000003+00:00 stderr P ${chunk}`);
    lines.push('2025-02-21T14:03:12.000000004+00:00 stderr F end');
    const { payloads } = decode(cri, lines);
    assert.deepEqual(payloads.map((p) => [p.line, p.text.length]), [[1, MAX_JOIN_CHARS], [MAX_JOIN_CHARS / chunk.length + 1, 2 * chunk.length + 3]]);
  });
});
