import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jenkins } from '../../src/envelopes/jenkins.js';
import { decode, itDecodesScenarios, itDetects, itLocatesScenarios, itSurvivesBadInput } from './scenarios.js';

describe('jenkins envelope', () => {
  itDecodesScenarios(jenkins);
  itLocatesScenarios(jenkins);
  itDetects(jenkins, ['jenkinsTimestamper', 'jenkinsNotes']);
  itSurvivesBadInput(jenkins);

  it('removes a console note before stripping ANSI, so its ESC[0m cannot eat token characters', () => {
    const { payloads } = decode(jenkins, ['token=abc\x1b[8mha:AAAA\x1b[0mdef \x1b[8mha:BBBB\x1b[0m****']);
    assert.equal(payloads[0]!.text, 'token=abcdef ****');
  });
});
