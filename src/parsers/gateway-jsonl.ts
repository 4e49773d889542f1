import { isGatewayRecord, readGatewayRecord } from './gateway-fields.js';
import { type JsonObject, lookupPath, parseJsonObject } from './json-line.js';
import type { Parser } from './parser.js';
import { mostLines } from './sample.js';

const lookup = (obj: JsonObject) => (name: string) => lookupPath(obj, name);

/** The gateway access log, one JSON object per line (docs/product.md §3.1). */
export const gatewayJsonl = {
  id: 'gateway-jsonl',
  description: 'gateway access log, one JSON object per line',
  detect(sample) {
    return mostLines(sample, (line) => {
      const obj = parseJsonObject(line);
      return obj !== undefined && isGatewayRecord(lookup(obj));
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
    return obj === undefined ? undefined : readGatewayRecord(lookup(obj), ctx);
  },
} satisfies Parser;
