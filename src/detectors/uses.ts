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

/** The decoded line of a use: its `text`, or made from its bytes (only while the event is handled). */
export function lineOf(e: AuditEvent): string | undefined {
  return e.text !== undefined ? e.text : e.lineBytes?.textFor(e);
}

/** `path?query`: the request target as logged (the query is redacted before output). */
export function targetOf(e: AuditEvent, text = lineOf(e)): string | undefined {
  if (e.path === undefined) return undefined;
  const query = text === undefined ? undefined : queryOf(text, e.path);
  return query !== undefined ? `${e.path}?${query}` : e.path;
}

/** The use as reports list it; reads the query and size back from the line (once per kept use). */
export function useOf(e: AuditEvent): Use {
  const u: Use = { location: e.location, kind: e.kind };
  if (e.time !== undefined) u.time = e.time;
  if (e.source !== undefined) u.source = e.source;
  if (e.method !== undefined) u.method = e.method;
  const text = lineOf(e);
  const target = targetOf(e, text);
  if (target !== undefined) u.path = target;
  if (e.status !== undefined) u.status = e.status;
  const bytes = text === undefined ? undefined : bytesOf(text);
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
