// The endpoints behind a grouped finding: counts and statuses per endpoint, the first used kept
// within a bound (split from uses.ts, which lists the uses themselves).

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

/** `endpoint === endpointOf(verb, path)`, without building the string. */
function names(endpoint: string, verb: string, path: string | undefined): boolean {
  if (path === undefined) return endpoint === verb;
  return endpoint.length === verb.length + 1 + path.length && endpoint.charCodeAt(verb.length) === 32 && endpoint.startsWith(verb) && endpoint.endsWith(path);
}

/**
 * Endpoints with their counts and statuses, the ENDPOINTS_CAP first used kept (time, then the
 * endpoint): the attacker's first request is never the one a bound drops, and which endpoints are
 * kept does not depend on reading order. A new endpoint evicts the latest-first one only when it is
 * earlier.
 *
 * This runs for every token use (issue 8: a third of the lines of the `leak-30` bench variant), so
 * the endpoint string is built only for a new row or a tie: a built string is a rope that V8
 * flattens each time a Map hashes it. A lone row is compared with the (verb, path) pair itself.
 * Rows are found by their pair otherwise: an endpoint string with no space, or with one
 * that is neither its last character nor followed by another, is named by exactly one pair without
 * a space in either part (splitting at the space), and such a pair names no other string. So a pair
 * like that finds its row, or learns there is none, in `byPair`; any other pair (a path with a
 * space) is looked up by its string. `byPair` is made for a second endpoint only: most rows of
 * most rules have one, and an empty Map per row was 4 MB of the standard bench's peak. The
 * latest-first row is remembered while the table is full, so a later new endpoint is turned away
 * without a scan.
 */
export class EndpointTally {
  private readonly rows = new Map<string, EndpointRow>();
  /** Verb → path (`''` when none) → row, for the pairs without a space; undefined while one row at most. */
  private byPair: Map<string, Map<string, EndpointRow>> | undefined;
  /** The row counted last (with no `byPair`, the only row), and the pair that named it. */
  private last: EndpointRow | undefined;
  private lastVerb = '';
  private lastPath: string | undefined;
  /** A verb without a space and its paths in `byPair` (undefined: none yet), as looked up last. */
  private pairVerb: string | undefined;
  private pairPaths: Map<string, EndpointRow> | undefined;
  /** The row compareRows puts last, or undefined when not known (recomputed when asked). */
  private latest: EndpointRow | undefined;
  omittedUses = 0;
  omittedEndpoints = 0;

  /** One use of `verb path` (`path` undefined: the endpoint is the verb itself, `connection`). */
  add(verb: string, path: string | undefined, status: number | undefined, time: number | undefined): void {
    let endpoint: string | undefined;
    let row: EndpointRow | undefined;
    if (this.last !== undefined && verb === this.lastVerb && path === this.lastPath) {
      // The pair of the last use (a source's uses repeat one endpoint, its strings the same ones
      // line after line: parsers/string-memo.ts): the same row, without a Map or a string comparison.
      row = this.last;
    } else if (this.byPair === undefined) {
      // One row at most: `last`.
      if (this.last !== undefined && names(this.last.endpoint, verb, path)) row = this.last;
    } else if ((verb === this.pairVerb || !verb.includes(' ')) && (path === undefined || (path !== '' && !path.includes(' ')))) {
      // The verb's paths as found last: a source's uses alternate between a few paths of one or
      // two verbs, so most lookups here hash the path alone (issue 8).
      let byPath = this.pairPaths;
      if (verb !== this.pairVerb) {
        byPath = this.byPair.get(verb);
        this.pairVerb = verb;
        this.pairPaths = byPath;
      }
      row = byPath?.get(path ?? '');
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
      if (this.byPair === undefined && this.rows.size > 0) {
        this.byPair = new Map();
        for (const r of this.rows.values()) this.pair(r);
      }
      this.rows.set(row.endpoint, row);
      if (this.byPair !== undefined) this.pair(row);
      if (this.latest !== undefined && compareRows(row, this.latest) > 0) this.latest = row;
    } else if (time !== undefined && (row.time === undefined || time < row.time)) {
      row.time = time;
      if (row === this.latest) this.latest = undefined;
    }
    this.last = row;
    this.lastVerb = verb;
    this.lastPath = path;
    row.count++;
    if (status !== undefined) {
      // addStatus's usual case written out, the endpoint's first status again (issue 8).
      const s = row.statuses;
      if (s.length > 0 && s[0] === status) s[1]! += 1;
      else addStatus(s, status, 1);
    }
  }

  /** Files the row under the one pair without a space that names its endpoint, if there is one. */
  private pair(row: EndpointRow): void {
    const space = row.endpoint.indexOf(' ');
    const verb = space === -1 ? row.endpoint : row.endpoint.slice(0, space);
    const path = space === -1 ? '' : row.endpoint.slice(space + 1);
    if (space !== -1 && (path === '' || path.includes(' '))) return;
    const byPair = this.byPair!;
    let byPath = byPair.get(verb);
    if (byPath === undefined) {
      byPair.set(verb, (byPath = new Map()));
      if (verb === this.pairVerb) this.pairPaths = byPath;
    }
    byPath.set(path, row);
  }

  private findLatest(): EndpointRow {
    let latest: EndpointRow | undefined;
    for (const row of this.rows.values()) if (latest === undefined || compareRows(row, latest) > 0) latest = row;
    return latest!;
  }

  private evict(row: EndpointRow): void {
    this.rows.delete(row.endpoint);
    for (const byPath of this.byPair?.values() ?? []) for (const [path, r] of byPath) if (r === row) byPath.delete(path);
    if (this.last === row) this.last = undefined;
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

