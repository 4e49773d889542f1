// Jenkins console logs: optional Timestamper prefix `[2025-02-21T14:03:11.201Z] `, hidden
// console notes, ANSI colour (AnsiColor plugin). Masked credentials show as `****`.
import { stripAnsi } from './ansi.js';
import type { Envelope } from './envelope.js';
import { mostLines, payloadLine } from './payload-line.js';
import { rfc3339End } from './rfc3339.js';
import { parseTimestamp, type TimeContext } from '../time.js';

// ConsoleNote's serialised form, written into the raw on-disk `log` file.
const NOTE_START = '\x1b[8mha:';
const NOTE_END = '\x1b[0m';
/** Longest bracket content the Timestamper prefix can hold (`[2025-02-21T14:03:11.201+01:00]`). */
const MAX_PREFIX = 40;

/**
 * Removes every `ESC[8mha:<base64>ESC[0m` note. Notes can sit inside a token (a hyperlink
 * note around part of a line), so this runs before anything else looks at the text.
 * An unterminated note loses only its opener, so no output is hidden.
 */
function removeNotes(raw: string): string {
  let note = raw.indexOf(NOTE_START);
  if (note === -1) return raw;
  let out = '';
  let from = 0;
  while (note !== -1) {
    out += raw.slice(from, note);
    const close = raw.indexOf(NOTE_END, note + NOTE_START.length);
    from = close === -1 ? note + NOTE_START.length : close + NOTE_END.length;
    note = raw.indexOf(NOTE_START, from);
  }
  return out + raw.slice(from);
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
      return end !== -1 && l.startsWith('] ', end);
    }),
  createDecoder(ctx) {
    return {
      notes: [],
      push(raw, line, emit) {
        if (raw === '') return;
        const text = removeNotes(raw);
        const prefix = readPrefix(text, ctx);
        if (prefix !== undefined) {
          // Exact when the prefix starts the raw line, as Timestamper writes it.
          const column = raw.startsWith(text.slice(0, prefix.length)) ? prefix.length : 0;
          emit(payloadLine(stripAnsi(text.slice(prefix.length)), line, column, prefix.time));
          return;
        }
        // The prefix can follow a colour code or a note; look again once those are gone.
        const plain = stripAnsi(text);
        const late = readPrefix(plain, ctx);
        emit(late === undefined
          ? payloadLine(plain, line, 0, undefined)
          : payloadLine(plain.slice(late.length), line, 0, late.time));
      },
      end() {},
    };
  },
} satisfies Envelope;
