// Every use behind a grouped finding, reachable (issue: "every use shown, not only counted"). A
// finding lists its uses in time order up to USES_CAP; the rest are counted in `usesOmitted` and
// streamed to `--evidence`. Inputs are read one after another, not merged by time, so "the first N"
// cannot be "the first N read": the list keeps the N earliest by time in a buffer of at most 2N,
// sorted and cut to N whenever it fills. Once cut, an event later than the N-th kept one is only
// counted (one comparison), so the cost per event does not grow with the input, and memory is
// bounded by USES_CAP per finding.
import { bytesOf, queryOf } from '../parsers/request-extras.js';
import type { AuditEvent } from './detector.js';
import type { Location } from './finding.js';

/** Uses listed per finding (JSON `uses`, CSV rows); the rest are in `--evidence`. */
export const USES_CAP = 100;

/** One event behind a finding, as the reports list it. */
export interface Use {
  time?: number;
  location: Location;
  kind: AuditEvent['kind'];
  source?: string;
  method?: string;
  /** Path with its query string as logged; credentials in it are replaced by redactFinding. */
  path?: string;
  status?: number;
  bytes?: number;
  userAgent?: string;
  agent?: string;
  tokenSlot?: string;
}

/** `path?query`: the request target as logged (the query is redacted before output). */
export function targetOf(e: AuditEvent): string | undefined {
  if (e.path === undefined) return undefined;
  const query = e.text === undefined ? undefined : queryOf(e.text, e.path);
  return query !== undefined ? `${e.path}?${query}` : e.path;
}

/** The use as reports list it; reads the query and size back from the line (once per kept use). */
export function useOf(e: AuditEvent): Use {
  const u: Use = { location: e.location, kind: e.kind };
  if (e.time !== undefined) u.time = e.time;
  if (e.source !== undefined) u.source = e.source;
  if (e.method !== undefined) u.method = e.method;
  const target = targetOf(e);
  if (target !== undefined) u.path = target;
  if (e.status !== undefined) u.status = e.status;
  const bytes = e.text === undefined ? undefined : bytesOf(e.text);
  if (bytes !== undefined) u.bytes = bytes;
  if (e.userAgent !== undefined) u.userAgent = e.userAgent;
  if (e.agent !== undefined) u.agent = e.agent;
  if (e.tokenSlot !== undefined) u.tokenSlot = e.tokenSlot;
  return u;
}

/** When and where an event happened: what every bounded choice of the audit orders by. */
export interface At {
  time?: number;
  location: Location;
}

const byPath = (a: Location, b: Location): number => (a.path === b.path ? a.line - b.line : a.path < b.path ? -1 : 1);

/**
 * Earliest first: time (a use without a time sorts last: it cannot be placed), then place in the
 * input. A total order, so that which N are kept never depends on the order inputs were read in,
 * nor on how they were split into shards (docs/product.md §4, `clawprint merge`).
 */
export function compareAt(a: At, b: At): number {
  return (a.time ?? Number.POSITIVE_INFINITY) - (b.time ?? Number.POSITIVE_INFINITY) || byPath(a.location, b.location);
}

/** Latest last: as compareAt, but an event without a time is never later than one with a time. */
export function compareLast(a: At, b: At): number {
  return (a.time ?? Number.NEGATIVE_INFINITY) - (b.time ?? Number.NEGATIVE_INFINITY) || byPath(a.location, b.location);
}

/** Time order; a use without a time sorts last (it cannot be placed), then by place in the input. */
export const compareUses: (a: Use, b: Use) => number = compareAt;

/** The kept uses of a finding as a state file holds them (`clawprint merge`). */
export interface UsesState {
  uses: Use[];
  /** Uses counted, not kept. */
  dropped: number;
}

/** Two lists as one: the `cap` earliest of both, the rest counted (any grouping, the same list). */
export function mergeUses(a: UsesState, b: UsesState, cap = USES_CAP): UsesState {
  const uses = [...a.uses, ...b.uses].sort(compareUses);
  const cut = Math.max(0, uses.length - cap);
  uses.length -= cut;
  return { uses, dropped: a.dropped + b.dropped + cut };
}

export class UseList {
  private buffer: Use[] = [];
  /** Time of the CAP-th earliest use once the buffer was cut: later ones are only counted. */
  private cutoff = Number.POSITIVE_INFINITY;
  private dropped = 0;

  constructor(private readonly cap = USES_CAP) {}

  add(e: AuditEvent): void {
    // Strictly later than the cut-off: equal times may still sort before it by place.
    if ((e.time ?? Number.POSITIVE_INFINITY) > this.cutoff) {
      this.dropped++;
      return;
    }
    this.buffer.push(useOf(e));
    if (this.buffer.length >= 2 * this.cap) this.cut();
  }

  private cut(): void {
    this.buffer.sort(compareUses);
    this.dropped += this.buffer.length - this.cap;
    this.buffer.length = this.cap;
    this.cutoff = this.buffer[this.cap - 1]!.time ?? Number.POSITIVE_INFINITY;
  }

  /** The kept uses in time order and how many were left out. */
  state(): UsesState {
    if (this.buffer.length > this.cap) this.cut();
    else this.buffer.sort(compareUses);
    return { uses: [...this.buffer], dropped: this.dropped };
  }

  /** The kept uses in time order and how many were left out. */
  result(): { uses: Use[]; omitted: number } {
    const { uses, dropped } = this.state();
    return { uses, omitted: dropped };
  }
}

/** One endpoint of a grouped finding: how often, with which statuses, first seen when. */
export interface EndpointActivity {
  endpoint: string;
  count: number;
  /** Status → count, e.g. `{ "200": 3, "403": 1 }`; absent when the log has no status. */
  statuses?: Record<string, number>;
  firstTime?: number;
}

/** Endpoints listed per finding; more are counted in `endpointsOmitted`. */
export const ENDPOINTS_CAP = 25;

interface EndpointRow {
  endpoint: string;
  count: number;
  /** [status, count, status, count, …]. */
  statuses: number[];
  /** Time of the earliest use. */
  time?: number;
}

/** A finding's endpoints as a state file holds them, earliest first. */
export interface EndpointsState {
  rows: EndpointRow[];
  /** Uses of endpoints not kept (evicted or never admitted). */
  omittedUses: number;
  omittedEndpoints: number;
}

/** First used first (an endpoint never used at a known time last), then by name: a total order, so no reading order changes which are kept. */
const compareRows = (a: EndpointRow, b: EndpointRow): number =>
  (a.time ?? Number.POSITIVE_INFINITY) - (b.time ?? Number.POSITIVE_INFINITY) || (a.endpoint < b.endpoint ? -1 : a.endpoint > b.endpoint ? 1 : 0);

function addStatus(s: number[], status: number, n: number): void {
  // A handful of distinct statuses, searched in place (an object keyed by 200 or 403 would get
  // array elements up to that index).
  let i = 0;
  while (i < s.length && s[i] !== status) i += 2;
  if (i < s.length) s[i + 1]! += n;
  else s.push(status, n);
}

/** [status, count, …] in status order: one state, whatever order the statuses were first seen in. */
function byStatus(pairs: readonly number[]): number[] {
  const out: Array<[number, number]> = [];
  for (let i = 0; i < pairs.length; i += 2) out.push([pairs[i]!, pairs[i + 1]!]);
  return out.sort((a, b) => a[0] - b[0]).flat();
}

/** An endpoint as the reports name it: `GET /path`, or `connection` for a connection without a path. */
export const endpointOf = (verb: string, path: string | undefined): string => (path === undefined ? verb : `${verb} ${path}`);

/**
 * Endpoints with their counts and statuses, the ENDPOINTS_CAP first used kept (time, then the
 * endpoint): the attacker's first request is never the one a bound drops, and which endpoints are
 * kept does not depend on reading order. A new endpoint evicts the latest-first one only when it is
 * earlier.
 *
 * This runs for every token use (issue 8: a third of the lines of the `leak-30` bench variant), so
 * the endpoint string is built only for a new row or a tie: a built string is a rope that V8
 * flattens each time a Map hashes it. Rows are also found by their (verb, path) pair: an endpoint
 * string with no space, or with one that is neither its last character nor followed by another,
 * is named by exactly one pair without a space in either part (splitting at the space), and such a
 * pair names no other string. So a pair like that finds its row, or learns there is none, in
 * `byPair`; any other pair (a path with a space) is looked up by its string. The latest-first row is
 * remembered while the table is full, so a later new endpoint is turned away without a scan.
 */
export class EndpointTally {
  private readonly rows = new Map<string, EndpointRow>();
  /** Verb → path (`''` when none) → row, for the pairs without a space. */
  private readonly byPair = new Map<string, Map<string, EndpointRow>>();
  /** The row compareRows puts last, or undefined when not known (recomputed when asked). */
  private latest: EndpointRow | undefined;
  omittedUses = 0;
  omittedEndpoints = 0;

  /** One use of `verb path` (`path` undefined: the endpoint is the verb itself, `connection`). */
  add(verb: string, path: string | undefined, status: number | undefined, time: number | undefined): void {
    const paired = !verb.includes(' ') && (path === undefined || (path !== '' && !path.includes(' ')));
    let endpoint: string | undefined;
    let row: EndpointRow | undefined;
    if (paired) {
      row = this.byPair.get(verb)?.get(path ?? '');
    } else {
      endpoint = endpointOf(verb, path);
      row = this.rows.get(endpoint);
    }
    if (row === undefined) {
      if (this.rows.size >= ENDPOINTS_CAP) {
        const latest = (this.latest ??= this.findLatest());
        // compareRows(latest, candidate) <= 0: the candidate would be the latest-first, not kept.
        const t = time ?? Number.POSITIVE_INFINITY;
        const latestTime = latest.time ?? Number.POSITIVE_INFINITY;
        if (latestTime < t || (latestTime === t && latest.endpoint <= (endpoint ??= endpointOf(verb, path)))) {
          this.omittedUses++;
          this.omittedEndpoints++;
          return;
        }
        this.evict(latest);
      }
      row = { endpoint: endpoint ?? endpointOf(verb, path), count: 0, statuses: [] };
      if (time !== undefined) row.time = time;
      this.rows.set(row.endpoint, row);
      this.pair(row);
      if (this.latest !== undefined && compareRows(row, this.latest) > 0) this.latest = row;
    } else if (time !== undefined && (row.time === undefined || time < row.time)) {
      row.time = time;
      if (row === this.latest) this.latest = undefined;
    }
    row.count++;
    if (status !== undefined) addStatus(row.statuses, status, 1);
  }

  /** Files the row under the one pair without a space that names its endpoint, if there is one. */
  private pair(row: EndpointRow): void {
    const space = row.endpoint.indexOf(' ');
    const verb = space === -1 ? row.endpoint : row.endpoint.slice(0, space);
    const path = space === -1 ? '' : row.endpoint.slice(space + 1);
    if (space !== -1 && (path === '' || path.includes(' '))) return;
    let byPath = this.byPair.get(verb);
    if (byPath === undefined) this.byPair.set(verb, (byPath = new Map()));
    byPath.set(path, row);
  }

  private findLatest(): EndpointRow {
    let latest: EndpointRow | undefined;
    for (const row of this.rows.values()) if (latest === undefined || compareRows(row, latest) > 0) latest = row;
    return latest!;
  }

  private evict(row: EndpointRow): void {
    this.rows.delete(row.endpoint);
    for (const byPath of this.byPair.values()) for (const [path, r] of byPath) if (r === row) byPath.delete(path);
    this.latest = undefined;
    this.omittedUses += row.count;
    this.omittedEndpoints++;
  }

  /** In time order of first use. */
  list(): EndpointActivity[] {
    return endpointActivity(this.state());
  }

  state(): EndpointsState {
    // Asked once, after the last event: the live rows themselves, statuses put in order.
    const rows = [...this.rows.values()].sort(compareRows);
    for (const row of rows) row.statuses = byStatus(row.statuses);
    return { rows, omittedUses: this.omittedUses, omittedEndpoints: this.omittedEndpoints };
  }
}

/**
 * Two tallies as one: counts and statuses added, the ENDPOINTS_CAP first used kept. Which endpoints
 * are kept is the same for any grouping; past the cap an endpoint's count holds the uses seen while
 * it was kept (README "Shards and clawprint merge").
 */
export function mergeEndpoints(a: EndpointsState, b: EndpointsState): EndpointsState {
  const rows = new Map<string, EndpointRow>();
  for (const r of [...a.rows, ...b.rows]) {
    const row = rows.get(r.endpoint);
    if (row === undefined) {
      rows.set(r.endpoint, { ...r, statuses: [...r.statuses] });
      continue;
    }
    row.count += r.count;
    for (let i = 0; i < r.statuses.length; i += 2) addStatus(row.statuses, r.statuses[i]!, r.statuses[i + 1]!);
    if (r.time !== undefined && (row.time === undefined || r.time < row.time)) row.time = r.time;
  }
  const sorted = [...rows.values()].sort(compareRows);
  const evicted = sorted.splice(ENDPOINTS_CAP);
  for (const row of sorted) row.statuses = byStatus(row.statuses);
  return {
    rows: sorted,
    omittedUses: a.omittedUses + b.omittedUses + evicted.reduce((n, r) => n + r.count, 0),
    omittedEndpoints: a.omittedEndpoints + b.omittedEndpoints + evicted.length,
  };
}

/** In time order of first use. */
export function endpointActivity(state: EndpointsState): EndpointActivity[] {
  return state.rows.map((row) => {
    const a: EndpointActivity = { endpoint: row.endpoint, count: row.count };
    if (row.statuses.length > 0) {
      const statuses: Record<string, number> = {};
      for (let i = 0; i < row.statuses.length; i += 2) statuses[String(row.statuses[i])] = row.statuses[i + 1]!;
      a.statuses = statuses;
    }
    if (row.time !== undefined) a.firstTime = row.time;
    return a;
  });
}

