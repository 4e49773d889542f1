import { readGatewayLine, startBlock } from './gateway-bytes-wasm.js';
import { readGatewayRecord } from './gateway-fields.js';
import { type GatewayValues, isGatewayRecord } from './gateway-values.js';
import { isJsonObject, type JsonObject, parseJsonObject } from './json-line.js';
import type { Parser } from './parser.js';
import { isTunnelRecord } from './access-cloud-json.js';
import { mostLines } from './sample.js';

/** `auth.x`: the dotted key's value when the key is there (even null), else `x` of the nested `auth` object. */
const dotted = (own: unknown, nested: JsonObject | undefined, name: string): unknown => (own !== undefined ? own : nested?.[name]);

/**
 * The record's values (gateway-fields.ts's aliases, in their order), one property load with a
 * constant name per alias: V8 caches each by the object's shape, and the lines of one log share a
 * few shapes. A lookup by a variable name per alias (lookupPath) cost ~20% of an audit whose lines
 * are mostly token uses (issue 8). No alias is a property of Object.prototype, so a load finds an
 * own property or nothing. `(v = …) != null && v !== ''` is `first`'s test, written out: a call
 * per alias is what this replaces.
 */
function jsonValues(o: JsonObject): GatewayValues {
  let v: unknown;
  const auth = o['auth'];
  const nested = isJsonObject(auth) ? auth : undefined;
  const time =
    ((v = o['ts']) != null && v !== '') ||
    ((v = o['time']) != null && v !== '') ||
    ((v = o['timestamp']) != null && v !== '') ||
    ((v = o['@timestamp']) != null && v !== '')
      ? v
      : undefined;
  const event = ((v = o['event']) != null && v !== '') || ((v = o['type']) != null && v !== '') ? v : undefined;
  const method = o['method'];
  const status = o['status'];
  const source =
    ((v = o['remote_addr']) != null && v !== '') ||
    ((v = o['remote_ip']) != null && v !== '') ||
    ((v = o['client_ip']) != null && v !== '') ||
    ((v = o['ip']) != null && v !== '') ||
    ((v = o['remote']) != null && v !== '')
      ? v
      : undefined;
  const userAgent = ((v = o['user_agent']) != null && v !== '') || ((v = o['ua']) != null && v !== '') ? v : undefined;
  const agent =
    ((v = o['agent']) != null && v !== '') || ((v = o['agent_id']) != null && v !== '') || ((v = o['agent_name']) != null && v !== '')
      ? v
      : undefined;
  const path = ((v = o['path']) != null && v !== '') || ((v = o['url']) != null && v !== '') || ((v = o['uri']) != null && v !== '') ? v : undefined;
  const fingerprint =
    ((v = o['token_fp']) != null && v !== '') ||
    ((v = o['token_fingerprint']) != null && v !== '') ||
    ((v = o['auth_fp']) != null && v !== '') ||
    ((v = dotted(o['auth.fingerprint'], nested, 'fingerprint')) != null && v !== '') ||
    ((v = dotted(o['auth.token_fp'], nested, 'token_fp')) != null && v !== '')
      ? v
      : undefined;
  const tokenSlot = o['token_slot'];
  const channels = o['channels'];
  return { time, event, method, status, source, userAgent, agent, path, fingerprint, tokenSlot, channels };
}

/** The gateway access log, one JSON object per line (docs/product.md §3.1). */
export const gatewayJsonl = {
  id: 'gateway-jsonl',
  description: 'gateway access log, one JSON object per line',
  detect(sample) {
    return mostLines(sample, (line) => {
      const obj = parseJsonObject(line);
      // cloudflared's debug records have a `time` and a `path` too: an access log's (access-cloud-json.ts).
      return obj !== undefined && isGatewayRecord(jsonValues(obj)) && !isTunnelRecord(obj);
    });
  },
  // A plain 200 request matters only when it carries the token, and the pipeline adds the token's
  // own needles; everything else the audit needs from this log contains one of these.
  needles: [
    '.register', // agent.register, agent.registered, channel.register
    '.connect', // ws.connect, agent.connect
    'auth.fail', // auth.failed, auth.failure
    'auth.rejected',
    // A request answered 401/403 is an auth failure. Exact statuses: 404s and 429s are common in
    // real traffic and would all be decoded for nothing (the search is one pass however many needles).
    ...['"status":', '"status": ', '"status":"', '"status": "'].flatMap((p) => [`${p}401`, `${p}403`]),
  ],
  lineShape: { first: '{', last: '}' },
  parse(text, ctx) {
    const obj = parseJsonObject(text);
    return obj === undefined ? undefined : readGatewayRecord(jsonValues(obj), ctx);
  },
  parseBytes: readGatewayLine,
  parseBlock: startBlock,
} satisfies Parser;
