// Per-source aggregation for the audit rules that count events. A leaked token can be used millions
// of times; the audit keeps one row per source (docs/product.md §9: memory grows only with distinct sources),
// with the first and last use, a count, and a bounded sample of endpoints, user agents and agents.
// Sources are chosen by whoever sends the requests, so the rows are bounded too (SourceRows).
// Token-use rules split the rows by token too (TokenSourceUses): with several exposed tokens
// (`--fingerprint` is repeatable), a source's uses of token B must never be counted in a finding
// that names token A.
import { CountMinSketch, digestOf } from './bounded-counts.js';
import type { AuditEvent, DetectorContext, Limit } from './detector.js';
import { FirstSeen } from './first-seen.js';
import { counted, MAX_LISTED, rowLimits, type RowsState, type RowState, summaryOf } from './row-state.js';
import { EndpointTally } from './endpoint-tally.js';
import { type At, compareAt, compareLast, UseList } from './uses.js';
import { sourceKey, UseKeys } from './use-keys.js';
import { thousands } from '../thousands.js';

export { counted, plural, rowLimits, useFields } from './row-state.js';
export { sourceKey, UseKeys } from './use-keys.js';

/** Exact rows per rule; each holds its first event and up to 3 × 25 listed values. */
export const MAX_SOURCE_ROWS = 50_000;
/** Sources remembered exactly as "seen before --since" per rule, before a Bloom filter takes over. */
export const MAX_SEEN_EXACT = 200_000;

export interface SourceUse {
  /** sourceKey() of these events: the IP, else `agent:<id>`, else `(unknown source in <path>)`. */
  key: string;
  source?: string;
  /** Fingerprint of the token every counted event used; absent when any event used none or another. */
  token?: string;
  /** Set once two counted events disagree about the token, so `token` never comes back. */
  mixedTokens: boolean;
  count: number;
  /** The earliest event (compareAt: time, then place; not the first read). */
  firstEvent: AuditEvent;
  /** The latest (compareLast). */
  last: At;
  /** Endpoints with counts and statuses, first used first. */
  endpoints: EndpointTally;
  /** Token-use rows only: every use, the earliest USES_CAP kept (uses.ts). */
  uses?: UseList;
  userAgents: FirstSeen;
  agents: FirstSeen;
  /** Rebuilt from the sketch: `count` is an estimate and `first` is where the row came back. */
  approximate?: boolean;
}

function newUse(e: AuditEvent, listUses: boolean): SourceUse {
  const use: SourceUse = {
    key: sourceKey(e),
    mixedTokens: false,
    count: 0,
    firstEvent: e,
    last: e,
    endpoints: new EndpointTally(),
    userAgents: new FirstSeen(MAX_LISTED),
    agents: new FirstSeen(MAX_LISTED),
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
  // Inputs are read one after another, not merged by time: the earliest and latest by a total
  // order (time, then place), so that no reading order or split into shards changes them.
  // Written out for the usual case, a later time than both (logs are read in time order): no call.
  const t = e.time;
  const firstTime = use.firstEvent.time;
  if (t === undefined || firstTime === undefined || t <= firstTime) {
    if (compareAt(e, use.firstEvent) < 0) use.firstEvent = e;
  }
  const lastTime = use.last.time;
  if (t !== undefined && lastTime !== undefined && t > lastTime) use.last = e;
  else if (compareLast(e, use.last) > 0) use.last = e;
  if (e.path !== undefined) use.endpoints.add(e.method ?? e.kind, e.path, e.status, e.time);
  else if (e.kind === 'connection') use.endpoints.add('connection', undefined, e.status, e.time);
  use.uses?.add(e);
  // No call for a value the event lacks (most have no agent; the CLI does not inline calls).
  if (e.userAgent !== undefined) use.userAgents.add(e.userAgent, e.time);
  if (e.agent !== undefined) use.agents.add(e.agent, e.time);
}

/** A row as a state file holds it (its strings are redacted by the caller, audit-run.ts). */
function rowState(use: SourceUse, rawKey: string, id: string): RowState {
  const last = use.last.time !== undefined ? { time: use.last.time, location: use.last.location } : { location: use.last.location };
  const row: RowState = {
    h: digestOf(rawKey),
    id,
    key: use.key,
    count: use.count,
    first: summaryOf(use.firstEvent),
    last,
    endpoints: use.endpoints.state(),
    userAgents: use.userAgents.state(),
    agents: use.agents.state(),
  };
  if (use.source !== undefined) row.source = use.source;
  if (use.token !== undefined) row.token = use.token;
  if (use.mixedTokens) row.mixedTokens = true;
  if (use.approximate) row.approximate = true;
  if (use.uses !== undefined) row.uses = use.uses.state();
  return row;
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
  /**
   * The rows counted last and their keys, most recent first (a log's few clients come interleaved,
   * each key the same string line after line: use-keys.ts); cleared when rows are folded.
   */
  private key0: string | undefined;
  private row0: SourceUse | undefined;
  private key1: string | undefined;
  private row1: SourceUse | undefined;

  constructor(
    readonly threshold: number,
    readonly maxRows = MAX_SOURCE_ROWS,
  ) {}

  /** Counts `e` under `key`; returns its row, or undefined when the bound left it to the sketch. */
  addKeyed(key: string, e: AuditEvent): SourceUse | undefined {
    if (key === this.key0) {
      addUse(this.row0!, e);
      return this.row0;
    }
    const row = key === this.key1 ? this.row1 : this.rows.get(key);
    if (row !== undefined) {
      this.key1 = this.key0;
      this.row1 = this.row0;
      this.key0 = key;
      this.row0 = row;
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
    this.key0 = this.key1 = undefined;
    this.row0 = this.row1 = undefined;
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

  /**
   * The rows and counters as plain data, rows sorted by the digest of their key; `idOf` names each
   * row's finding from its key before any redaction. The sketch stays behind: after the last event
   * nothing asks it anything.
   */
  state(idOf: (use: SourceUse) => string, keep: (use: SourceUse) => boolean = () => true): RowsState {
    const rows: RowState[] = [];
    for (const [key, use] of this.rows) if (keep(use)) rows.push(rowState(use, key, idOf(use)));
    rows.sort((a, b) => (a.h < b.h ? -1 : a.h > b.h ? 1 : 0));
    return { rows, folded: this.folded, foldedEvents: this.foldedEvents, promoted: this.promoted, unlisted: this.unlisted, sketched: this.sketched };
  }

  /** What the bound did, in the report's words: `what` names the events (`failed authentications`). */
  limits(scope: string, what: string): Limit[] {
    return rowLimits(this, this.threshold, this.maxRows, scope, what);
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
  private readonly keys = new UseKeys();

  constructor() {
    super(1);
    this.listUses = true;
  }

  /** Returns the row the event was counted in (undefined when the bound left it out). */
  add(e: AuditEvent): SourceUse | undefined {
    return this.addKeyed(this.keys.of(e), e);
  }
}

/**
 * How a message names a finding's token: "the exposed token" when only one was given (the report
 * header names it), "the exposed token sha256:…" when several were, so that no message can be read
 * as being about the other token.
 */
export function tokenPhrase(ctx: { tokens: readonly unknown[] }, token: string | undefined): string {
  return ctx.tokens.length > 1 && token !== undefined ? `the exposed token ${token}` : 'the exposed token';
}

/** Sources "seen before --since" past the exact bound live in a Bloom filter: said, with its error. */
export function seenLimit(scope: string, approximated: number): Limit {
  return {
    scope,
    kind: 'approximated',
    count: approximated,
    message: `${counted(approximated, 'source')} seen before --since beyond the first ${thousands(MAX_SEEN_EXACT)} were remembered in a Bloom filter: about 1 source in 6,000 may be taken as seen before when it was not`,
  };
}
