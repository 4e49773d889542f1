import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compose } from '../../src/envelopes/compose.js';
import { decode, itDecodesScenarios, itDetects, itLocatesScenarios, itSurvivesBadInput } from './scenarios.js';

describe('compose envelope', () => {
  itDecodesScenarios(compose);
  itLocatesScenarios(compose);
  itDetects(compose, ['composeV2', 'composeTimestamps', 'composePm2']);
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

  it('strips `docker service logs` and `kubectl logs --prefix` names, and kubectl\'s --timestamps time', () => {
    const lines = [
      'myswarm_traefik.1.of166iz3i553@swarm    | 10.0.0.2 - - [08/Jan/2023:12:28:57 +0000] "GET / HTTP/1.0" - -',
      'web.2@node-a.example    | plain',
      '[pod/echo-req-7cfd7bf68f-nk5kr/hello] 172.17.0.1 - - [22/Nov/2020:17:19:05 +0000] "GET /test HTTP/1.1" 200 7269',
      '[pod/gw-0/openclaw] 2020-11-22T17:20:05.123456789Z 2020-11-22T17:20:05.001Z [ws] x',
    ];
    assert.equal(compose.detect(lines), true);
    const { payloads } = decode(compose, lines);
    assert.deepEqual(
      payloads.map((p) => [p.text, p.column, p.time ?? null]),
      [
        ['10.0.0.2 - - [08/Jan/2023:12:28:57 +0000] "GET / HTTP/1.0" - -', 42, null],
        ['plain', 26, null],
        ['172.17.0.1 - - [22/Nov/2020:17:19:05 +0000] "GET /test HTTP/1.1" 200 7269', 38, null],
        ['2020-11-22T17:20:05.001Z [ws] x', 51, Date.UTC(2020, 10, 22, 17, 20, 5, 123)],
      ],
    );
  });

  it('leaves other `@` names and bracketed subsystems in the payload', () => {
    // An e-mail before a bar is no swarm task; OpenClaw's `[ws]`, a `[pod/…]` without its space are payload.
    assert.equal(compose.detect(['alice@example.com    | signed in', 'bob@example.com    | signed out']), false);
    assert.equal(compose.detect(['[ws] webchat connected conn=1', '[pod/x]y', '[pod/a/b]c']), false);
  });

  it('does not take `INFO | message` application logs for compose output', () => {
    assert.equal(compose.detect(['INFO | started', 'WARN | disk at 81%']), false);
  });
});
