import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { timestamped } from '../../src/envelopes/timestamped.js';
import { decode, itDecodesScenarios, itDetects, itLocatesScenarios, itSurvivesBadInput } from './scenarios.js';

describe('timestamped envelope', () => {
  itDecodesScenarios(timestamped);
  itLocatesScenarios(timestamped);
  itDetects(timestamped, ['timestamped']);
  itSurvivesBadInput(timestamped);

  it('removes back-to-back inner prefixes and one at the very start of the payload', () => {
    const t = '2025-02-21T14:03:12.000000001Z ';
    const { payloads } = decode(timestamped, [`${t}${t}a${t}${t}b`]);
    assert.equal(payloads[0]!.text, 'ab');
  });
});
