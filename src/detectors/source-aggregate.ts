// Per-source aggregation for the audit rules that count events. A leaked token can be used millions
// of times; the audit keeps one row per source (docs/product.md §9: memory grows only with distinct sources),
// with the first and last use, a count, and a bounded sample of endpoints, user agents and agents.
// Sources are chosen by whoever sends the requests, so the rows are bounded too (SourceRows).
// Token-use rules split the rows by token too (TokenSourceUses): with several exposed tokens
// (`--fingerprint` is repeatable), a source's uses of token B must never be counted in a finding
// that names token A.
import { CountMinSketch } from './bounded-counts.js';
import type { AuditEvent, DetectorContext, Limit } from './detector.js';
import { type Finding, findingId, type Location } from './finding.js';
import { EndpointTally, UseList } from './uses.js';
import { thousands } from '../thousands.js';

const MAX_LISTED = 25;

/** Exact rows per rule; each holds its first event and up to 3 × 25 listed values. */
export const MAX_SOURCE_ROWS = 50_000;
/** Sources remembered exactly as "seen before --since" per rule, before a Bloom filter takes over. */
export const MAX_SEEN_EXACT = 200_000;

export interface SourceUse {
  /** sourceKey() of these events: the IP, else `agent:<id>`, else `(unknown source)`. */
  key: string;
  source?: string;
  /** Fingerprint of the token every counted event used; absent when any event used none or another. */
  token?: string;
  /** Set once two counted events disagree about the token, so `token` never comes back. */
  mixedTokens: boolean;
  count: number;
  firstTime?: number;
  lastTime?: number;
  first: Location;
  last: Location;
  firstEvent: AuditEvent;
  /** Endpoints with counts and statuses, first seen first. */
  endpoints: EndpointTally;
  /** Token-use rows only: every use, the earliest USES_CAP kept (uses.ts). */
  uses?: UseList;
  userAgents: Set<string>;
  agents: Set<string>;
  /** Rebuilt from the sketch: `count` is an estimate and `first` is where the row came back. */
  approximate?: boolean;
}

/** Uses with no source and no agent are grouped per input file, never merged across inputs. */
export const sourceKey = (e: AuditEvent): string =>
  e.source ?? (e.agent !== undefined ? `agent:${e.agent}` : `(unknown source in ${e.location.path})`);

/** The row of an event when rows are split by token: events without a token share their source's. */
export const useKey = (e: AuditEvent): string => `${e.token?.fingerprint ?? ''}\u0000${sourceKey(e)}`;

function addBounded(set: Set<string>, value: string | undefined): void {
  if (value !== undefined && set.size < MAX_LISTED) set.add(value);
}

function newUse(e: AuditEvent, listUses: boolean): SourceUse {
  const use: SourceUse = {
    key: sourceKey(e),
    mixedTokens: false,
    count: 0,
    first: e.location,
    last: e.location,
    firstEvent: e,
    endpoints: new EndpointTally(),
    userAgents: new Set(),
    agents: new Set(),
  };
  if (listUses) use.uses = new UseList();
  if (e.source !== undefined) use.source = e.source;
  if (e.token !== undefined) use.token = e.token.fingerprint;
  return use;
}

/** Counts `e` in `use`. */
function addUse(use: SourceUse, e: AuditEvent): void {
  if (use.count > 0 && !use.mixedTokens && use.token !== e.token?.fingerprint) {
    // A per-source row that counts events of different tokens is about no one token.
    use.mixedTokens = true;
    delete use.token;
  }
  use.count++;
  // Inputs are read one after another, not merged by time: keep the true earliest and latest.
  if (e.time !== undefined && (use.firstTime === undefined || e.time < use.firstTime)) {
    use.firstTime = e.time;
    use.first = e.location;
    use.firstEvent = e;
  }
  if (e.time !== undefined && (use.lastTime === undefined || e.time >= use.lastTime)) {
    use.lastTime = e.time;
    use.last = e.location;
  } else if (use.lastTime === undefined) {
    use.last = e.location; // no use placed in time yet: the last one read
  }
  const endpoint = e.path !== undefined ? `${e.method ?? e.kind} ${e.path}` : e.kind === 'connection' ? 'connection' : undefined;
  if (endpoint !== undefined) use.endpoints.add(endpoint, e.status, e.time);
  use.uses?.add(e);
  addBounded(use.userAgents, e.userAgent);
  addBounded(use.agents, e.agent);
}

/**
 * One row per key, bounded: exact rows for up to MAX_SOURCE_ROWS keys. When the table is full, rows
 * still below `threshold` (they make no finding yet) are folded into a count-min sketch, and a key
 * whose sketched count reaches the threshold gets a row again, marked approximate. With threshold 1
 * (every row is a finding) nothing can be folded: keys past the bound are counted, not listed.
 * Every fold and every key left out is counted for the report (limits()).
 */
export class SourceRows {
  private readonly rows = new Map<string, SourceUse>();
  private sketch: CountMinSketch | undefined;
  private swept = false;
  private missesSinceSweep = 0;
  /** Rows folded into the sketch. */
  folded = 0;
  /** Events of the folded rows. */
  foldedEvents = 0;
  /** Rows rebuilt from the sketch. */
  promoted = 0;
  /** Keys whose sketched count reached the threshold with no row free: not listed. */
  unlisted = 0;
  /** Rows list their uses (token-use rules). */
  protected listUses = false;
  /** Events counted in the sketch only. */
  sketched = 0;

  constructor(
    private readonly threshold: number,
    private readonly maxRows = MAX_SOURCE_ROWS,
  ) {}

  /** Counts `e` under `key`; returns its row, or undefined when the bound left it to the sketch. */
  addKeyed(key: string, e: AuditEvent): SourceUse | undefined {
    const row = this.rows.get(key);
    if (row !== undefined) {
      addUse(row, e);
      return row;
    }
    // A key the sketch never counted starts an exact row when there is room.
    if ((this.sketch === undefined || this.sketch.estimate(key) === 0) && this.room()) {
      const use = newUse(e, this.listUses);
      addUse(use, e);
      this.rows.set(key, use);
      return use;
    }
    const sketch = (this.sketch ??= new CountMinSketch());
    this.sketched++;
    const estimate = sketch.add(key);
    if (estimate < this.threshold) return undefined;
    if (this.room()) {
      const use = newUse(e, this.listUses);
      use.count = estimate - 1;
      addUse(use, e);
      use.approximate = true;
      this.rows.set(key, use);
      this.promoted++;
      return use;
    } else if (estimate - 1 < this.threshold) {
      this.unlisted++;
    }
    return undefined;
  }

  /**
   * A free row, folding the rows below the threshold when the table is full. Folding is O(rows), so
   * after one it waits for a quarter of the table's worth of misses: a table of rows that all make
   * findings is not swept again for every new key (which would be quadratic).
   */
  private room(): boolean {
    if (this.rows.size < this.maxRows) return true;
    if (this.swept && ++this.missesSinceSweep < this.maxRows / 4) return false;
    this.swept = true;
    this.missesSinceSweep = 0;
    if (this.threshold <= 1) return false;
    const sketch = (this.sketch ??= new CountMinSketch());
    for (const [key, use] of this.rows) {
      if (use.count >= this.threshold) continue;
      sketch.add(key, use.count);
      this.rows.delete(key);
      this.folded++;
      this.foldedEvents += use.count;
    }
    return this.rows.size < this.maxRows;
  }

  entries(): IterableIterator<[string, SourceUse]> {
    return this.rows.entries();
  }

  values(): IterableIterator<SourceUse> {
    return this.rows.values();
  }

  /** What the bound did, in the report's words: `what` names the events (`failed authentications`). */
  limits(scope: string, what: string): Limit[] {
    const out: Limit[] = [];
    const max = thousands(this.maxRows);
    // Counted in events: how many distinct sources went straight to the sketch, a sketch cannot say.
    const approximated = this.threshold > 1 ? this.foldedEvents + this.sketched : 0;
    if (approximated > 0) {
      out.push({
        scope,
        kind: 'approximated',
        count: approximated,
        message: `${counted(approximated, what.replace(/s$/, ''))} were counted in a count-min sketch, not exactly, once ${max} sources filled the exact table (${thousands(this.folded)} sources with fewer than ${this.threshold} folded into it, and the events of sources that found no free row); ${thousands(this.promoted)} sources reached ${this.threshold} there and are reported with an approximate count (their message says "about")`,
      });
    }
    if (this.unlisted > 0) {
      out.push({
        scope,
        kind: 'dropped',
        count: this.unlisted,
        message: `about ${counted(this.unlisted, 'more source')} reached ${this.threshold === 1 ? 'a finding' : this.threshold} with all ${max} rows taken: counted, not listed (${thousands(this.sketched)} ${what} counted in the sketch); split the audit by time or input`,
      });
    }
    return out;
  }
}

/** One row per source, whatever the token (auth failures: a source trying many tokens is one burst). */
export class SourceUses extends SourceRows {
  add(e: AuditEvent): void {
    this.addKeyed(sourceKey(e), e);
  }
}

/** One row per (token, source): what a finding about one token's use counts. */
export class TokenSourceUses extends SourceRows {
  constructor() {
    super(1);
    this.listUses = true;
  }

  /** Returns the row the event was counted in (undefined when the bound left it out). */
  add(e: AuditEvent): SourceUse | undefined {
    return this.addKeyed(useKey(e), e);
  }
}

/** The common fields of a finding built from one source's uses. */
export function useFields(use: SourceUse): Omit<Finding, 'id' | 'rule' | 'severity' | 'message'> {
  const e = use.firstEvent;
  const activity = use.endpoints.list();
  const f: Omit<Finding, 'id' | 'rule' | 'severity' | 'message'> = {
    location: use.first,
    count: use.count,
    endpoints: activity.map((a) => a.endpoint),
    userAgents: [...use.userAgents],
    agents: [...use.agents],
  };
  if (use.uses !== undefined) {
    const { uses, omitted } = use.uses.result();
    f.activity = activity;
    if (use.endpoints.omittedEndpoints > 0) f.endpointsOmitted = use.endpoints.omittedEndpoints;
    f.uses = uses;
    // A row rebuilt from the sketch listed only the uses after it came back.
    f.usesOmitted = omitted + Math.max(0, use.count - uses.length - omitted);
  }
  if (use.firstTime !== undefined) f.time = use.firstTime;
  if (use.lastTime !== undefined) f.lastTime = use.lastTime;
  if (use.count > 1) f.lastLocation = use.last;
  if (use.source !== undefined) f.source = use.source;
  if (e.peer !== undefined) f.peer = e.peer;
  if (e.userAgent !== undefined) f.userAgent = e.userAgent;
  if (e.agent !== undefined) f.agent = e.agent;
  if (e.path !== undefined) f.request = `${e.method ?? 'GET'} ${e.path}`;
  if (e.status !== undefined) f.status = e.status;
  if (e.tokenSlot !== undefined) f.tokenSlot = e.tokenSlot;
  if (use.token !== undefined) f.token = use.token;
  return f;
}

/**
 * How a message names a finding's token: "the exposed token" when only one was given (the report
 * header names it), "the exposed token sha256:…" when several were, so that no message can be read
 * as being about the other token.
 */
export function tokenPhrase(ctx: DetectorContext, token: string | undefined): string {
  return ctx.tokens.length > 1 && token !== undefined ? `the exposed token ${token}` : 'the exposed token';
}

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `plural` with thousands separators, for the large counts of limits. */
export const counted = (n: number, word: string): string => `${thousands(n)} ${word}${n === 1 ? '' : 's'}`;

/** Sources "seen before --since" past the exact bound live in a Bloom filter: said, with its error. */
export function seenLimit(scope: string, approximated: number): Limit {
  return {
    scope,
    kind: 'approximated',
    count: approximated,
    message: `${counted(approximated, 'source')} seen before --since beyond the first ${thousands(MAX_SEEN_EXACT)} were remembered in a Bloom filter: about 1 source in 6,000 may be taken as seen before when it was not`,
  };
}

/**
 * Tells `ctx.onUse` (`--evidence`) of an event counted toward a finding: its id is the finding's
 * (rule, source key, token), hashed once per key — and only when evidence is written.
 */
export function evidenceFor(ctx: DetectorContext, rule: string): (e: AuditEvent) => void {
  const sink = ctx.onUse;
  if (sink === undefined) return () => {};
  const ids = new Map<string, string>();
  return (e) => {
    const key = useKey(e);
    let id = ids.get(key);
    if (id === undefined) {
      id = findingId(rule, sourceKey(e), e.token?.fingerprint);
      if (ids.size < MAX_SOURCE_ROWS) ids.set(key, id);
    }
    sink(rule, id, e);
  };
}
