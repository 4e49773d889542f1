// GitLab CI job traces: the raw terminal stream of the runner, optionally with a 32-byte
// per-line header `<UTC time, 6 digits>Z <2 hex stream id><E|O><+| >`.
import { ANSI_STEP } from './ansi.js';
import type { Envelope, Emit, EnvelopeDecoder, PayloadLine } from './envelope.js';
import { JoinedText, recordPayload } from './joined-text.js';
import { MAX_JOIN_CHARS } from './partial-records.js';
import { mostLines } from './payload-line.js';
import { cutStep, type TextStep } from './text-steps.js';
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

/**
 * Epoch ms of the last `section_start:<epoch s>:` / `section_end:<epoch s>:` marker on the line:
 * traces without per-line headers have no other time.
 */
function lastSectionTime(raw: string): number | undefined {
  let time: number | undefined;
  for (let at = raw.indexOf(SECTION); at !== -1; at = raw.indexOf(SECTION, at + 1)) {
    const m = /^section_(?:start|end):(\d{9,11}):/.exec(raw.slice(at, at + 32));
    if (m) time = Number(m[1]) * 1000;
  }
  return time;
}

/** Start of the next section marker at or after `from`, or -1. */
function nextSectionMarker(text: string, from: number): number {
  let at = text.indexOf(SECTION, from);
  while (at !== -1 && sectionMarkerLength(text, at) === 0) at = text.indexOf(SECTION, at + 1);
  return at;
}

const SECTION_MARKERS = cutStep(nextSectionMarker, (text, at) => at + sectionMarkerLength(text, at));

/**
 * A bare CR redraws the terminal line (progress bars), but whatever was printed before it was
 * still written to the log — a secret then overwritten is leaked all the same — so the pieces
 * are kept, joined with a space (which stands where its CR was); blank pieces are dropped.
 */
const BARE_CR: TextStep = {
  apply(text) {
    if (text.indexOf('\r') === -1) return text;
    return text.split('\r').filter((piece) => piece.trim() !== '').join(' ');
  },
  sourceOf(text, index) {
    let out = 0;
    let kept = false;
    for (let from = 0; ; ) {
      const cr = text.indexOf('\r', from);
      const end = cr === -1 ? text.length : cr;
      if (text.slice(from, end).trim() !== '') {
        if (kept) {
          if (index === out) return from - 1;
          out++;
        }
        if (index < out + (end - from)) return from + (index - out);
        out += end - from;
        kept = true;
      }
      if (cr === -1) return end;
      from = cr + 1;
    }
  },
};

/** Payload text of one trace line (or of a `+`-continued run of them). */
const TRACE_STEPS: readonly TextStep[] = [SECTION_MARKERS, ANSI_STEP, BARE_CR];

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
    let pending: JoinedText | undefined;
    // Header-less traces: the last section marker's epoch is the time of the lines after it.
    let sectionTime: number | undefined;
    const send = (payload: PayloadLine, emit: Emit): void => {
      // The default 4 MiB trace limit cuts the log here: later output was never recorded.
      const text = payload.text;
      const cut = text.indexOf(TRUNCATED);
      if (cut !== -1) {
        const stop = text.indexOf('.', cut + TRUNCATED.length);
        const said = text.slice(cut, stop === -1 ? cut + TRUNCATED.length + 20 : stop + 1);
        const line = payload.locate?.(cut).line ?? payload.line;
        notes.push({ line, message: `GitLab truncated the job log: ${said}`, incomplete: true });
      }
      emit(payload);
    };
    const flush = (emit: Emit): void => {
      if (pending === undefined) return;
      const join = pending;
      pending = undefined;
      send(join.payload(TRACE_STEPS), emit);
    };
    return {
      notes,
      push(raw, line, emit) {
        if (!hasHeader(raw)) {
          flush(emit);
          if (raw === '') return;
          if (!ctx.timesUnused) sectionTime = lastSectionTime(raw) ?? sectionTime;
          send(recordPayload(raw, line, 0, undefined, sectionTime, TRACE_STEPS), emit);
          return;
        }
        if (raw.charCodeAt(31) === 0x2b && pending !== undefined) {
          pending.append(raw.slice(HEADER_LENGTH), line, HEADER_LENGTH);
          if (pending.text.length >= MAX_JOIN_CHARS) flush(emit);
          return;
        }
        flush(emit);
        pending = new JoinedText(ctx.timesUnused ? undefined : parseTimestamp(raw.slice(0, HEADER_TIME), ctx));
        pending.append(raw.slice(HEADER_LENGTH), line, HEADER_LENGTH);
      },
      end: flush,
    };
  },
} satisfies Envelope;
