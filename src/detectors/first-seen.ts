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
  /**
   * A value kept in `seen` and its time there: the value added last, while it is kept. A row's uses
   * repeat one user agent and one agent, the same strings line after line (parsers/string-memo.ts),
   * so `===` answers before the Map hashes it (issue 8).
   */
  private lastValue: string | undefined;
  private lastTime: number | undefined;

  constructor(private readonly cap: number) {}

  add(value: string | undefined, time: number | undefined): void {
    if (value === undefined) return;
    if (value === this.lastValue) {
      if (time !== undefined && (this.lastTime === undefined || time < this.lastTime)) this.seen.set(value, (this.lastTime = time));
      return;
    }
    // One lookup for a value seen with a time (nearly every use): this runs twice per token use.
    const known = this.seen.get(value);
    if (known !== undefined || this.seen.has(value)) {
      const kept = time !== undefined && (known === undefined || time < known) ? time : known;
      if (kept !== known) this.seen.set(value, kept);
      this.lastValue = value;
      this.lastTime = kept;
      return;
    }
    if (this.seen.size < this.cap) {
      this.seen.set(value, time);
      this.lastValue = value;
      this.lastTime = time;
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
      this.lastValue = value;
      this.lastTime = time;
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
