// What a platform's log command prints (docs/formats.md `paas`): the time and the process before
// each line of the app's or the platform's own output.
//   Heroku (`heroku logs`, a log drain's file): `2025-05-27T21:17:15.562837+00:00 app[web.1]: …`,
//     the platform's lines `heroku[router]: …` (one per request) and `heroku[web.1]: …`;
//   Fly.io (`fly logs`): `2023-03-07T16:18:08Z app[5683606c41098e] lhr [info]…`, the machine id,
//     its region and the level; the dashboard's copy writes the time as `2025-09-27T10:59:02.044`,
//     without a zone (read in --tz).
import { ANSI_STEP } from './ansi.js';
import type { Envelope } from './envelope.js';
import { mostLines, type TimeFrame, timePrefixedDecoder } from './payload-line.js';
import { dateTimeAt, rfc3339End } from './rfc3339.js';

// After the time: `<source>[<process>]: ` (Heroku) or `<source>[<machine>] <region> [<level>]`
// (Fly, the message right after the level or one space later). Source and process names are short
// words; both bounded, so a long line cannot backtrack.
const HEROKU = /^ [a-z][\w-]{0,30}\[[\w.-]{1,40}\]: ?/;
const FLY = /^ [a-z][\w-]{0,30}\[[0-9a-f.]{3,24}\] [a-z]{3} \[[a-z]{3,7}\] ?/;

/** End of the time that opens a line: RFC 3339, or Fly's zoneless copy with milliseconds; -1 for none. */
function timeEnd(raw: string): number {
  const end = rfc3339End(raw, 0);
  if (end !== -1) return end;
  if (!dateTimeAt(raw, 0)) return -1;
  let i = 19;
  if (raw.charCodeAt(i) === 0x2e) for (i++; i < 29 && raw.charCodeAt(i) >= 0x30 && raw.charCodeAt(i) <= 0x39; i++);
  return i;
}

/** The framing of a line (TimePrefixedFrame): its time from 0, the process after it, then the payload. */
function readFrame(raw: string, frame: TimeFrame): boolean {
  const end = timeEnd(raw);
  if (end === -1 || raw.charCodeAt(end) !== 0x20) return false;
  const rest = raw.slice(end, end + 100);
  const m = HEROKU.exec(rest) ?? FLY.exec(rest);
  if (m === null) return false;
  frame.timeStart = 0;
  frame.timeEnd = end;
  frame.payload = end + m[0].length;
  return true;
}

/** Filled by detection and never read: detection asks only whether a line is framed. */
const UNREAD: TimeFrame = { timeStart: 0, timeEnd: 0, payload: 0 };

export const paas = {
  id: 'paas',
  description: '`heroku logs` and `fly logs` output: the time and the process (app, router, machine) before each line',
  detect: (sample) => mostLines(sample, (l) => readFrame(l, UNREAD)),
  // A line the platform did not frame (a paste's wrapped line) continues the one before.
  createDecoder: (ctx) => timePrefixedDecoder(ctx, [ANSI_STEP], readFrame),
} satisfies Envelope;
