import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compose } from '../../src/envelopes/compose.js';
import { decode, itDecodesScenarios, itDetects, itLocatesScenarios, itSurvivesBadInput } from './scenarios.js';

describe('compose envelope', () => {
  itDecodesScenarios(compose);
  itLocatesScenarios(compose);
  itDetects(compose, ['composeV2', 'composeTimestamps']);
  itSurvivesBadInput(compose);

  it('keeps the program\'s own millisecond time and takes compose\'s -t time as the envelope time', () => {
    const { payloads } = decode(compose, [
      'gw-1  | 2026-02-08T10:54:46.179Z [ws] x',
      'gw-1  | 2026-02-08T10:54:46.179123456Z [ws] y',
      'gw-1  | 2026-02-08T10:54:46.250Z 2026-02-08T10:54:46.179Z [ws] z',
      'gw-1  | 2026-02-08T11:54:46.179+01:00 [ws] w',
    ]);
    assert.deepEqual(
      payloads.map((p) => [p.text, p.time ?? null]),
      [
        ['2026-02-08T10:54:46.179Z [ws] x', null],
        ['[ws] y', Date.UTC(2026, 1, 8, 10, 54, 46, 179)],
        ['2026-02-08T10:54:46.179Z [ws] z', Date.UTC(2026, 1, 8, 10, 54, 46, 250)],
        ['2026-02-08T11:54:46.179+01:00 [ws] w', null],
      ],
    );
  });

  it('does not take `INFO | message` application logs for compose output', () => {
    assert.equal(compose.detect(['INFO | started', 'WARN | disk at 81%']), false);
  });
});
