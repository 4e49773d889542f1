// GitLab CI job traces: the raw terminal stream of the runner, optionally with a 32-byte
// per-line header `<UTC time, 6 digits>Z <2 hex stream id><E|O><+| >`.
import { stripAnsi } from './ansi.js';
import type { Envelope, Emit, EnvelopeDecoder } from './envelope.js';
import { MAX_JOIN_CHARS } from './partial-records.js';
import { mostLines, payloadLine } from './payload-line.js';
import { utcTimeEnd } from './rfc3339.js';
import { parseTimestamp } from '../time.js';

/** `2025-02-21T14:03:11.123456Z 00O+` */
const HEADER_LENGTH = 32;
const HEADER_TIME = 27;
const SECTION = 'section_';
const TRUNCATED = "Job's log exceeded limit of ";

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}

function hasHeader(raw: string): boolean {
  if (utcTimeEnd(raw, 0, 6) !== HEADER_TIME || raw.charCodeAt(HEADER_TIME) !== 0x20) return false;
  const kind = raw.charCodeAt(30);
  const flag = raw.charCodeAt(31);
  return isHex(raw.charCodeAt(28)) && isHex(raw.charCodeAt(29)) && (kind === 0x45 || kind === 0x4f) && (flag === 0x2b || flag === 0x20);
}

/** Length of a `section_start:<epoch>:<name>[opts]` / `section_end:<epoch>:<name>` marker at `at`, or 0. */
function sectionMarkerLength(text: string, at: number): number {
  let i = at + SECTION.length;
  if (text.startsWith('start:', i)) i += 6;
  else if (text.startsWith('end:', i)) i += 4;
  else return 0;
  const digit = text.charCodeAt(i);
  if (digit < 0x30 || digit > 0x39) return 0;
  // The marker runs to the CR that hides it in a terminal; without one, to the end of the name.
  const cr = text.indexOf('\r', i);
  if (cr !== -1) return cr + 1 - at;
  const space = text.indexOf(' ', i);
  return (space === -1 ? text.length : space) - at;
}

function removeSectionMarkers(text: string): string {
  let at = text.indexOf(SECTION);
  if (at === -1) return text;
  let out = '';
  let from = 0;
  while (at !== -1) {
    const length = sectionMarkerLength(text, at);
    if (length > 0) {
      out += text.slice(from, at);
      from = at + length;
    }
    at = text.indexOf(SECTION, Math.max(from, at + 1));
  }
  return out + text.slice(from);
}

/**
 * Payload text of one trace line. A bare CR redraws the terminal line (progress bars), but
 * whatever was printed before it was still written to the log — a secret then overwritten is
 * leaked all the same — so the pieces are kept, joined with a space.
 */
function cleanTrace(raw: string): string {
  const text = stripAnsi(removeSectionMarkers(raw));
  if (text.indexOf('\r') === -1) return text;
  return text.split('\r').filter((piece) => piece.trim() !== '').join(' ');
}

interface Pending {
  raw: string;
  line: number;
  column: number;
  time: number | undefined;
}

export const gitlab = {
  id: 'gitlab',
  description: 'GitLab CI job traces: ANSI, section markers and per-line headers removed; bare CR kept as a space',
  // Headers are optional (a newer runner feature); header-less traces still carry section
  // markers or the runner banner near the top.
  detect: (sample) =>
    mostLines(sample, hasHeader) ||
    sample.some((l) => l.includes('\x1b[0Ksection_start:') || l.includes('Running with gitlab-runner ')),
  createDecoder(ctx) {
    const notes: EnvelopeDecoder['notes'] = [];
    // A `+` header continues the previous line (the runner split it); the run is held until a
    // line without `+` arrives so a value split across the parts comes out whole.
    let pending: Pending | undefined;
    const send = (raw: string, line: number, column: number, time: number | undefined, emit: Emit): void => {
      const text = cleanTrace(raw);
      // The default 4 MiB trace limit cuts the log here: later output was never recorded.
      const cut = text.indexOf(TRUNCATED);
      if (cut !== -1) {
        const stop = text.indexOf('.', cut + TRUNCATED.length);
        const said = text.slice(cut, stop === -1 ? cut + TRUNCATED.length + 20 : stop + 1);
        notes.push({ line, message: `GitLab truncated the job log: ${said}`, incomplete: true });
      }
      emit(payloadLine(text, line, column, time));
    };
    const flush = (emit: Emit): void => {
      if (pending === undefined) return;
      const p = pending;
      pending = undefined;
      send(p.raw, p.line, p.column, p.time, emit);
    };
    return {
      notes,
      push(raw, line, emit) {
        if (!hasHeader(raw)) {
          flush(emit);
          if (raw !== '') send(raw, line, 0, undefined, emit);
          return;
        }
        const payload = raw.slice(HEADER_LENGTH);
        if (raw.charCodeAt(31) === 0x2b && pending !== undefined) {
          pending.raw += payload;
          if (pending.raw.length >= MAX_JOIN_CHARS) flush(emit);
          return;
        }
        flush(emit);
        pending = { raw: payload, line, column: HEADER_LENGTH, time: ctx.timesUnused ? undefined : parseTimestamp(raw.slice(0, HEADER_TIME), ctx) };
      },
      end: flush,
    };
  },
} satisfies Envelope;
