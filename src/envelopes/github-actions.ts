// GitHub Actions job logs: `<UTC time, exactly 7 fractional digits>Z <message>` per line.
import { ANSI_STEP } from './ansi.js';
import { type Envelope, latin1Key } from './envelope.js';
import { mostLines, type TimeFrame, timePrefixedDecoder } from './payload-line.js';
import { utcTimeEnd, utcTimeEndBytes } from './rfc3339.js';

const BOM = '\ufeff';
/** `2025-02-21T14:03:11.4801562Z` */
const TIME_LENGTH = 28;

// Workflow commands the runner renders as `##[name]text`; the text after them is output.
const MARKERS = new Set(['group', 'endgroup', 'error', 'warning', 'notice', 'debug', 'section', 'command']);

// The `run:` script echoes in cyan (`ESC[36;1m…ESC[0m`) around the very values to find.
const MESSAGE_STEPS = [ANSI_STEP];

/** Offset of the message after the time and its space, or -1 for a continuation line. */
function messageStart(raw: string, at: number): number {
  if (utcTimeEnd(raw, at, 7) !== at + TIME_LENGTH) return -1;
  const next = at + TIME_LENGTH;
  if (next === raw.length) return next;
  return raw.charCodeAt(next) === 0x20 ? next + 1 : -1;
}

/** Length of a leading `##[marker]`, or 0. */
function markerLength(text: string, at: number): number {
  if (!text.startsWith('##[', at)) return 0;
  const close = text.indexOf(']', at + 3);
  return close !== -1 && MARKERS.has(text.slice(at + 3, close)) ? close + 1 - at : 0;
}

/** A line's frame (TimePrefixedFrame): the time after a BOM, the message after any `##[marker]`. */
function readFrame(raw: string, frame: TimeFrame): boolean {
  const at = raw.startsWith(BOM) ? 1 : 0;
  const start = messageStart(raw, at);
  if (start === -1) return false;
  frame.timeStart = at;
  frame.timeEnd = at + TIME_LENGTH;
  frame.payload = start + markerLength(raw, start);
  return true;
}

/** A continuation line's message: after a BOM and any `##[marker]`. */
function continuedAt(raw: string): number {
  const at = raw.startsWith(BOM) ? 1 : 0;
  return at + markerLength(raw, at);
}

export const githubActions = {
  id: 'github-actions',
  description: 'GitHub Actions job logs: 7-digit UTC time per line, ##[group] markers and ANSI removed',
  // The reader removes the BOM of line 1; a log cut out of a zip by hand may still have it.
  detect: (sample) => mostLines(sample, (l) => messageStart(l, l.startsWith(BOM) ? 1 : 0) !== -1),
  // A line is framed on its own: a continuation line is a payload line of its own too.
  skippable: {
    // The payload is the message after the time (markerLength and the ANSI step read only it):
    // the same message under another time decodes the same. The time is checked as the decoder
    // does (messageStart); it is ASCII, so the bytes after it decode alike on either line.
    payloadKey(buf, start, end) {
      const message = start + TIME_LENGTH + 1;
      if (end <= message || buf[message - 1] !== 0x20 || utcTimeEndBytes(buf, start, 7) !== start + TIME_LENGTH) return undefined;
      return latin1Key(buf, message, end);
    },
  },
  // A message holding newlines continues on lines without a time of their own.
  createDecoder: (ctx) => ({ ...timePrefixedDecoder(ctx, MESSAGE_STEPS, readFrame, continuedAt), idle: () => true }),
} satisfies Envelope;
