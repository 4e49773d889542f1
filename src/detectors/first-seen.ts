// The user agents and agents a grouped finding lists: a bounded sample that merges exactly.
import { type At, compareAt } from './uses.js';

export interface SeenValue {
  value: string;
  at: At;
}

const compareSeen = (a: SeenValue, b: SeenValue): number => compareAt(a.at, b.at) || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0);

const copyAt = (at: At): At => (at.time !== undefined ? { time: at.time, location: at.location } : { location: at.location });

/**
 * Values of a finding (user agents, agents) in the order first used, up to `cap`: the `cap` first
 * used (compareAt, then the value) whatever the reading order, so that shards merge to the same list.
 */
export class FirstSeen {
  private readonly seen = new Map<string, At>();

  constructor(private readonly cap: number) {}

  add(value: string | undefined, at: At): void {
    if (value === undefined) return;
    const known = this.seen.get(value);
    if (known !== undefined) {
      if (compareAt(at, known) < 0) this.seen.set(value, copyAt(at));
      return;
    }
    const copy = copyAt(at);
    if (this.seen.size < this.cap) {
      this.seen.set(value, copy);
      return;
    }
    let latest: SeenValue | undefined;
    for (const [v, a] of this.seen) if (latest === undefined || compareSeen({ value: v, at: a }, latest) > 0) latest = { value: v, at: a };
    if (latest !== undefined && compareSeen(latest, { value, at: copy }) > 0) {
      this.seen.delete(latest.value);
      this.seen.set(value, copy);
    }
  }

  state(): SeenValue[] {
    return [...this.seen].map(([value, at]) => ({ value, at })).sort(compareSeen);
  }
}


export function mergeSeen(a: readonly SeenValue[], b: readonly SeenValue[], cap: number): SeenValue[] {
  const seen = new Map<string, SeenValue>();
  for (const s of [...a, ...b]) {
    const known = seen.get(s.value);
    if (known === undefined || compareAt(s.at, known.at) < 0) seen.set(s.value, s);
  }
  return [...seen.values()].sort(compareSeen).slice(0, cap);
}
