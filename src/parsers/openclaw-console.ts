import { stripAnsi } from '../envelopes/ansi.js';
import { parseTimestamp } from '../time.js';
import { parsedLine } from './gateway-event.js';
import { mapOpenClawMessage, OPENCLAW_NEEDLES } from './openclaw-message.js';
import type { ParseContext, Parser } from './parser.js';
import { mostLines } from './sample.js';
import { SYSLOG_PREFIX as JOURNALD } from './syslog-prefix.js';

// Current builds print an ISO time with offset; 2026.4+ a time of day with offset
// (`14:51:45+01:00`); older ones the time of day only.
const ISO_TIME = /^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?)\s+/;
const CLOCK_TIME = /^(\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})?)\s+/;
// OpenClaw subsystems are lowercase (`ws`, `gateway`, `reload`, `gateway/ws`); `[INFO]` is not one.
const SUBSYSTEM = /^\[([a-z][\w./:-]*)\]\s*/;
// `openclaw logs`: `16:51:41 info gateway/ws {"subsystem":"gateway/ws"} webchat connected …`.
const CLI_LEVEL = /^(?:trace|debug|info|warn|error|fatal)\s+([a-z][\w./-]*)\s+(?:\{"subsystem":"[^"]*"\}\s*)?/;

interface ConsoleLine {
  /** journald's own stamp: syslog (no year) or ISO (`-o short-iso`). */
  syslog?: string;
  iso?: string;
  clock?: string;
  subsystem?: string;
  message: string;
}

/** `[journald prefix][time ][[subsystem] | level subsystem ]message`, ANSI colour removed first. */
function splitConsoleLine(text: string): ConsoleLine {
  let rest = stripAnsi(text);
  const line: ConsoleLine = { message: rest };
  let m = JOURNALD.exec(rest);
  if (m) {
    line.syslog = (m[1] ?? m[2])!;
    rest = rest.slice(m[0].length);
  }
  m = ISO_TIME.exec(rest);
  if (m) line.iso = m[1]!;
  else if ((m = CLOCK_TIME.exec(rest))) line.clock = m[1]!;
  if (m) rest = rest.slice(m[0].length);
  m = SUBSYSTEM.exec(rest);
  if (!m && line.clock !== undefined) m = CLI_LEVEL.exec(rest);
  if (m) {
    line.subsystem = m[1]!;
    rest = rest.slice(m[0].length);
  }
  line.message = rest;
  return line;
}

const DAY_MS = 86_400_000;

/**
 * `HH:MM:SS` only (older builds): the date comes from the file name (`openclaw-2026-03-10.log`),
 * else from the envelope's time (`docker logs -t`). The envelope time is UTC and the clock is in
 * --tz, so the envelope's UTC date and the days either side are tried and the reading nearest the
 * envelope wins; that also handles a line logged just before midnight and stamped just after.
 */
function readClock(clock: string, ctx: ParseContext): number | undefined {
  if (ctx.time.fileDate !== undefined) return parseTimestamp(clock, ctx.time);
  const envelope = ctx.envelopeTime;
  if (envelope === undefined) return undefined;
  let best: number | undefined;
  for (const offset of [-DAY_MS, 0, DAY_MS]) {
    const fileDate = new Date(envelope + offset).toISOString().slice(0, 10);
    const t = parseTimestamp(clock, { ...ctx.time, fileDate });
    if (t !== undefined && (best === undefined || Math.abs(t - envelope) < Math.abs(best - envelope))) best = t;
  }
  return best;
}

/** OpenClaw console, journal and `docker logs` output: `[<time> ]?[<subsystem>] <message>`. */
export const openclawConsole = {
  id: 'openclaw-console',
  description: 'OpenClaw console / journald / docker logs lines',
  detect(sample) {
    return mostLines(sample, (line) => splitConsoleLine(line).subsystem !== undefined);
  },
  needles: OPENCLAW_NEEDLES,
  parse(text, ctx) {
    const line = splitConsoleLine(text);
    const event = mapOpenClawMessage(line.subsystem, line.message);
    const framed = line.syslog !== undefined || line.iso !== undefined || line.clock !== undefined || line.subsystem !== undefined;
    if (!framed && event === undefined) return undefined;
    // The ISO time has the offset and milliseconds; journald's syslog stamp is the fallback.
    let time: number | undefined;
    if (line.iso !== undefined) time = parseTimestamp(line.iso, ctx.time);
    else if (line.clock !== undefined) time = readClock(line.clock, ctx);
    if (time === undefined && line.syslog !== undefined) time = parseTimestamp(line.syslog, ctx.time);
    // A time-shaped prefix that is no real time (`2025-02-30T…`); a bare clock without a date to
    // attach it to is not unreadable, only undated.
    const unreadable = time === undefined && (line.iso !== undefined || line.syslog !== undefined);
    const parsed = parsedLine(time ?? ctx.envelopeTime, event, unreadable);
    if (time === undefined && line.clock !== undefined && ctx.envelopeTime === undefined && !unreadable) parsed.undated = true;
    return parsed;
  },
} satisfies Parser;
