// `journalctl -o json`: one JSON object per entry. `MESSAGE` is the program's line (a string, or
// an array of bytes when it is not UTF-8), `__REALTIME_TIMESTAMP` microseconds since the epoch as
// a string; OpenClaw's own time and subsystem are inside MESSAGE.
import { parseJsonObject } from '../json-object.js';
import { ANSI_STEP } from './ansi.js';
import { escapedOffset } from './docker-json.js';
import type { Envelope } from './envelope.js';
import { mostLines, payloadLine } from './payload-line.js';
import { applySteps, traceBack } from './text-steps.js';

/** The payload's text steps, made once (not a list per line). */
const STEPS = [ANSI_STEP];

// journalctl writes `"MESSAGE":"`; other exporters (and lnav's test data) put spaces around the colon.
const MESSAGE_KEY = /"MESSAGE"\s*:\s*"/;

/** Keys every entry holds (framed-bytes.ts looks for them before a sample is decoded). */
export const JOURNALD_ENTRY_KEYS = ['"__REALTIME_TIMESTAMP"', '"MESSAGE"'] as const;

function isEntry(line: string): boolean {
  return line.charCodeAt(0) === 0x7b && JOURNALD_ENTRY_KEYS.every((k) => line.includes(k));
}

/** `__REALTIME_TIMESTAMP` (µs, a decimal string) as epoch ms. */
function realtimeMillis(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^\d{13,17}$/.test(value)) return undefined;
  return Math.floor(Number(value) / 1000);
}

function messageText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((b) => typeof b === 'number' && b >= 0 && b <= 255)) return Buffer.from(value as number[]).toString('utf8');
  return undefined;
}

export const journaldJson = {
  id: 'journald-json',
  description: '`journalctl -o json`: MESSAGE is the payload, __REALTIME_TIMESTAMP its time',
  detect: (sample) => mostLines(sample, isEntry),
  createDecoder(ctx) {
    return {
      notes: [],
      push(raw, line, emit) {
        if (raw === '') return;
        const entry = parseJsonObject(raw);
        const message = entry === undefined ? undefined : messageText(entry['MESSAGE']);
        if (entry === undefined || message === undefined) {
          // Not an entry (a cut line, a hand edit): its text is still read, never hidden.
          emit(payloadLine(raw, line, 0, undefined));
          return;
        }
        const time = ctx.timesUnused ? undefined : realtimeMillis(entry['__REALTIME_TIMESTAMP']);
        const text = applySteps(message, STEPS);
        const key = MESSAGE_KEY.exec(raw);
        if (key === null) {
          // MESSAGE written as bytes: no character of it sits in the line as itself.
          emit(payloadLine(text, line, 0, time, () => ({ line, offset: raw.indexOf('"MESSAGE"') })));
          return;
        }
        const column = key.index + key[0].length;
        emit(payloadLine(text, line, column, time, (index) => ({ line, offset: escapedOffset(raw, column, traceBack(message, STEPS, index)) })));
      },
      end() {},
    };
  },
} satisfies Envelope;
