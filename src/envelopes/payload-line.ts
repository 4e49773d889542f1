// Builders shared by the decoders and detectors of every envelope.
import type { EnvelopeDecoder, Locate, PayloadLine } from './envelope.js';
import { applySteps, type TextStep, traceBack } from './text-steps.js';
import { parseTimestamp, type TimeContext } from '../time.js';

/** A PayloadLine; `time` and `locate` are left out, not set to undefined (exactOptionalPropertyTypes). */
export function payloadLine(text: string, line: number, column: number, time: number | undefined, locate?: Locate): PayloadLine {
  const p: PayloadLine = { text, line, column };
  if (locate !== undefined) p.locate = locate;
  if (time !== undefined) p.time = time;
  return p;
}

/**
 * The payload `steps` make of `raw` from offset `start`. Steps delete or replace in place
 * (TextStep), so an unchanged length means `text[i]` is still at `start + i`: `locate` is then
 * left out, and lines without framing noise cost nothing extra.
 */
export function framedPayload(raw: string, line: number, start: number, steps: readonly TextStep[], time: number | undefined): PayloadLine {
  const input = start === 0 ? raw : raw.slice(start);
  const text = applySteps(input, steps);
  if (text.length === input.length) return payloadLine(text, line, start, time);
  return payloadLine(text, line, start, time, (index) => ({ line, offset: start + traceBack(input, steps, index) }));
}

/** Envelope detection: more than half of the sample lines pass `framed`. */
export function mostLines(sample: readonly string[], framed: (line: string) => boolean): boolean {
  let hits = 0;
  for (const line of sample) if (framed(line)) hits++;
  return sample.length > 0 && hits * 2 > sample.length;
}

/** Where a line's time is and where its payload starts: filled by a TimePrefixedFrame (one object, no garbage per line). */
export interface TimeFrame {
  timeStart: number;
  timeEnd: number;
  payload: number;
}

/** Fills `frame` for a line that starts with its time and returns true; false for a continuation line. */
export type TimePrefixedFrame = (raw: string, frame: TimeFrame) => boolean;

/**
 * The decoder of an envelope that writes a time before each line (`heroku logs`/`fly logs`,
 * `docker logs -t`, GitHub Actions): a framed line's payload under its own time; a line `frame`
 * does not frame continues the one before (a message holding newlines, a paste's wrapped line),
 * its payload from `continued(raw)`, under that line's time.
 */
export function timePrefixedDecoder(ctx: TimeContext, steps: readonly TextStep[], frame: TimePrefixedFrame, continued: (raw: string) => number = () => 0): EnvelopeDecoder {
  let lastTime: number | undefined;
  const f: TimeFrame = { timeStart: 0, timeEnd: 0, payload: 0 };
  return {
    notes: [],
    push(raw, line, emit) {
      if (raw === '') return;
      if (!frame(raw, f)) {
        emit(framedPayload(raw, line, continued(raw), steps, lastTime));
        return;
      }
      lastTime = ctx.timesUnused ? undefined : parseTimestamp(raw.slice(f.timeStart, f.timeEnd), ctx);
      emit(framedPayload(raw, line, f.payload, steps, lastTime));
    },
    end() {},
  };
}
