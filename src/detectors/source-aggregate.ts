// Per-source aggregation for the audit rules that count events. A leaked token can be used millions
// of times; the audit keeps one row per source (SPEC §9: memory grows only with distinct sources),
// with the first and last use, a count, and a bounded sample of endpoints, user agents and agents.
// Token-use rules split the rows by token too (TokenSourceUses): with several exposed tokens
// (`--fingerprint` is repeatable), a source's uses of token B must never be counted in a finding
// that names token A.
import type { AuditEvent, DetectorContext } from './detector.js';
import type { Finding, Location } from './finding.js';

const MAX_LISTED = 25;

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
  endpoints: Set<string>;
  userAgents: Set<string>;
  agents: Set<string>;
}

export const sourceKey = (e: AuditEvent): string => e.source ?? (e.agent !== undefined ? `agent:${e.agent}` : '(unknown source)');

/** The row of an event when rows are split by token: events without a token share their source's. */
export const useKey = (e: AuditEvent): string => `${e.token?.fingerprint ?? ''}\u0000${sourceKey(e)}`;

function addBounded(set: Set<string>, value: string | undefined): void {
  if (value !== undefined && set.size < MAX_LISTED) set.add(value);
}

/** Adds `e` to the row `key` of `rows`, creating it on the first event. */
function addUse(rows: Map<string, SourceUse>, key: string, e: AuditEvent): void {
  let use = rows.get(key);
  if (use === undefined) {
    use = {
      key: sourceKey(e),
      mixedTokens: false,
      count: 0,
      first: e.location,
      last: e.location,
      firstEvent: e,
      endpoints: new Set(),
      userAgents: new Set(),
      agents: new Set(),
    };
    if (e.source !== undefined) use.source = e.source;
    if (e.token !== undefined) use.token = e.token.fingerprint;
    rows.set(key, use);
  } else if (!use.mixedTokens && use.token !== e.token?.fingerprint) {
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
  }
  const endpoint = e.path !== undefined ? `${e.method ?? e.kind} ${e.path}` : e.kind === 'connection' ? 'connection' : undefined;
  addBounded(use.endpoints, endpoint);
  addBounded(use.userAgents, e.userAgent);
  addBounded(use.agents, e.agent);
}

/** One row per source, whatever the token (auth failures: a source trying many tokens is one burst). */
export class SourceUses {
  readonly bySource = new Map<string, SourceUse>();

  add(e: AuditEvent): void {
    addUse(this.bySource, sourceKey(e), e);
  }
}

/** One row per (token, source): what a finding about one token's use counts. */
export class TokenSourceUses {
  private readonly rows = new Map<string, SourceUse>();

  add(e: AuditEvent): void {
    addUse(this.rows, useKey(e), e);
  }

  values(): IterableIterator<SourceUse> {
    return this.rows.values();
  }
}

/** The common fields of a finding built from one source's uses. */
export function useFields(use: SourceUse): Omit<Finding, 'id' | 'rule' | 'severity' | 'message'> {
  const e = use.firstEvent;
  const f: Omit<Finding, 'id' | 'rule' | 'severity' | 'message'> = {
    location: use.first,
    count: use.count,
    endpoints: [...use.endpoints],
    userAgents: [...use.userAgents],
    agents: [...use.agents],
  };
  if (use.firstTime !== undefined) f.time = use.firstTime;
  if (use.lastTime !== undefined) f.lastTime = use.lastTime;
  if (use.count > 1) f.lastLocation = use.last;
  if (use.source !== undefined) f.source = use.source;
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
