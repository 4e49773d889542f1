import type { AuditDetector, AuditEvent } from './detector.js';
import { findingId } from './finding.js';
import { BoundedSet } from './bounded-counts.js';
import { evidenceFor, MAX_SEEN_EXACT, plural, seenLimit, tokenPhrase, TokenSourceUses, useFields, useKey } from './source-aggregate.js';

/**
 * A request or connection made with a known token. A request the gateway refused (401/403) with the
 * exposed token is a use too — a valid token denied a scope shows what the holder tried.
 */
export function isTokenUse(e: AuditEvent): boolean {
  if (e.token === undefined) return false;
  return e.kind === 'request' || e.kind === 'connection' || (e.kind === 'auth-failure' && (e.path !== undefined || e.status !== undefined));
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
    const { since, until } = ctx.window;
    const evidence = evidenceFor(ctx, 'token-use');
    return {
      onEvent(e) {
        if (!isTokenUse(e)) return;
        if (e.time !== undefined && since !== undefined && e.time < since) {
          usedBefore.add(useKey(e));
          return;
        }
        if (e.time !== undefined && e.time >= until) return;
        inWindow.add(e);
        evidence(e);
      },
      onEnd() {
        return [...inWindow.values()].map((use) => {
          const veteran = usedBefore.has(useKey(use.firstEvent));
          const who = use.source ?? use.key;
          const reason =
            use.firstTime === undefined
              ? 'no timestamp: cannot be placed outside the window'
              : veteran
                ? 'this source used the token before the window too'
                : 'this source never used the token before the window';
          return {
            id: findingId('token-use', use.key, use.token),
            rule: 'token-use',
            severity: veteran ? 'high' : 'critical',
            message: `${plural(use.count, 'use')} of ${tokenPhrase(ctx, use.token)} from ${who} inside the window`,
            reason,
            ...useFields(use),
          };
        });
      },
      limits: () => [
        ...inWindow.limits('token-use', 'uses'),
        ...(usedBefore.approximated > 0 ? [seenLimit('token-use', usedBefore.approximated)] : []),
      ],
    };
  },
} satisfies AuditDetector;
