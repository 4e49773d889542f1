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

/** Time order; a use without a time sorts last (it cannot be placed), then by place in the input. */
export function compareUses(a: Use, b: Use): number {
  return (
    (a.time ?? Number.POSITIVE_INFINITY) - (b.time ?? Number.POSITIVE_INFINITY) ||
    (a.location.path < b.location.path ? -1 : a.location.path > b.location.path ? 1 : 0) ||
    a.location.line - b.location.line
  );
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
  result(): { uses: Use[]; omitted: number } {
    if (this.buffer.length > this.cap) this.cut();
    else this.buffer.sort(compareUses);
    return { uses: [...this.buffer], omitted: this.dropped };
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

/**
 * Endpoints with their counts and statuses, the ENDPOINTS_CAP first seen by time kept: the
 * attacker's first request is never the one a bound drops. A new endpoint evicts the latest-first
 * one only when it is earlier (a scan of the kept ones, only while the table is full and the
 * endpoint is new).
 */
export class EndpointTally {
  private readonly rows = new Map<string, EndpointRow>();
  /** Consecutive uses of one source mostly hit the same endpoint: no map lookup for those. */
  private last: EndpointRow | undefined;
  /** Uses of endpoints not kept (evicted or never admitted). */
  omittedUses = 0;
  omittedEndpoints = 0;

  add(endpoint: string, status: number | undefined, time: number | undefined): void {
    let row = this.last !== undefined && this.last.endpoint === endpoint ? this.last : this.rows.get(endpoint);
    if (row === undefined) {
      if (this.rows.size >= ENDPOINTS_CAP && !this.evictLaterThan(time)) {
        this.omittedUses++;
        this.omittedEndpoints++;
        return;
      }
      row = { endpoint, count: 0, statuses: [] };
      this.rows.set(endpoint, row);
    }
    this.last = row;
    row.count++;
    if (time !== undefined && (row.firstTime === undefined || time < row.firstTime)) row.firstTime = time;
    if (status !== undefined) {
      // [status, count, status, count, …]: a handful of distinct statuses, searched in place (an
      // object keyed by 200 or 403 would get array elements up to that index).
      const s = row.statuses;
      let i = 0;
      while (i < s.length && s[i] !== status) i += 2;
      if (i < s.length) s[i + 1]!++;
      else s.push(status, 1);
    }
  }

  private evictLaterThan(time: number | undefined): boolean {
    if (time === undefined) return false;
    let latest: EndpointRow | undefined;
    let latestTime = Number.NEGATIVE_INFINITY;
    for (const row of this.rows.values()) {
      const first = row.firstTime ?? Number.POSITIVE_INFINITY;
      if (first > latestTime) {
        latest = row;
        latestTime = first;
      }
    }
    if (latest === undefined || latestTime <= time) return false;
    this.rows.delete(latest.endpoint);
    if (this.last === latest) this.last = undefined;
    this.omittedUses += latest.count;
    this.omittedEndpoints++;
    return true;
  }

  /** In time order of first use. */
  list(): EndpointActivity[] {
    return [...this.rows.values()]
      .sort((a, b) => (a.firstTime ?? Number.POSITIVE_INFINITY) - (b.firstTime ?? Number.POSITIVE_INFINITY))
      .map((row) => {
        const a: EndpointActivity = { endpoint: row.endpoint, count: row.count };
        if (row.statuses.length > 0) {
          const statuses: Record<string, number> = {};
          for (let i = 0; i < row.statuses.length; i += 2) statuses[String(row.statuses[i])] = row.statuses[i + 1]!;
          a.statuses = statuses;
        }
        if (row.firstTime !== undefined) a.firstTime = row.firstTime;
        return a;
      });
  }
}

interface EndpointRow {
  endpoint: string;
  count: number;
  statuses: number[];
  firstTime?: number;
}
