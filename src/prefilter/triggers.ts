// What a scan rule declares about the lines it can report on (docs/product.md §10: search raw
// bytes before decoding lines). The prefilter knows no rule: it takes every rule's triggers,
// merges them, and derives its needles from them (needle-plan.ts), as gitleaks derives its keyword
// prefilter from each rule's `Keywords`. A line that holds no trigger of any rule is not decoded.

export type RunMatters = (buf: Buffer, start: number, end: number) => boolean;

export interface ScanTriggers {
  /** Bytes (case-sensitive) whose line may give a finding, or that a rule must see to keep its state. */
  keywords?: readonly string[];
  /** Lines holding a run of at least this many token characters ([A-Za-z0-9_-]). */
  minRun?: number;
  /**
   * With minRun: whether the runs of the line `buf[start, end)` (raw bytes, before decoding) can
   * give a finding. A line that holds a run and no other trigger of any rule, and none of the
   * mapping keys, for which this is false gives nothing and changes no state of a run at rest
   * (ScanRun.resting): the scan does not decode it (prefilter/line-marker.ts). Absent: every
   * such line is given.
   */
  runMatters?: RunMatters;
  /** Lines holding a needle of the exposed token(s) (TokenMatcher.needles()). */
  exposedToken?: boolean;
  /** An OpenClaw mask: `head` token characters, one of `ellipses`, `tail` token characters. */
  mask?: { head: number; ellipses: readonly string[]; tail: number };
  /**
   * Keys that open a mapping the rule follows across lines (YAML `gateway:`, JSON `"gateway": {`):
   * a block holding one is given whole, and the block after it.
   */
  mappingKeys?: readonly string[];
  /** Keywords whose value may stand on the next line (a plist `<key>`): that line is given too. */
  nextLineKeys?: readonly string[];
}

/** Every rule's triggers as one set: keywords and keys united, the shortest run and mask kept. */
export interface MergedTriggers {
  keywords: readonly string[];
  minRun: number | undefined;
  /** Set when every rule with a minRun declares runMatters: any of them. */
  runMatters: RunMatters | undefined;
  exposedToken: boolean;
  mask: { head: number; ellipses: readonly string[]; tail: number } | undefined;
  mappingKeys: readonly string[];
  nextLineKeys: readonly string[];
}

export function mergeTriggers(all: readonly ScanTriggers[]): MergedTriggers {
  const unite = (pick: (t: ScanTriggers) => readonly string[] | undefined): string[] => [...new Set(all.flatMap((t) => pick(t) ?? []))];
  const runs = all.flatMap((t) => (t.minRun === undefined ? [] : [t.minRun]));
  const masks = all.flatMap((t) => (t.mask === undefined ? [] : [t.mask]));
  const withRun = all.filter((t) => t.minRun !== undefined);
  // The three value rules share one runMatters (values/candidates.ts VALUE_TRIGGERS): asked once,
  // not three times, of each line marked for its run alone (the YAML/JSON tree's 190,000).
  const matters = [...new Set(withRun.flatMap((t) => (t.runMatters === undefined ? [] : [t.runMatters])))];
  return {
    keywords: unite((t) => t.keywords),
    minRun: runs.length === 0 ? undefined : Math.min(...runs),
    runMatters:
      matters.length === 0 || withRun.some((t) => t.runMatters === undefined)
        ? undefined
        : matters.length === 1
          ? matters[0]
          : (buf, start, end) => matters.some((m) => m(buf, start, end)),
    exposedToken: all.some((t) => t.exposedToken === true),
    mask:
      masks.length === 0
        ? undefined
        : {
            head: Math.min(...masks.map((m) => m.head)),
            ellipses: [...new Set(masks.flatMap((m) => m.ellipses))],
            tail: Math.min(...masks.map((m) => m.tail)),
          },
    mappingKeys: unite((t) => t.mappingKeys),
    nextLineKeys: unite((t) => t.nextLineKeys),
  };
}
