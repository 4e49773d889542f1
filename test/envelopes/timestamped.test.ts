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

  it('removes the task name `docker service logs -t` writes after the time, and nothing else', () => {
    const t = '2023-01-08T12:28:57.123456789Z ';
    const { payloads } = decode(timestamped, [
      `${t}myswarm_traefik.1.of166iz3i553@swarm    | 10.0.0.2 - - "GET / HTTP/1.0"`,
      `${t}web.2@node-a    | ok`,
      `${t}mail from alice@example.com    | kept`,
      `${t}alice@example.com    | kept too`,
    ]);
    assert.deepEqual(
      payloads.map((p) => [p.text, p.column]),
      [
        ['10.0.0.2 - - "GET / HTTP/1.0"', 73],
        ['ok', 49],
        ['mail from alice@example.com    | kept', 31],
        ['alice@example.com    | kept too', 31],
      ],
    );
  });
});
