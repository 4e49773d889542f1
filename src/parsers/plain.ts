import { parseTimestamp } from '../time.js';
import type { Parser } from './parser.js';

// A leading timestamp in the common shapes: ISO 8601, `[ISO]`, syslog `Feb 21 14:03:11`.
const LEADING_TIME = /^\[?(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?)\]?\s|^([A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2})\s/;

/** Anything else: no events, but a leading timestamp still counts for coverage. */
export const plain = {
  id: 'plain',
  description: 'any other text: scanned for credentials, no events',
  detect: () => true,
  needles: [],
  parse(text, ctx) {
    const m = LEADING_TIME.exec(text);
    const time = m ? parseTimestamp((m[1] ?? m[2])!, ctx.time) : undefined;
    return time === undefined ? {} : { time };
  },
} satisfies Parser;
