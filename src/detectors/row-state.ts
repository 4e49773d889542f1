// The per-source rows of the counting rules as a state file holds them (`clawprint merge`,
// docs/product.md §4): plain data, merged associatively, so that one audit and any split of its
// inputs into shards give the same findings. A row is known by the digest of its key (bounded-
// counts.ts digestOf), never by the key itself; every string in it is redacted before it is written.
import type { AuditEvent, Limit } from './detector.js';
import type { Finding, Location } from './finding.js';
import { mergeSeen, type SeenValue } from './first-seen.js';
import { endpointActivity, type EndpointsState, mergeEndpoints } from './endpoint-tally.js';
import { type At, compareAt, compareLast, mergeUses, type UsesState } from './uses.js';
import { thousands } from '../thousands.js';

/** User agents and agents listed per row. */
export const MAX_LISTED = 25;

/** What a finding shows of the earliest event of a row or a candidate. */
export interface EventSummary {
  time?: number;
  location: Location;
  kind: AuditEvent['kind'];
  source?: string;
  peer?: string;
  userAgent?: string;
  agent?: string;
  device?: string;
  channels?: string[];
  registration?: AuditEvent['registration'];
  method?: string;
  path?: string;
  status?: number;
  tokenSlot?: string;
  reason?: string;
  /** Fingerprint of the known token the event used. */
  token?: string;
}

/** The fields of `e` a finding can show (the line's text and parser internals stay behind). */
export function summaryOf(e: AuditEvent): EventSummary {
  const s: EventSummary = { location: e.location, kind: e.kind };
  if (e.time !== undefined) s.time = e.time;
  if (e.source !== undefined) s.source = e.source;
  if (e.peer !== undefined) s.peer = e.peer;
  if (e.userAgent !== undefined) s.userAgent = e.userAgent;
  if (e.agent !== undefined) s.agent = e.agent;
  if (e.device !== undefined) s.device = e.device;
  if (e.channels !== undefined) s.channels = [...e.channels];
  if (e.registration !== undefined) s.registration = e.registration;
  if (e.method !== undefined) s.method = e.method;
  if (e.path !== undefined) s.path = e.path;
  if (e.status !== undefined) s.status = e.status;
  if (e.tokenSlot !== undefined) s.tokenSlot = e.tokenSlot;
  if (e.reason !== undefined) s.reason = e.reason;
  if (e.token !== undefined) s.token = e.token.fingerprint;
  return s;
}

export interface RowState {
  /** digestOf(the row's key): how shards' rows meet. */
  h: string;
  /** The finding id, computed from the key before it was redacted. */
  id: string;
  /** sourceKey(): the IP, else `agent:<id>`, else `(unknown source in <path>)`. */
  key: string;
  source?: string;
  /** Fingerprint of the token every counted event used; absent when they disagree or used none. */
  token?: string;
  mixedTokens?: true;
  count: number;
  /** Rebuilt from the sketch: `count` is an estimate. */
  approximate?: true;
  /** The earliest event (compareAt). */
  first: EventSummary;
  /** The latest (compareLast). */
  last: At;
  endpoints: EndpointsState;
  userAgents: SeenValue[];
  agents: SeenValue[];
  /** Token-use rows only. */
  uses?: UsesState;
}

/** The counters of a SourceRows bound (source-aggregate.ts), added when states merge. */
export interface BoundCounters {
  folded: number;
  foldedEvents: number;
  promoted: number;
  unlisted: number;
  sketched: number;
}

export interface RowsState extends BoundCounters {
  /** Sorted by `h`. */
  rows: RowState[];
}

export const noCounters = (): BoundCounters => ({ folded: 0, foldedEvents: 0, promoted: 0, unlisted: 0, sketched: 0 });

/** Two rows of one key as one: any grouping gives the same row (within the bounds of uses.ts). */
export function mergeRow(a: RowState, b: RowState): RowState {
  const first = compareAt(b.first, a.first) < 0 ? b.first : a.first;
  const last = compareLast(b.last, a.last) > 0 ? b.last : a.last;
  const row: RowState = {
    h: a.h,
    id: a.id,
    key: a.key,
    count: a.count + b.count,
    first,
    last,
    endpoints: mergeEndpoints(a.endpoints, b.endpoints),
    userAgents: mergeSeen(a.userAgents, b.userAgents, MAX_LISTED),
    agents: mergeSeen(a.agents, b.agents, MAX_LISTED),
  };
  if (a.source !== undefined) row.source = a.source;
  // A row that counts events of different tokens is about no one token.
  if (a.mixedTokens || b.mixedTokens || a.token !== b.token) row.mixedTokens = true;
  else if (a.token !== undefined) row.token = a.token;
  if (a.approximate || b.approximate) row.approximate = true;
  if (a.uses !== undefined && b.uses !== undefined) row.uses = mergeUses(a.uses, b.uses);
  return row;
}

/**
 * Two tables as one. Past `maxRows` the table keeps what one audit would: rows below `threshold`
 * are folded away (counted), then the rows first seen latest are counted, not listed.
 */
export function mergeRows(a: RowsState, b: RowsState, threshold: number, maxRows: number): RowsState {
  // Both lists are sorted by digest: one pass joins them (no map, no sort), so merging a hundred
  // states costs a hundred passes over the table, not a hundred sorts of it.
  let rows: RowState[] = [];
  let i = 0;
  let j = 0;
  while (i < a.rows.length || j < b.rows.length) {
    const x = a.rows[i];
    const y = b.rows[j];
    if (y === undefined || (x !== undefined && x.h < y.h)) {
      rows.push(x!);
      i++;
    } else if (x === undefined || y.h < x.h) {
      rows.push(y);
      j++;
    } else {
      rows.push(mergeRow(x, y));
      i++;
      j++;
    }
  }
  const out: RowsState = {
    rows,
    folded: a.folded + b.folded,
    foldedEvents: a.foldedEvents + b.foldedEvents,
    promoted: a.promoted + b.promoted,
    unlisted: a.unlisted + b.unlisted,
    sketched: a.sketched + b.sketched,
  };
  if (rows.length > maxRows && threshold > 1) {
    const kept = rows.filter((r) => r.count >= threshold);
    for (const r of rows) {
      if (r.count >= threshold) continue;
      out.folded++;
      out.foldedEvents += r.count;
    }
    rows = kept;
  }
  if (rows.length > maxRows) {
    const cut = new Set([...rows].sort((x, y) => compareAt(x.first, y.first) || (x.h < y.h ? -1 : 1)).slice(maxRows));
    for (const r of cut) {
      out.unlisted++;
      out.sketched += r.count;
    }
    rows = rows.filter((r) => !cut.has(r));
  }
  out.rows = rows;
  return out;
}

/** The common fields of a finding built from one row. */
export function useFields(row: RowState): Omit<Finding, 'id' | 'rule' | 'severity' | 'message'> {
  const e = row.first;
  const activity = endpointActivity(row.endpoints);
  const f: Omit<Finding, 'id' | 'rule' | 'severity' | 'message'> = {
    location: row.first.location,
    count: row.count,
    endpoints: activity.map((a) => a.endpoint),
    userAgents: row.userAgents.map((s) => s.value),
    agents: row.agents.map((s) => s.value),
  };
  if (row.uses !== undefined) {
    const { uses, dropped } = row.uses;
    f.activity = activity;
    if (row.endpoints.omittedEndpoints > 0) f.endpointsOmitted = row.endpoints.omittedEndpoints;
    f.uses = uses;
    // A row rebuilt from the sketch listed only the uses after it came back.
    f.usesOmitted = dropped + Math.max(0, row.count - uses.length - dropped);
  }
  if (row.first.time !== undefined) f.time = row.first.time;
  if (row.last.time !== undefined) f.lastTime = row.last.time;
  if (row.count > 1) f.lastLocation = row.last.location;
  if (row.source !== undefined) f.source = row.source;
  if (e.peer !== undefined) f.peer = e.peer;
  if (e.userAgent !== undefined) f.userAgent = e.userAgent;
  if (e.agent !== undefined) f.agent = e.agent;
  if (e.path !== undefined) f.request = `${e.method ?? 'GET'} ${e.path}`;
  if (e.status !== undefined) f.status = e.status;
  if (e.tokenSlot !== undefined) f.tokenSlot = e.tokenSlot;
  if (row.token !== undefined) f.token = row.token;
  return f;
}

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `plural` with thousands separators, for the large counts of limits. */
export const counted = (n: number, word: string): string => `${thousands(n)} ${word}${n === 1 ? '' : 's'}`;

/** What a table's bound did (a live table's counters, or a merged state's), in the report's words. */
export function rowLimits(c: BoundCounters, threshold: number, maxRows: number, scope: string, what: string): Limit[] {
  const out: Limit[] = [];
  const max = thousands(maxRows);
  // Counted in events: how many distinct sources went straight to the sketch, a sketch cannot say.
  const approximated = threshold > 1 ? c.foldedEvents + c.sketched : 0;
  if (approximated > 0) {
    out.push({
      scope,
      kind: 'approximated',
      count: approximated,
      message: `${counted(approximated, what.replace(/s$/, ''))} were counted in a count-min sketch, not exactly, once ${max} sources filled the exact table (${thousands(c.folded)} sources with fewer than ${threshold} folded into it, and the events of sources that found no free row); ${thousands(c.promoted)} sources reached ${threshold} there and are reported with an approximate count (their message says "about")`,
    });
  }
  if (c.unlisted > 0) {
    out.push({
      scope,
      kind: 'dropped',
      count: c.unlisted,
      message: `about ${counted(c.unlisted, 'more source')} reached ${threshold === 1 ? 'a finding' : threshold} with all ${max} rows taken: counted, not listed (${thousands(c.sketched)} ${what} counted in the sketch); split the audit by time or input`,
    });
  }
  return out;
}
