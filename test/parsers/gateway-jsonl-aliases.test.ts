// gateway-jsonl reads each field with one property load per alias (gateway-jsonl.ts, issue 8); this
// checks it against the reading it replaced: every alias looked up by name, in the schema's order,
// the first that is not undefined, null or '' (gateway-fields.ts valuesOf), `auth.fingerprint` as
// the dotted key when present, else the nested path. Records draw each alias at random, with the
// values that decide between aliases: null, '', blanks, numbers, objects and arrays.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readGatewayRecord } from '../../src/parsers/gateway-fields.js';
import { valuesOf } from '../../src/parsers/gateway-values.js';
import { gatewayJsonl } from '../../src/parsers/gateway-jsonl.js';
import { isJsonObject, type JsonObject } from '../../src/parsers/json-line.js';
import { UTC_CONTEXT } from '../../src/time.js';
import { seeded } from '../random.js';

/** The former lookup: the own property `name`, else for `a.b` the nested path. */
function lookupPath(obj: JsonObject, name: string): unknown {
  if (Object.hasOwn(obj, name)) return obj[name];
  const parts = name.split('.');
  if (parts.length === 1) return undefined;
  let nested: unknown = obj;
  for (const part of parts) {
    if (!isJsonObject(nested) || !Object.hasOwn(nested, part)) return undefined;
    nested = nested[part];
  }
  return nested;
}

const KEYS = [
  'ts', 'time', 'timestamp', '@timestamp', 'event', 'type', 'method', 'status', 'remote_addr', 'remote_ip', 'client_ip', 'ip',
  'remote', 'user_agent', 'ua', 'agent', 'agent_id', 'agent_name', 'path', 'url', 'uri', 'token_fp', 'token_fingerprint',
  'auth_fp', 'auth.fingerprint', 'auth.token_fp', 'token_slot', 'channels', 'constructor', 'toString', '__proto__',
];

describe('gateway-jsonl field aliases', () => {
  it('reads every record as the lookup by name does', () => {
    const random = seeded(0x5eed8);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const values: Record<string, unknown[]> = {
      time: ['2025-02-21T14:03:11.201Z', 1740146591, '2025-02-30T00:00:00Z', 'garbage'],
      event: ['http.request', 'ws.connect', 'agent.register', 'channel.register', 'auth.failed', 'other.thing', 'constructor'],
      method: ['GET', 'POST'],
      status: [200, 401, 403, '403', 99],
      source: ['203.0.113.7', '203.0.113.7:51234', '[2001:db8::7]:443', '::ffff:198.51.100.9', '-', 'unknown'],
      path: ['/api/v1/agents', '/hooks/wake?token=abc#x', '-'],
      other: ['sha256:9c1185a5c5e9', 'webchat', 'primary', 'a,b', ['c', 'd'], 7],
    };
    const group = (key: string): string =>
      /^(ts|time|timestamp|@timestamp)$/.test(key) ? 'time' : /^(event|type)$/.test(key) ? 'event' : key === 'method' ? 'method' : key === 'status' ? 'status' :
      /^(remote_addr|remote_ip|client_ip|ip|remote)$/.test(key) ? 'source' : /^(path|url|uri)$/.test(key) ? 'path' : 'other';
    const value = (key: string): unknown => {
      const r = random();
      if (r < 0.08) return null;
      if (r < 0.16) return '';
      if (r < 0.2) return '  ';
      if (r < 0.23) return { fingerprint: 'sha256:0123456789ab' };
      return pick(values[group(key)]!);
    };
    for (let n = 0; n < 20_000; n++) {
      const fields: string[] = [];
      for (const key of KEYS) if (random() < 0.3) fields.push(`${JSON.stringify(key)}:${JSON.stringify(value(key))}`);
      const r = random();
      if (r < 0.15) fields.push(`"auth":${JSON.stringify({ fingerprint: value('auth_fp'), token_fp: value('auth_fp') })}`);
      else if (r < 0.2) fields.push(`"auth":${JSON.stringify(pick([null, 'x', ['y'], { other: 1 }]))}`);
      // A key given twice: JSON.parse keeps the last.
      if (random() < 0.1) fields.push(`${JSON.stringify(pick(KEYS))}:${JSON.stringify(value('ts'))}`);
      const line = `{${fields.sort(() => random() - 0.5).join(',')}}`;
      const obj = JSON.parse(line) as JsonObject;
      const expected = readGatewayRecord(valuesOf((name) => lookupPath(obj, name)), { time: UTC_CONTEXT });
      assert.deepEqual(gatewayJsonl.parse(line, { time: UTC_CONTEXT }), expected, line);
    }
  });
});
