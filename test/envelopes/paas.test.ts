import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { paas } from '../../src/envelopes/paas.js';
import { decode, itDecodesScenarios, itDetects, itLocatesScenarios, itSurvivesBadInput } from './scenarios.js';

describe('paas envelope', () => {
  itDecodesScenarios(paas);
  itLocatesScenarios(paas);
  itDetects(paas, ['paas']);
  itSurvivesBadInput(paas);

  it('takes Heroku and Fly prefixes, times with and without a zone, and leaves other timed lines whole', () => {
    const { payloads } = decode(paas, [
      '2019-02-06T05:22:53.060094+00:00 app[web.1]:',
      '2023-03-07T16:18:09Z app[5683606c41098e] lhr [info]172.16.3.178 - - x',
      '2025-09-27T10:59:02.044 app[6e829425b14468] lhr [info] ✦ Reminder',
      '2026-09-22T17:22:44+0800 gw openclaw[1608979]: kept',
      '2025-02-21T14:03:11.123456Z 00O $ curl kept',
      'at=info wrapped line',
    ]);
    assert.deepEqual(
      payloads.map((p) => [p.text, p.column, p.time]),
      [
        ['', 44, Date.UTC(2019, 1, 6, 5, 22, 53, 60)],
        ['172.16.3.178 - - x', 51, Date.UTC(2023, 2, 7, 16, 18, 9)],
        ['✦ Reminder', 55, Date.UTC(2025, 8, 27, 10, 59, 2, 44)],
        ['2026-09-22T17:22:44+0800 gw openclaw[1608979]: kept', 0, Date.UTC(2025, 8, 27, 10, 59, 2, 44)],
        ['2025-02-21T14:03:11.123456Z 00O $ curl kept', 0, Date.UTC(2025, 8, 27, 10, 59, 2, 44)],
        ['at=info wrapped line', 0, Date.UTC(2025, 8, 27, 10, 59, 2, 44)],
      ],
    );
  });
});
