import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { githubActions } from '../../src/envelopes/github-actions.js';
import { decode, itDecodesScenarios, itDetects, itLocatesScenarios, itSurvivesBadInput } from './scenarios.js';

describe('github-actions envelope', () => {
  itDecodesScenarios(githubActions);
  itLocatesScenarios(githubActions);
  itDetects(githubActions, ['githubActions']);
  itSurvivesBadInput(githubActions);

  it('detects a sample that still starts with the BOM', () => {
    assert.equal(githubActions.detect(['\ufeff2025-02-21T14:03:11.4801562Z Current runner version', '2025-02-21T14:03:11.4801990Z x']), true);
  });

  it('keeps unknown ##[…] text and `***` masks as they are', () => {
    const { payloads } = decode(githubActions, ['2025-02-21T14:03:11.4801562Z ##[custom]TOKEN: ***']);
    assert.equal(payloads[0]!.text, '##[custom]TOKEN: ***');
  });
});
