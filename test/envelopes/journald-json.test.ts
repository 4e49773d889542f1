import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { journaldJson } from '../../src/envelopes/journald-json.js';
import { decode, itDecodesScenarios, itDetects, itLocatesScenarios, itSurvivesBadInput, SAMPLES } from './scenarios.js';

describe('journald-json envelope', () => {
  itDecodesScenarios(journaldJson);
  itLocatesScenarios(journaldJson);
  itDetects(journaldJson, ['journaldJson']);
  itSurvivesBadInput(journaldJson);

  it('reads MESSAGE as text or as bytes, with __REALTIME_TIMESTAMP (µs) as its time', () => {
    const { payloads } = decode(journaldJson, SAMPLES.journaldJson);
    assert.deepEqual(payloads.map((p) => [p.text, p.time]), [
      ['[ws] webchat connected conn=4b1f remote=198.51.100.23', 1770548086179],
      ['[gateway] \ufffd', 1770548087000],
    ]);
  });
});
