// `docker logs -t` / `kubectl logs --timestamps`: `<RFC 3339, 9 fractional digits, Z> <payload>`.
// `docker service logs -t` writes the same time before its task's name (`<task>@<node>    | `,
// docs/formats.md compose): the name is framing too.
import { ANSI_STEP } from './ansi.js';
import { swarmPrefixLength } from './compose.js';
import type { Envelope } from './envelope.js';
import { mostLines, type TimeFrame, timePrefixedDecoder } from './payload-line.js';
import { cutStep, type TextStep } from './text-steps.js';
import { utcTimeEnd } from './rfc3339.js';

/** `2025-02-21T14:03:11.201500000Z` */
const PREFIX_TIME = 30;

/** True when a `docker logs -t` prefix (9 digits, `Z`, space) starts at `at`. */
function prefixAt(s: string, at: number): boolean {
  return utcTimeEnd(s, at, 9) === at + PREFIX_TIME && s.charCodeAt(at + PREFIX_TIME) === 0x20;
}

/** CRI lines have the same time shape; their stream and P/F tag must not read as payload. */
function looksCri(s: string): boolean {
  const at = PREFIX_TIME + 1;
  if (!s.startsWith('stdout ', at) && !s.startsWith('stderr ', at)) return false;
  const tag = s.charCodeAt(at + 7);
  return tag === 0x50 || tag === 0x46;
}

/** Start of the next inner prefix at or after `from`, or -1 (prefixes are found by their `Z `). */
function nextInnerPrefix(text: string, from: number): number {
  for (let z = text.indexOf('Z ', from + PREFIX_TIME - 1); z !== -1; z = text.indexOf('Z ', z + 2)) {
    const at = z - (PREFIX_TIME - 1);
    if (prefixAt(text, at)) return at;
  }
  return -1;
}

/**
 * Removes prefixes that sit inside a line: Docker prints every part of a line it split at
 * 16 KiB with its own prefix, so `docker logs -t` shows `<t> part1<t> part2`. Only the exact
 * 9-digit shape is removed so the payload (and a token split there) reads contiguous again.
 */
const INNER_PREFIXES = cutStep(nextInnerPrefix, (_text, at) => at + PREFIX_TIME + 1);
const PAYLOAD_STEPS: readonly TextStep[] = [INNER_PREFIXES, ANSI_STEP];

/** A line's frame (TimePrefixedFrame): the time, then a Swarm task's name when there is one. */
function readFrame(raw: string, frame: TimeFrame): boolean {
  if (!prefixAt(raw, 0)) return false;
  // A task name (`<task>@<node>`, then spaces and the bar) holds its `@` before the first space:
  // searched back from there, not through the payload.
  const space = raw.indexOf(' ', PREFIX_TIME + 1);
  const swarm = space !== -1 && raw.lastIndexOf('@', space) > PREFIX_TIME ? swarmPrefixLength(raw, PREFIX_TIME + 1) : -1;
  frame.timeStart = 0;
  frame.timeEnd = PREFIX_TIME;
  frame.payload = PREFIX_TIME + 1 + Math.max(swarm, 0);
  return true;
}

export const timestamped = {
  id: 'timestamped',
  description: '`docker logs -t` / `kubectl logs --timestamps` (and `docker service logs -t`): a 9-digit RFC 3339 time before each line',
  detect: (sample) => mostLines(sample, (l) => prefixAt(l, 0) && !looksCri(l)),
  // A line without a prefix continues the previous record's output.
  createDecoder: (ctx) => timePrefixedDecoder(ctx, PAYLOAD_STEPS, readFrame),
} satisfies Envelope;
