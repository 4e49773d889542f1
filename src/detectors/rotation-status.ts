// `clawprint rotation`: per client, the last use of the old token and the first and last of the
// new one, and whether removing the old token is safe. A client is its agent id, else its source
// address and user agent (two processes behind one NAT with different user agents are two
// clients). Which token an event used comes from its fingerprint field or raw credential (the
// TokenMatcher labels them `old` / `new`), else from Seed's `token_slot`: during a dual-token
// rotation the new token is primary and the old one secondary.
import { digestOf } from './bounded-counts.js';
import type { AuditEvent, DetectorMeta } from './detector.js';
import { type Finding, findingId } from './finding.js';
import { type At, compareLast } from './uses.js';
import { formatDuration } from '../time.js';
import { thousands } from '../thousands.js';

export type ClientStatus = 'migrated' | 'still-on-old' | 'new-only' | 'old-only-gone-quiet';

interface ClientUses {
  /** digestOf(client) in a state file (`rotation --emit-state`); the client itself while reading. */
  h: string;
  /** The finding id, from the client before any redaction. */
  id: string;
  client: string;
  agent?: string;
  source?: string;
  userAgent?: string;
  oldCount: number;
  newCount: number;
  /** The latest use of the old token (compareLast: time, then place). */
  lastOld?: At;
  firstNew?: number;
  lastNew?: At;
}

/** What `rotation --emit-state` writes of the tracker (redacted by the caller), and `merge` merges. */
export interface RotationTrackerState {
  /** Sorted by `h`. */
  clients: ClientUses[];
  dropped: number;
  undated: number;
  lastEvent?: number;
}

const later = (a: At | undefined, b: At | undefined): At | undefined => (a === undefined ? b : b === undefined ? a : compareLast(b, a) > 0 ? b : a);
const at = (e: AuditEvent & { time: number }): At => ({ time: e.time, location: e.location });

export const ROTATION_RULES: readonly DetectorMeta[] = [
  {
    id: 'rotation-verdict',
    severity: 'high',
    description: 'Whether the old token can be removed: ready when no client still uses it and nothing used it within --quiet-period before the end of the evidence (high when not ready, info when ready).',
  },
  {
    id: 'rotation-client',
    severity: 'info',
    description: 'One client (agent, else source and user agent): its last use of the old token, first and last use of the new one, and its status: migrated, new-only (info), old-only-gone-quiet (medium), still-on-old (high).',
  },
];

/** Clients tracked at most; more are counted and said (memory stays bounded). */
export const MAX_CLIENTS = 100_000;

export interface RotationSettings {
  /** Fingerprints labelled old / new by the TokenMatcher. */
  since?: number;
  until?: number;
  quietPeriodMs: number;
}

export class RotationTracker {
  private readonly clients = new Map<string, ClientUses>();
  dropped = 0;
  /** Uses with a token but no time: they cannot be ordered, and are said. */
  undated = 0;
  lastEvent?: number;

  constructor(private readonly settings: RotationSettings) {}

  onEvent(e: AuditEvent): void {
    if (e.kind !== 'request' && e.kind !== 'connection') return;
    const which = e.token?.label ?? (e.tokenSlot === 'secondary' ? 'old' : e.tokenSlot === 'primary' ? 'new' : undefined);
    if (which !== 'old' && which !== 'new') return;
    if (e.time === undefined) {
      this.undated++;
      return;
    }
    if (this.settings.since !== undefined && e.time < this.settings.since) return;
    if (this.settings.until !== undefined && e.time >= this.settings.until) return;
    if (this.lastEvent === undefined || e.time > this.lastEvent) this.lastEvent = e.time;
    const client = e.agent !== undefined ? `agent ${e.agent}` : `${e.source ?? '(unknown source)'} ${e.userAgent ?? '(no user agent)'}`;
    let uses = this.clients.get(client);
    if (uses === undefined) {
      if (this.clients.size >= MAX_CLIENTS) {
        this.dropped++;
        return;
      }
      uses = { h: client, id: findingId('rotation-client', client), client, oldCount: 0, newCount: 0 };
      if (e.agent !== undefined) uses.agent = e.agent;
      if (e.source !== undefined) uses.source = e.source;
      if (e.userAgent !== undefined) uses.userAgent = e.userAgent;
      this.clients.set(client, uses);
    }
    if (which === 'old') {
      uses.oldCount++;
      uses.lastOld = later(uses.lastOld, at(e as AuditEvent & { time: number }))!;
    } else {
      uses.newCount++;
      if (uses.firstNew === undefined || e.time < uses.firstNew) uses.firstNew = e.time;
      uses.lastNew = later(uses.lastNew, at(e as AuditEvent & { time: number }))!;
    }
  }

  /** The tracker as plain data, clients known by the digest of their key. */
  state(): RotationTrackerState {
    const clients = [...this.clients.values()].map((c) => ({ ...c, h: digestOf(c.client) })).sort(byH);
    return { clients, dropped: this.dropped, undated: this.undated, ...(this.lastEvent !== undefined ? { lastEvent: this.lastEvent } : {}) };
  }
}

const byH = (a: { h: string }, b: { h: string }): number => (a.h < b.h ? -1 : a.h > b.h ? 1 : 0);

/** Two trackers' states as one (any grouping gives the same); past MAX_CLIENTS the uses of the rest are counted as dropped. */
export function mergeTrackers(a: RotationTrackerState, b: RotationTrackerState): RotationTrackerState {
  const clients = new Map<string, ClientUses>();
  for (const c of [...a.clients, ...b.clients]) {
    const had = clients.get(c.h);
    if (had === undefined) {
      clients.set(c.h, c);
      continue;
    }
    const merged: ClientUses = { ...had, oldCount: had.oldCount + c.oldCount, newCount: had.newCount + c.newCount };
    const lastOld = later(had.lastOld, c.lastOld);
    const lastNew = later(had.lastNew, c.lastNew);
    const firstNew = had.firstNew === undefined ? c.firstNew : c.firstNew === undefined ? had.firstNew : Math.min(had.firstNew, c.firstNew);
    if (lastOld !== undefined) merged.lastOld = lastOld;
    if (lastNew !== undefined) merged.lastNew = lastNew;
    if (firstNew !== undefined) merged.firstNew = firstNew;
    clients.set(c.h, merged);
  }
  const kept = [...clients.values()].sort(byH);
  const over = kept.splice(MAX_CLIENTS);
  const lastEvent = a.lastEvent === undefined ? b.lastEvent : b.lastEvent === undefined ? a.lastEvent : Math.max(a.lastEvent, b.lastEvent);
  return {
    clients: kept,
    dropped: a.dropped + b.dropped + over.reduce((n, c) => n + c.oldCount + c.newCount, 0),
    undated: a.undated + b.undated,
    ...(lastEvent !== undefined ? { lastEvent } : {}),
  };
}

/** The findings: the verdict first, then one per client, those holding the rotation back first. */
export function rotationFindings(state: RotationTrackerState, settings: RotationSettings): { verdict: 'ready' | 'not-ready'; end?: number; findings: Finding[] } {
  const end = settings.until ?? state.lastEvent;
  const quietFrom = end === undefined ? undefined : end - settings.quietPeriodMs;
  const clients: Finding[] = [];
  let holding = 0;
  let recentOld = 0;
  for (const u of state.clients) {
    const c = { ...u, lastOld: u.lastOld?.time, lastOldAt: u.lastOld?.location, lastNew: u.lastNew?.time, lastNewAt: u.lastNew?.location };
    const latestIsOld = c.lastOld !== undefined && (c.lastNew === undefined || c.lastOld > c.lastNew);
    const recent = c.lastOld !== undefined && quietFrom !== undefined && c.lastOld >= quietFrom;
    if (recent) recentOld++;
    const status: ClientStatus = c.lastOld === undefined ? 'new-only' : !latestIsOld ? 'migrated' : recent || c.newCount > 0 ? 'still-on-old' : 'old-only-gone-quiet';
    if (status === 'still-on-old') holding++;
    const severity = status === 'still-on-old' ? 'high' : status === 'old-only-gone-quiet' ? 'medium' : 'info';
    const at = (latestIsOld ? c.lastOldAt : c.lastNewAt) ?? c.lastOldAt;
    const parts = [
      c.lastOld !== undefined ? `last old-token use ${new Date(c.lastOld).toISOString()} (${c.oldCount})` : 'never used the old token',
      c.firstNew !== undefined ? `new token ${new Date(c.firstNew).toISOString()} to ${new Date(c.lastNew!).toISOString()} (${c.newCount})` : 'never used the new token',
    ];
    const finding: Finding = {
      id: c.id,
      rule: 'rotation-client',
      severity,
      message: `${c.client}: ${status}; ${parts.join('; ')}`,
      reason: status,
      count: c.oldCount + c.newCount,
    };
    const time = c.lastOld ?? c.firstNew;
    if (time !== undefined) finding.time = time;
    if (at !== undefined) finding.location = at;
    if (c.firstNew !== undefined) finding.lastTime = c.lastNew!;
    if (c.agent !== undefined) finding.agent = c.agent;
    if (c.source !== undefined) finding.source = c.source;
    if (c.userAgent !== undefined) finding.userAgent = c.userAgent;
    clients.push(finding);
  }
  const ready = holding === 0 && recentOld === 0 && state.dropped === 0;
  const why = ready
    ? `no client uses the old token, and nothing used it in the ${formatDuration(settings.quietPeriodMs)} before ${end === undefined ? 'the end of the evidence' : new Date(end).toISOString()}: the old token can be removed`
    : [
        holding > 0 ? `${holding} client${holding === 1 ? '' : 's'} still on the old token` : undefined,
        recentOld > 0 ? `${recentOld} client${recentOld === 1 ? '' : 's'} used it within the last ${formatDuration(settings.quietPeriodMs)} of the evidence` : undefined,
        state.dropped > 0 ? `${state.dropped} uses from clients past the ${thousands(MAX_CLIENTS)} tracked were not classified` : undefined,
      ]
        .filter((x) => x !== undefined)
        .join('; ');
  const verdict: Finding = {
    id: findingId('rotation-verdict'),
    rule: 'rotation-verdict',
    severity: ready ? 'info' : 'high',
    message: `${ready ? 'ready' : 'not ready'}: ${why}`,
    reason: ready ? 'ready' : 'not-ready',
    ...(end !== undefined ? { time: end } : {}),
  };
  const rank = (f: Finding): number => ['high', 'medium', 'info'].indexOf(f.severity);
  clients.sort((a, b) => rank(a) - rank(b) || (b.time ?? 0) - (a.time ?? 0) || a.message.localeCompare(b.message));
  return { verdict: ready ? 'ready' : 'not-ready', ...(end !== undefined ? { end } : {}), findings: [verdict, ...clients] };
}
