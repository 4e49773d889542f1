// The user agents and agents a grouped finding lists: a bounded sample that merges exactly.

export interface SeenValue {
  value: string;
  /** Time of its earliest use. */
  time?: number;
}

const INF = Number.POSITIVE_INFINITY;
/** First used first (no known time last), then by value: a total order, whatever the reading order. */
const compareSeen = (a: SeenValue, b: SeenValue): number => (a.time ?? INF) - (b.time ?? INF) || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0);

/**
 * Values of a finding (user agents, agents) in the order first used, up to `cap`: the `cap` first
 * used whatever the reading order, so that shards merge to the same list.
 */
export class FirstSeen {
  /** Value → time of its earliest use (undefined: none with a time yet). */
  private readonly seen = new Map<string, number | undefined>();

  constructor(private readonly cap: number) {}

  add(value: string | undefined, time: number | undefined): void {
    if (value === undefined) return;
    // One lookup for a value seen with a time (nearly every use): this runs twice per token use.
    const known = this.seen.get(value);
    if (known !== undefined || this.seen.has(value)) {
      if (time !== undefined && (known === undefined || time < known)) this.seen.set(value, time);
      return;
    }
    if (this.seen.size < this.cap) {
      this.seen.set(value, time);
      return;
    }
    let latest: SeenValue | undefined;
    for (const [v, t] of this.seen) {
      const s = t === undefined ? { value: v } : { value: v, time: t };
      if (latest === undefined || compareSeen(s, latest) > 0) latest = s;
    }
    const candidate = time === undefined ? { value } : { value, time };
    if (latest !== undefined && compareSeen(latest, candidate) > 0) {
      this.seen.delete(latest.value);
      this.seen.set(value, time);
    }
  }

  state(): SeenValue[] {
    return [...this.seen].map(([value, time]) => (time === undefined ? { value } : { value, time })).sort(compareSeen);
  }
}

export function mergeSeen(a: readonly SeenValue[], b: readonly SeenValue[], cap: number): SeenValue[] {
  const seen = new Map<string, SeenValue>();
  for (const s of [...a, ...b]) {
    const known = seen.get(s.value);
    if (known === undefined || (s.time ?? INF) < (known.time ?? INF)) seen.set(s.value, s);
  }
  return [...seen.values()].sort(compareSeen).slice(0, cap);
}
