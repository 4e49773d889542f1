// `clawprint rotation`: per client, the last use of the old token and the first and last of the
// new one, and whether removing the old token is safe. A client is its agent id, else its source
// address and user agent (two processes behind one NAT with different user agents are two
// clients). Which token an event used comes from its fingerprint field or raw credential (the
// TokenMatcher labels them `old` / `new`), else from Seed's `token_slot`: during a dual-token
// rotation the new token is primary and the old one secondary.
import type { AuditEvent, DetectorMeta } from './detector.js';
import { type Finding, findingId, type Location } from './finding.js';
import { formatDuration } from '../time.js';
import { thousands } from '../thousands.js';

export type ClientStatus = 'migrated' | 'still-on-old' | 'new-only' | 'old-only-gone-quiet';

interface ClientUses {
  client: string;
  agent?: string;
  source?: string;
  userAgent?: string;
  oldCount: number;
  newCount: number;
  lastOld?: number;
  lastOldAt?: Location;
  firstNew?: number;
  lastNew?: number;
  lastNewAt?: Location;
}

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
      uses = { client, oldCount: 0, newCount: 0 };
      if (e.agent !== undefined) uses.agent = e.agent;
      if (e.source !== undefined) uses.source = e.source;
      if (e.userAgent !== undefined) uses.userAgent = e.userAgent;
      this.clients.set(client, uses);
    }
    if (which === 'old') {
      uses.oldCount++;
      if (uses.lastOld === undefined || e.time >= uses.lastOld) {
        uses.lastOld = e.time;
        uses.lastOldAt = e.location;
      }
    } else {
      uses.newCount++;
      if (uses.firstNew === undefined || e.time < uses.firstNew) uses.firstNew = e.time;
      if (uses.lastNew === undefined || e.time >= uses.lastNew) {
        uses.lastNew = e.time;
        uses.lastNewAt = e.location;
      }
    }
  }

  /** The findings: the verdict first, then one per client, those holding the rotation back first. */
  findings(): { verdict: 'ready' | 'not-ready'; end?: number; findings: Finding[] } {
    const end = this.settings.until ?? this.lastEvent;
    const quietFrom = end === undefined ? undefined : end - this.settings.quietPeriodMs;
    const clients: Finding[] = [];
    let holding = 0;
    let recentOld = 0;
    for (const c of this.clients.values()) {
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
        id: findingId('rotation-client', c.client),
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
    const ready = holding === 0 && recentOld === 0 && this.dropped === 0;
    const why = ready
      ? `no client uses the old token, and nothing used it in the ${formatDuration(this.settings.quietPeriodMs)} before ${end === undefined ? 'the end of the evidence' : new Date(end).toISOString()}: the old token can be removed`
      : [
          holding > 0 ? `${holding} client${holding === 1 ? '' : 's'} still on the old token` : undefined,
          recentOld > 0 ? `${recentOld} client${recentOld === 1 ? '' : 's'} used it within the last ${formatDuration(this.settings.quietPeriodMs)} of the evidence` : undefined,
          this.dropped > 0 ? `${this.dropped} uses from clients past the ${thousands(MAX_CLIENTS)} tracked were not classified` : undefined,
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
}
