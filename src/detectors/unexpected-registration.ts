import { digestOf } from './bounded-counts.js';
import type { AuditDetector, AuditEvent, FinishContext, Limit } from './detector.js';
import type { RegistrationKind } from '../parsers/parser.js';
import { type Finding, findingId } from './finding.js';
import { type EventSummary, summaryOf } from './row-state.js';
import { counted, tokenPhrase } from './source-aggregate.js';
import { compareAt } from './uses.js';
import { thousands } from '../thousands.js';

interface Candidate {
  event: AuditEvent;
  identity: string;
  count: number;
}

/** A registration inside the window as a state file holds it: keys as digests (digestOf). */
interface CandidateState {
  /** Digest of (identity, source, token). */
  h: string;
  identityH: string;
  sourceH?: string;
  /** The earliest registration of the key (compareAt). */
  event: EventSummary;
  count: number;
}

interface HistoryState {
  /** Digest of the identity. */
  h: string;
  /** Digests of the sources it registered from before --since; null: too many to keep. */
  sources: string[] | null;
}

interface Dropped {
  known: number;
  unknown: number;
  historyIdentities: number;
  historySources: number;
}

interface RegistrationState {
  /** Sorted by `h`. */
  history: HistoryState[];
  /** Sorted by `h`. */
  candidates: CandidateState[];
  dropped: Dropped;
}

const byH = (a: { h: string }, b: { h: string }): number => (a.h < b.h ? -1 : a.h > b.h ? 1 : 0);

/** Registrations kept for judging at the end: (identity, source, token) rows, ~300 bytes each. */
export const MAX_CANDIDATES = 10_000;
/** Identities with a registration before --since, and sources kept per identity. */
export const MAX_HISTORY_IDENTITIES = 100_000;
export const MAX_HISTORY_SOURCES = 1_000;

const REGISTRATION_LABEL: Record<RegistrationKind, string> = {
  agent: 'registration',
  channel: 'channel registration',
  'device-pairing': 'pairing',
  'access-upgrade': 'access upgrade',
  'device-change': 'device change',
};

function identityOf(e: Pick<AuditEvent, 'agent' | 'device' | 'channels'>): string | undefined {
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
  reads: ['registration'],
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
    /** Sources each identity registered from before --since; `null`: too many to keep, any source counts as seen. */
    const sourcesBefore = new Map<string, Set<string> | null>();
    const candidates = new Map<string, Candidate>();
    // Keys of candidates whose identity is known (listed, or registered before --since). When the
    // store is full these go first: an unknown agent is the finding this rule exists for, and a
    // flood of registrations by a known agent from new sources must not push it out (issue 7).
    const knownKeys: string[] = [];
    const keysByIdentity = new Map<string, string[]>();
    const dropped = { known: 0, unknown: 0, historyIdentities: 0, historySources: 0 };
    const isKnown = (identity: string): boolean => ctx.knownAgents.has(identity) || sourcesBefore.has(identity);

    function noteHistory(identity: string, source: string | undefined): void {
      let set = sourcesBefore.get(identity);
      if (set === undefined) {
        if (sourcesBefore.size >= MAX_HISTORY_IDENTITIES) {
          // Forgotten history makes a later registration look unknown: reported, never hidden.
          dropped.historyIdentities++;
          return;
        }
        set = new Set<string>();
        sourcesBefore.set(identity, set);
        // Its candidates read so far are known now: they may give way to unknown ones.
        for (const key of keysByIdentity.get(identity) ?? []) knownKeys.push(key);
        keysByIdentity.delete(identity);
      }
      if (set === null || source === undefined || set.has(source)) return;
      if (set.size >= MAX_HISTORY_SOURCES) {
        // Past the bound a "new source" cannot be told: every source of this identity counts as seen.
        sourcesBefore.set(identity, null);
        dropped.historySources++;
        return;
      }
      set.add(source);
    }

    /** Room for one more candidate: a known identity's candidate gives way, else none can. */
    function makeRoom(): boolean {
      if (candidates.size < MAX_CANDIDATES) return true;
      while (knownKeys.length > 0) {
        const key = knownKeys.pop()!;
        if (candidates.delete(key)) {
          dropped.known++;
          return true;
        }
      }
      return false;
    }

    return {
      onEvent(e) {
        if (e.kind !== 'registration' || e.registration === 'device-change') return;
        const identity = identityOf(e);
        if (identity === undefined) return;
        if (e.time !== undefined && since !== undefined && e.time < since) {
          noteHistory(identity, e.source);
          return;
        }
        if (e.time !== undefined && e.time >= until) return;
        const key = `${identity}\u0000${e.source ?? ''}\u0000${e.token?.fingerprint ?? ''}`;
        const existing = candidates.get(key);
        if (existing) {
          existing.count++;
          if (compareAt(e, existing.event) < 0) existing.event = e;
          return;
        }
        const known = isKnown(identity);
        if (known ? candidates.size >= MAX_CANDIDATES : !makeRoom()) {
          if (known) dropped.known++;
          else dropped.unknown++;
          return;
        }
        candidates.set(key, { event: e, identity, count: 1 });
        if (known) knownKeys.push(key);
        else {
          const keys = keysByIdentity.get(identity);
          if (keys === undefined) keysByIdentity.set(identity, [key]);
          else keys.push(key);
        }
      },
      state() {
        const history = [...sourcesBefore].map(([identity, set]): HistoryState => ({ h: digestOf(identity), sources: set === null ? null : [...set].map(digestOf).sort() }));
        const kept = [...candidates].map(([key, c]): CandidateState => {
          const out: CandidateState = { h: digestOf(key), identityH: digestOf(c.identity), event: summaryOf(c.event), count: c.count };
          if (c.event.source !== undefined) out.sourceH = digestOf(c.event.source);
          return out;
        });
        return { history: history.sort(byH), candidates: kept.sort(byH), dropped: { ...dropped } };
      },
    };
  },
  merge: mergeRegistrations,
  finish(state, ctx) {
    const history = new Map(state.history.map((h) => [h.h, h.sources === null ? null : new Set(h.sources)]));
    const out: Finding[] = [];
    for (const { event: e, identityH, sourceH, count } of state.candidates) {
      const identity = identityOf(e)!;
      const before = history.get(identityH);
      const known = ctx.known.has(identityH) || before !== undefined;
      const what = e.agent !== undefined ? 'agent' : e.device !== undefined ? 'device' : 'channel';
      let reason: string;
      if (!known) reason = `unknown ${what}`;
      else if (before !== undefined && before !== null && before.size > 0 && sourceH !== undefined && !before.has(sourceH)) {
        reason = `known ${what} from a new source`;
      } else continue;
      const shownId = e.device !== undefined && e.agent === undefined ? `${identity.slice(0, 12)}…` : identity;
      const token = e.token;
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
    return { findings: out, limits: registrationLimits(state.dropped) };
  },
} satisfies AuditDetector<RegistrationState>;

function registrationLimits(dropped: Dropped): Limit[] {
  const out: Limit[] = [];
  const limit = (kind: Limit['kind'], count: number, message: string): void => {
    if (count > 0) out.push({ scope: 'unexpected-registration', kind, count, message });
  };
  limit('dropped', dropped.unknown, `${counted(dropped.unknown, 'registration')} by unknown agents or devices were not judged: ${thousands(MAX_CANDIDATES)} unknown (agent, source) pairs were kept first; split the audit by time or input`);
  limit('dropped', dropped.known, `${counted(dropped.known, 'registration')} by a known agent or device from a new (agent, source) pair were not judged, to keep room for unknown ones (bound ${thousands(MAX_CANDIDATES)})`);
  limit('dropped', dropped.historyIdentities, `${counted(dropped.historyIdentities, 'registration')} before --since beyond ${thousands(MAX_HISTORY_IDENTITIES)} identities were not remembered; their identities may be reported as unknown`);
  limit('approximated', dropped.historySources, `${counted(dropped.historySources, 'identity')} registered from more than ${thousands(MAX_HISTORY_SOURCES)} sources before --since; a new source is not judged for them`);
  return out;
}

/**
 * Two states as one: histories united (past the bounds as one audit would: sources forgotten, the
 * identity kept), candidates of one key added up with their earliest registration, and past
 * MAX_CANDIDATES the latest candidates of known identities give way first.
 */
function mergeRegistrations(a: RegistrationState, b: RegistrationState, ctx: FinishContext): RegistrationState {
  const dropped: Dropped = {
    known: a.dropped.known + b.dropped.known,
    unknown: a.dropped.unknown + b.dropped.unknown,
    historyIdentities: a.dropped.historyIdentities + b.dropped.historyIdentities,
    historySources: a.dropped.historySources + b.dropped.historySources,
  };
  const history = new Map<string, Set<string> | null>();
  for (const h of [...a.history, ...b.history]) {
    const had = history.get(h.h);
    if (had === null) continue;
    if (h.sources === null) {
      if (had !== undefined) dropped.historySources++;
      history.set(h.h, null);
      continue;
    }
    const set = had ?? new Set<string>();
    for (const source of h.sources) set.add(source);
    if (set.size > MAX_HISTORY_SOURCES) {
      history.set(h.h, null);
      dropped.historySources++;
    } else history.set(h.h, set);
  }
  let mergedHistory = [...history].map(([h, set]): HistoryState => ({ h, sources: set === null ? null : [...set].sort() })).sort(byH);
  if (mergedHistory.length > MAX_HISTORY_IDENTITIES) dropped.historyIdentities += mergedHistory.splice(MAX_HISTORY_IDENTITIES).length;
  const candidates = new Map<string, CandidateState>();
  for (const c of [...a.candidates, ...b.candidates]) {
    const had = candidates.get(c.h);
    if (had === undefined) candidates.set(c.h, c);
    else candidates.set(c.h, { ...had, count: had.count + c.count, event: compareAt(c.event, had.event) < 0 ? c.event : had.event });
  }
  let kept = [...candidates.values()];
  if (kept.length > MAX_CANDIDATES) {
    const knownIds = new Set(mergedHistory.map((h) => h.h));
    const isKnown = (c: CandidateState): boolean => ctx.known.has(c.identityH) || knownIds.has(c.identityH);
    // Unknown identities first, then by time: what is cut is known, and latest.
    kept.sort((x, y) => Number(isKnown(x)) - Number(isKnown(y)) || compareAt(x.event, y.event) || byH(x, y));
    for (const c of kept.splice(MAX_CANDIDATES)) {
      if (isKnown(c)) dropped.known += c.count;
      else dropped.unknown += c.count;
    }
  }
  mergedHistory = mergedHistory.sort(byH);
  kept = kept.sort(byH);
  return { history: mergedHistory, candidates: kept, dropped };
}
