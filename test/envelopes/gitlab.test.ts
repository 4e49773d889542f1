import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gitlab } from '../../src/envelopes/gitlab.js';
import { fixture } from '../helpers.js';
import { decode, fileLines, itDecodesScenarios, itDetects, itLocatesScenarios, itSurvivesBadInput } from './scenarios.js';

describe('gitlab envelope', () => {
  itDecodesScenarios(gitlab);
  itLocatesScenarios(gitlab);
  itDetects(gitlab, ['gitlabHeaders', 'gitlabRaw']);
  itSurvivesBadInput(gitlab);

  it('notes the 4 MiB truncation as incomplete coverage', () => {
    const { notes } = decode(gitlab, fileLines(fixture('envelopes', 'gitlab', 'truncated', 'input.log')));
    assert.deepEqual(notes, [
      { line: 4, message: "GitLab truncated the job log: Job's log exceeded limit of 4194304 bytes.", incomplete: true },
    ]);
  });

  it('has no notes for a complete log', () => {
    const { notes } = decode(gitlab, fileLines(fixture('envelopes', 'gitlab', 'raw-trace', 'input.log')));
    assert.deepEqual(notes, []);
  });

  it('keeps a secret printed before a progress bar overwrote it', () => {
    const { payloads } = decode(gitlab, ['TOKEN=abc123\r\x1b[0K[====] 100%']);
    assert.equal(payloads[0]!.text, 'TOKEN=abc123 [====] 100%');
  });
});
