// Where a payload character came from (docs/product.md §5: a finding is reported at the file line and column
// where it starts). Envelopes delete framing — ANSI codes, Jenkins notes, inner timestamp
// prefixes, GitLab section markers — so an offset in the payload is not an offset in the file.
// Each deletion is a TextStep: its fast `apply` runs on every line, and `sourceOf` re-walks the
// same input only when a rule reports something, so no offset map is built on the hot path.

/**
 * A text transform where every output character comes from one input character, in order: it
 * deletes characters, or replaces one in place (GitLab's bare CR becomes a space). So an output
 * as long as its input is that input position for position.
 */
export interface TextStep {
  apply(text: string): string;
  /** Index in `input` of the character at `index` of `apply(input)`. */
  sourceOf(input: string, index: number): number;
}

/** Start of the next span to delete at or after `from`, or -1. */
export type NextCut = (text: string, from: number) => number;
/** End (exclusive) of the span to delete that starts at `start`. */
export type CutEnd = (text: string, start: number) => number;

/**
 * `sourceOf` for a step that deletes the spans `next`/`end` find, walking them the way `apply`
 * does: the output is the text between the cuts, so `index` falls in one of those runs.
 */
export function sourceAfterCuts(text: string, index: number, next: NextCut, end: CutEnd): number {
  let kept = 0;
  let from = 0;
  for (let cut = next(text, 0); cut !== -1; cut = next(text, from)) {
    if (index < kept + (cut - from)) break;
    kept += cut - from;
    from = end(text, cut);
  }
  return from + (index - kept);
}

/** The TextStep that deletes the spans `next`/`end` find. */
export function cutStep(next: NextCut, end: CutEnd): TextStep {
  return {
    apply(text) {
      let cut = next(text, 0);
      if (cut === -1) return text;
      let out = '';
      let from = 0;
      while (cut !== -1) {
        out += text.slice(from, cut);
        from = end(text, cut);
        cut = next(text, from);
      }
      return out + text.slice(from);
    },
    sourceOf: (text, index) => sourceAfterCuts(text, index, next, end),
  };
}

/** `text` after every step in order. */
export function applySteps(text: string, steps: readonly TextStep[]): string {
  for (const step of steps) text = step.apply(text);
  return text;
}

/** Index in `input` of the character at `index` of `applySteps(input, steps)`. */
export function traceBack(input: string, steps: readonly TextStep[], index: number): number {
  const inputs = [input];
  for (let k = 0; k < steps.length - 1; k++) inputs.push(steps[k]!.apply(inputs[k]!));
  for (let k = steps.length - 1; k >= 0; k--) index = steps[k]!.sourceOf(inputs[k]!, index);
  return index;
}
