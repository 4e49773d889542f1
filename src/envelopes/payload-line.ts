// Builders shared by the decoders and detectors of every envelope.
import type { Locate, PayloadLine } from './envelope.js';
import { applySteps, type TextStep, traceBack } from './text-steps.js';

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
