// Per-source aggregation for token-use rules. A leaked token can be used millions of times; the
// audit keeps one row per source (SPEC §9: memory grows only with distinct sources), with the
// first and last use, a count, and a bounded sample of endpoints, user agents and agents.
import type { AuditEvent } from './detector.js';
import type { Finding, Location } from './finding.js';

const MAX_LISTED = 25;

export interface SourceUse {
  source?: string;
  count: number;
  firstTime?: number;
  lastTime?: number;
  first: Location;
  last: Location;
  firstEvent: AuditEvent;
  endpoints: Set<string>;
  userAgents: Set<string>;
  agents: Set<string>;
  token?: string;
}

export const sourceKey = (e: AuditEvent): string => e.source ?? (e.agent !== undefined ? `agent:${e.agent}` : '(unknown source)');

function addBounded(set: Set<string>, value: string | undefined): void {
  if (value !== undefined && set.size < MAX_LISTED) set.add(value);
}

export class SourceUses {
  readonly bySource = new Map<string, SourceUse>();

  add(e: AuditEvent): void {
    const key = sourceKey(e);
    let use = this.bySource.get(key);
    if (use === undefined) {
      use = {
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
      this.bySource.set(key, use);
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

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
