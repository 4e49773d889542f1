// Builders shared by the decoders and detectors of every envelope.
import type { PayloadLine } from './envelope.js';

/** A PayloadLine; `time` is left out, not set to undefined (exactOptionalPropertyTypes). */
export function payloadLine(text: string, line: number, column: number, time: number | undefined): PayloadLine {
  return time === undefined ? { text, line, column } : { text, line, column, time };
}

/** Envelope detection: more than half of the sample lines pass `framed`. */
export function mostLines(sample: readonly string[], framed: (line: string) => boolean): boolean {
  let hits = 0;
  for (const line of sample) if (framed(line)) hits++;
  return sample.length > 0 && hits * 2 > sample.length;
}
