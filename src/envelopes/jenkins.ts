// Jenkins console logs: optional Timestamper prefix `[2025-02-21T14:03:11.201Z] `, hidden
// console notes, ANSI colour (AnsiColor plugin). Masked credentials show as `****`.
import { ANSI_STEP, stripAnsi } from './ansi.js';
import type { Envelope } from './envelope.js';
import { mostLines, payloadLine } from './payload-line.js';
import { cutStep, type TextStep, traceBack } from './text-steps.js';
import { rfc3339End } from './rfc3339.js';
import { parseTimestamp, type TimeContext } from '../time.js';

// ConsoleNote's serialised form, written into the raw on-disk `log` file.
const NOTE_START = '\x1b[8mha:';
const NOTE_END = '\x1b[0m';
/** Envoy's default access log starts `[2019-12-01T12:00:00.000Z] "GET /p HTTP/1.1" …`: not Jenkins. */
const HTTP_REQUEST = /^"[A-Z]{3,10} \S/;
/** Longest bracket content the Timestamper prefix can hold (`[2025-02-21T14:03:11.201+01:00]`). */
const MAX_PREFIX = 40;

/**
 * Removes every `ESC[8mha:<base64>ESC[0m` note. Notes can sit inside a token (a hyperlink
 * note around part of a line), so this runs before anything else looks at the text.
 * An unterminated note loses only its opener, so no output is hidden.
 */
const NOTES = cutStep(
  (text, from) => text.indexOf(NOTE_START, from),
  (text, note) => {
    const close = text.indexOf(NOTE_END, note + NOTE_START.length);
    return close === -1 ? note + NOTE_START.length : close + NOTE_END.length;
  },
);

/** Drops the first `n` characters: the Timestamper prefix, once notes (and colour) are gone. */
function skipStep(n: number): TextStep {
  return { apply: (text) => text.slice(n), sourceOf: (_text, index) => index + n };
}

/** Length of a leading `[<time>] ` prefix and its time, or undefined. */
function readPrefix(text: string, ctx: TimeContext): { length: number; time: number } | undefined {
  if (text.charCodeAt(0) !== 0x5b) return undefined;
  const close = text.indexOf('] ', 1);
  if (close === -1 || close > MAX_PREFIX) return undefined;
  const time = parseTimestamp(text.slice(1, close), ctx);
  return time === undefined ? undefined : { length: close + 2, time };
}

export const jenkins = {
  id: 'jenkins',
  description: 'Jenkins console logs: Timestamper prefix, hidden console notes and ANSI removed',
  detect: (sample) =>
    sample.some((l) => l.includes(NOTE_START)) ||
    mostLines(sample, (l) => {
      const end = l.charCodeAt(0) === 0x5b ? rfc3339End(l, 1) : -1;
      return end !== -1 && l.startsWith('] ', end) && !HTTP_REQUEST.test(l.slice(end + 2, end + 24));
    }),
  createDecoder(ctx) {
    return {
      notes: [],
      push(raw, line, emit) {
        if (raw === '') return;
        const text = NOTES.apply(raw);
        const prefix = readPrefix(text, ctx);
        if (prefix !== undefined) {
          const payload = stripAnsi(text.slice(prefix.length));
          if (text.length === raw.length && payload.length === raw.length - prefix.length) {
            emit(payloadLine(payload, line, prefix.length, prefix.time));
            return;
          }
          // The prefix starts the raw line as Timestamper writes it; a note before it is unusual.
          const column = raw.startsWith(text.slice(0, prefix.length)) ? prefix.length : 0;
          const steps = [NOTES, skipStep(prefix.length), ANSI_STEP];
          emit(payloadLine(payload, line, column, prefix.time, (index) => ({ line, offset: traceBack(raw, steps, index) })));
          return;
        }
        // The prefix can follow a colour code or a note; look again once those are gone.
        const plain = stripAnsi(text);
        const late = readPrefix(plain, ctx);
        const payload = late === undefined ? plain : plain.slice(late.length);
        if (payload.length === raw.length) {
          emit(payloadLine(payload, line, 0, undefined));
          return;
        }
        const steps = [NOTES, ANSI_STEP, skipStep(late?.length ?? 0)];
        emit(payloadLine(payload, line, 0, late?.time, (index) => ({ line, offset: traceBack(raw, steps, index) })));
      },
      end() {},
    };
  },
} satisfies Envelope;
