// Text re-joined from several file lines (Docker 16 KiB partials, CRI `P` records, GitLab `+`
// continuation headers), keeping where each part came from: a token that starts in a later
// record is reported at that record's line and column (docs/product.md §5), not at the first record's.
import type { PayloadLine } from './envelope.js';
import { payloadLine } from './payload-line.js';
import { applySteps, type TextStep, traceBack } from './text-steps.js';

/** Offset in the raw line of a part's `index`th character, when it is not `column + index`. */
export type PartOffset = (index: number) => number;

interface Part {
  /** Where this part starts in the joined text. */
  at: number;
  line: number;
  /** 0-based offset of the part's text in its raw line. */
  column: number;
  offsetOf: PartOffset | undefined;
}

export class JoinedText {
  text = '';
  private readonly parts: Part[] = [];

  constructor(readonly time: number | undefined) {}

  get line(): number {
    return this.parts[0]?.line ?? 0;
  }

  append(text: string, line: number, column: number, offsetOf?: PartOffset): void {
    this.parts.push({ at: this.text.length, line, column, offsetOf });
    this.text += text;
  }

  /** The payload `finish` makes of the joined text; `locate` goes through the part a character came from. */
  payload(finish: readonly TextStep[]): PayloadLine {
    const joined = this.text;
    const parts = this.parts;
    const first = parts[0]!;
    const text = applySteps(joined, finish);
    // Steps delete or replace in place (TextStep), so an unchanged length means unchanged indexes.
    const unchanged = text.length === joined.length;
    if (unchanged && parts.length === 1 && first.offsetOf === undefined) return payloadLine(text, first.line, first.column, this.time);
    return payloadLine(text, first.line, first.column, this.time, (index) => {
      const at = unchanged ? index : traceBack(joined, finish, index);
      const part = partAt(parts, at);
      const k = at - part.at;
      return { line: part.line, offset: part.offsetOf === undefined ? part.column + k : part.offsetOf(k) };
    });
  }
}

/** `JoinedText` of one part, without building one: most records are not split. */
export function recordPayload(text: string, line: number, column: number, offsetOf: PartOffset | undefined, time: number | undefined, finish: readonly TextStep[]): PayloadLine {
  const payload = applySteps(text, finish);
  const unchanged = payload.length === text.length;
  if (unchanged && offsetOf === undefined) return payloadLine(payload, line, column, time);
  return payloadLine(payload, line, column, time, (index) => {
    const k = unchanged ? index : traceBack(text, finish, index);
    return { line, offset: offsetOf === undefined ? column + k : offsetOf(k) };
  });
}

/** The last part starting at or before `at` (parts are in join order; an empty part yields to the next). */
function partAt(parts: readonly Part[], at: number): Part {
  let lo = 0;
  let hi = parts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (parts[mid]!.at <= at) lo = mid;
    else hi = mid - 1;
  }
  return parts[lo]!;
}
