import type { AuditDetector, AuditEvent } from './detector.js';
import type { RegistrationKind } from '../parsers/parser.js';
import { type Finding, findingId } from './finding.js';
import { tokenPhrase } from './source-aggregate.js';

interface Candidate {
  event: AuditEvent;
  identity: string;
  count: number;
}

const MAX_CANDIDATES = 10_000;

const REGISTRATION_LABEL: Record<RegistrationKind, string> = {
  agent: 'registration',
  channel: 'channel registration',
  'device-pairing': 'pairing',
  'access-upgrade': 'access upgrade',
  'device-change': 'device change',
};

function identityOf(e: AuditEvent): string | undefined {
  if (e.agent !== undefined) return e.agent;
  if (e.device !== undefined) return e.device;
  if (e.channels !== undefined && e.channels.length > 0) return `channel:${e.channels.join(',')}`;
  return undefined;
}

// A registration inside the window by an agent/device nobody knew, or by a known one from a
// source it never registered from before. "Known" = --known-agents, --agents-dir, and anything
// that registered before --since in the inputs. An identity known only from the lists (no
// earlier registration in the logs) has no source history, so a new source cannot be judged.
// With several exposed tokens, registrations are also split by the token they used, so each
// finding names and counts one token; the source history stays per agent, whichever token it
// registered with (a client moving from the primary to the secondary slot during a rotation is
// not a new registration source).
export const unexpectedRegistration = {
  meta: {
    id: 'unexpected-registration',
    severity: 'critical',
    description: 'An agent, channel or device registered inside the window that is not known, or a known one from a new source.',
  },
  examples: {
    match: [
      '{"ts":"2025-02-21T15:00:00Z","event":"agent.register","agent":"scraper-x","channels":["slack"],"remote_addr":"198.51.100.9"}',
    ],
    noMatch: [
      '{"ts":"2025-02-21T15:00:00Z","event":"agent.register","agent":"researcher","remote_addr":"10.0.0.5"}',
      '{"ts":"2025-02-21T13:00:00Z","event":"agent.register","agent":"scraper-x","remote_addr":"198.51.100.9"}',
    ],
  },
  create(ctx) {
    const { since, until } = ctx.window;
    const sourcesBefore = new Map<string, Set<string>>();
    const candidates = new Map<string, Candidate>();
    return {
      onEvent(e) {
        if (e.kind !== 'registration' || e.registration === 'device-change') return;
        const identity = identityOf(e);
        if (identity === undefined) return;
        if (e.time !== undefined && since !== undefined && e.time < since) {
          const set = sourcesBefore.get(identity) ?? new Set<string>();
          if (e.source !== undefined) set.add(e.source);
          sourcesBefore.set(identity, set);
          return;
        }
        if (e.time !== undefined && e.time >= until) return;
        const key = `${identity}\u0000${e.source ?? ''}\u0000${e.token?.fingerprint ?? ''}`;
        const existing = candidates.get(key);
        if (existing) {
          existing.count++;
          if (e.time !== undefined && (existing.event.time === undefined || e.time < existing.event.time)) existing.event = e;
        } else if (candidates.size < MAX_CANDIDATES) {
          candidates.set(key, { event: e, identity, count: 1 });
        }
      },
      onEnd() {
        const out: Finding[] = [];
        for (const { event: e, identity, count } of candidates.values()) {
          const history = sourcesBefore.get(identity);
          const known = ctx.knownAgents.has(identity) || history !== undefined;
          const what = e.agent !== undefined ? 'agent' : e.device !== undefined ? 'device' : 'channel';
          let reason: string;
          if (!known) reason = `unknown ${what}`;
          else if (history !== undefined && history.size > 0 && e.source !== undefined && !history.has(e.source)) {
            reason = `known ${what} from a new source`;
          } else continue;
          const shownId = e.device !== undefined && e.agent === undefined ? `${identity.slice(0, 12)}…` : identity;
          const token = e.token?.fingerprint;
          // Only with several tokens does the message need to say which one this registration used.
          const using = ctx.tokens.length > 1 && token !== undefined ? ` with ${tokenPhrase(ctx, token)}` : '';
          const f: Finding = {
            // The token joins the id only when there is one, so ids of token-less registrations stay as they were.
            id: findingId('unexpected-registration', identity, e.source, reason, ...(token !== undefined ? [token] : [])),
            rule: 'unexpected-registration',
            severity: 'critical',
            message: `${REGISTRATION_LABEL[e.registration ?? 'agent']} of ${what} ${shownId}${e.source ? ` from ${e.source}` : ''}${using}: ${reason}${count > 1 ? ` (${count} times)` : ''}`,
            reason,
            location: e.location,
            count,
          };
          if (e.time !== undefined) f.time = e.time;
          if (e.source !== undefined) f.source = e.source;
          if (e.agent !== undefined) f.agent = e.agent;
          if (e.device !== undefined) f.device = e.device;
          if (e.userAgent !== undefined) f.userAgent = e.userAgent;
          if (token !== undefined) f.token = token;
          out.push(f);
        }
        return out;
      },
    };
  },
} satisfies AuditDetector;
