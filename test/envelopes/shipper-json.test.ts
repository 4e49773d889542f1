import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shipperJson } from '../../src/envelopes/shipper-json.js';
import { decode, itDecodesScenarios, itDetects, itLocatesScenarios, itSurvivesBadInput, SAMPLES } from './scenarios.js';

describe('shipper-json envelope', () => {
  itDecodesScenarios(shipperJson);
  itLocatesScenarios(shipperJson);
  itDetects(shipperJson, ['shipperJson']);
  itSurvivesBadInput(shipperJson);

  it('reads Loki, Vector and Filebeat records with the shipper’s time', () => {
    const { payloads } = decode(shipperJson, SAMPLES.shipperJson);
    assert.deepEqual(payloads.map((p) => [p.text, p.time]), [
      ['[ws] webchat connected conn=4b1f remote=198.51.100.23', 1740146591201],
      ['203.0.113.7 - - [21/Feb/2025:14:03:12 +0000] "GET / HTTP/1.1" 200 2', 1740146592000],
      ['[gateway] listening on ws://0.0.0.0:18789 (PID 7)', 1740146593000],
    ]);
  });

  it('reads Fluent Bit json_lines with its `date` (epoch seconds) as the time', () => {
    const { payloads } = decode(shipperJson, [
      '{"date":1519234013.360921,"log":"GET /x HTTP/1.0\\n","stream":"stdout","kubernetes":{"pod_name":"apache-logs"}}',
    ]);
    assert.deepEqual(payloads.map((p) => [p.text, p.time]), [['GET /x HTTP/1.0', 1519234013361]]);
  });

  it('reads a shipper’s time written without a zone in the zone given (--tz), as the other envelopes do', () => {
    const record = '{"@timestamp":"2025-02-21 15:03:12","message":"GET /x HTTP/1.0","ecs":{"version":"8.0.0"}}';
    const times = (zone: string): Array<number | undefined> => {
      const times: Array<number | undefined> = [];
      shipperJson.createDecoder({ zone }).push(record, 1, (p) => times.push(p.time));
      return times;
    };
    assert.deepEqual(times('UTC'), [Date.UTC(2025, 1, 21, 15, 3, 12)]);
    assert.deepEqual(times('Europe/Berlin'), [Date.UTC(2025, 1, 21, 14, 3, 12)]);
  });

  it('leaves a JSON log with `@timestamp` and `message` but no shipper’s mark to its own format', () => {
    const own = [
      '{"@timestamp":"2025-02-21T14:03:11.201Z","message":"request","event":"http.request","path":"/api/v1/agents","status":200}',
      '{"@timestamp":"2025-02-21T14:03:12.000Z","message":"refused","event":"auth.failed","status":401}',
    ];
    assert.equal(shipperJson.detect(own), false);
    assert.equal(shipperJson.detect(['{"labels":{"app":"gw"},"msg":"no line key"}', '{"kubernetes":"not an object","log":"x"}']), false);
  });
});
