import type { EnvelopeId } from '../envelopes/envelope.js';
import type { ParserId } from '../parsers/parser.js';
import { type InputIssue, isIncomplete } from '../sources/input.js';

/** What one input contributed, and how much of it could be read (SPEC §4 coverage section). */
export interface InputCoverage {
  path: string;
  envelope: EnvelopeId;
  format: ParserId;
  gzip: boolean;
  /** Bytes after decompression. */
  bytes: number;
  lines: number;
  /** Lines decoded because they could matter (hit a needle, or looked malformed). */
  examined: number;
  events: number;
  /** Examined lines the parser did not recognise. */
  unparsed: number;
  first?: number;
  last?: number;
  issues: InputIssue[];
}

/** An input covers its first to its last timestamp only if it was read to the end. */
export function coversTime(c: InputCoverage): boolean {
  return c.first !== undefined && c.last !== undefined;
}

export function isComplete(c: InputCoverage): boolean {
  return !c.issues.some((i) => isIncomplete(i.kind));
}
