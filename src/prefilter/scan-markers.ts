// The scan's line markers (docs/performance.md): one per kind of input for a whole scan run, so
// that each tunes its SIMD tables once, on real text, however many small files come first.
import type { Skippable } from '../envelopes/envelope.js';
import type { TokenMatcher } from '../token.js';
import { LineMarker, type LineMarkerOptions } from './line-marker.js';
import type { MergedTriggers } from './triggers.js';

/**
 * The prefilter's line markers, one per scan run and kind of input, shared by its files: each
 * tunes once, on the first block of real text, however many small files come before it.
 */
export class Prefilter {
  private readonly markers = new Map<string, LineMarker>();

  constructor(
    /** Every rule's triggers, merged. */
    readonly triggers: MergedTriggers,
    private readonly tokens: TokenMatcher,
  ) {}

  /** Each marker's fallback reason, once. */
  fallbacks(): string[] {
    return [...new Set([...this.markers.values()].flatMap((m) => (m.fallback === undefined ? [] : [m.fallback])))];
  }

  /** For unframed files, or for an envelope whose lines may be left out. */
  marker(skippable?: Skippable): LineMarker {
    const key = skippable === undefined ? '' : `framed ${skippable.completeLine ?? ''}`;
    let marker = this.markers.get(key);
    if (marker === undefined) {
      const options: LineMarkerOptions = skippable === undefined ? {} : { framed: true };
      if (skippable?.completeLine !== undefined) options.completeLine = skippable.completeLine;
      this.markers.set(key, (marker = new LineMarker(this.triggers, this.tokens, options)));
    }
    return marker;
  }
}
