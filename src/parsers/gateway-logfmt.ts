import { readGatewayRecord } from './gateway-fields.js';
import { isGatewayRecord, valuesOf } from './gateway-values.js';
import { splitLogfmt } from './logfmt.js';
import type { Parser } from './parser.js';
import { mostLines } from './sample.js';

/** The gateway access log as logfmt `key=value` pairs (docs/product.md §3.1); values may be double-quoted. */
export const gatewayLogfmt = {
  id: 'gateway-logfmt',
  description: 'gateway access log, logfmt key=value pairs',
  detect(sample) {
    return mostLines(sample, (line) => {
      const fields = splitLogfmt(line);
      return fields !== undefined && isGatewayRecord(valuesOf((name) => fields.get(name)));
    });
  },
  // Same events as gateway-jsonl; event names survive quoting (`event="agent.register"`).
  needles: [
    '.register', // agent.register, agent.registered, channel.register
    '.connect', // ws.connect, agent.connect
    'auth.fail', // auth.failed, auth.failure
    'auth.rejected',
    // a request answered 401/403 (exact: other 4xx lines would be decoded for nothing)
    ...['status=', 'status="'].flatMap((p) => [`${p}401`, `${p}403`]),
  ],
  parse(text, ctx) {
    const fields = splitLogfmt(text);
    return fields === undefined ? undefined : readGatewayRecord(valuesOf((name) => fields.get(name)), ctx);
  },
} satisfies Parser;
