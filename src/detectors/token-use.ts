import type { AuditDetector } from './detector.js';
import { findingId } from './finding.js';
import { BoundedSet, DigestSet, type DigestSetState, mergeDigestSets } from './bounded-counts.js';
import { mergeRows, type RowsState } from './row-state.js';
import { MAX_SEEN_EXACT, MAX_SOURCE_ROWS, plural, rowLimits, seenLimit, tokenPhrase, TokenSourceUses, useFields, UseKeys } from './source-aggregate.js';
import { evidenceFor } from './use-evidence.js';

interface TokenUseState {
  /** One row per (token, source) inside the window. */
  inWindow: RowsState;
  /** Digests of the (token, source) keys used before --since. */
  usedBefore: DigestSetState;
}

// A request or connection authenticated with an exposed token inside the window, one finding per
// token and source. Critical when that source never used THAT token before --since: a newcomer
// holding the token is the attacker's signature; a source with history is more likely a
// legitimate client. History is per token: a client that always used the gateway token and first
// shows up with the secondary-slot token inside the window holds a token it never had before.
export const tokenUse = {
  meta: {
    id: 'token-use',
    severity: 'high',
    description: 'A request or connection authenticated with the exposed token inside the exposure window.',
  },
  reads: ['request', 'connection', 'auth-failure'],
  examples: {
    match: [
      '{"ts":"2025-02-21T14:03:11.201Z","event":"http.request","method":"POST","path":"/api/v1/agents/researcher/messages","status":200,"remote_addr":"203.0.113.7","token_fp":"sha256:9c1185a5c5e9"}',
    ],
    noMatch: [
      '{"ts":"2025-02-21T13:03:11.201Z","event":"http.request","method":"GET","path":"/api/v1/health","status":200,"remote_addr":"203.0.113.7","token_fp":"sha256:9c1185a5c5e9"}',
      '{"ts":"2025-02-21T14:03:11.201Z","event":"http.request","method":"GET","path":"/api/v1/health","status":200,"remote_addr":"203.0.113.7","token_fp":"sha256:0123456789ab"}',
    ],
  },
  create(ctx) {
    const inWindow = new TokenSourceUses();
    /** useKey() of every (token, source) seen before --since. */
    const usedBefore = new BoundedSet(MAX_SEEN_EXACT);
    const keys = new UseKeys();
    const { since, until } = ctx.window;
    const evidence = evidenceFor(ctx, 'token-use');
    return {
      onEvent(e) {
        // A use: a request or connection made with a known token. A request the gateway refused
        // (401/403) with the exposed token is one too — a valid token denied a scope shows what the
        // holder tried. Every request and connection comes here (issue 8): no call for the test.
        if (e.token === undefined) return;
        const kind = e.kind;
        if (kind !== 'request' && kind !== 'connection' && !(kind === 'auth-failure' && (e.path !== undefined || e.status !== undefined))) return;
        if (e.time !== undefined && since !== undefined && e.time < since) {
          usedBefore.add(keys.of(e));
          return;
        }
        if (e.time !== undefined && e.time >= until) return;
        // inWindow.add(e), keyed by this rule's UseKeys (usedBefore's): a call and a key cache fewer (issue 8).
        inWindow.addKeyed(keys.of(e), e);
        evidence?.(e);
      },
      state: () => ({ inWindow: inWindow.state((use) => findingId('token-use', use.key, use.token)), usedBefore: usedBefore.state() }),
    };
  },
  merge: (a, b) => ({ inWindow: mergeRows(a.inWindow, b.inWindow, 1, MAX_SOURCE_ROWS), usedBefore: mergeDigestSets(a.usedBefore, b.usedBefore, MAX_SEEN_EXACT) }),
  finish(state, ctx) {
    const usedBefore = new DigestSet(state.usedBefore);
    const findings = state.inWindow.rows.map((row) => {
      const veteran = usedBefore.has(row.h);
      const who = row.source ?? row.key;
      const reason =
        row.first.time === undefined
          ? 'no timestamp: cannot be placed outside the window'
          : veteran
            ? 'this source used the token before the window too'
            : 'this source never used the token before the window';
      return {
        id: row.id,
        rule: 'token-use',
        severity: veteran ? ('high' as const) : ('critical' as const),
        message: `${plural(row.count, 'use')} of ${tokenPhrase(ctx, row.token)} from ${who} inside the window`,
        reason,
        ...useFields(row),
      };
    });
    const limits = rowLimits(state.inWindow, 1, MAX_SOURCE_ROWS, 'token-use', 'uses');
    if (state.usedBefore.approximated > 0) limits.push(seenLimit('token-use', state.usedBefore.approximated));
    return { findings, limits };
  },
} satisfies AuditDetector<TokenUseState>;
