import type { AuditDetector } from './detector.js';
import { findingId } from './finding.js';
import { plural, SourceUses, sourceKey, useFields } from './source-aggregate.js';

// A request or connection authenticated with the exposed token inside the window, one finding
// per source. Critical when that source never used the token before --since: a newcomer holding
// the token is the attacker's signature; a source with history is more likely a legitimate client.
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
    const inWindow = new SourceUses();
    const usedBefore = new Set<string>();
    const { since, until } = ctx.window;
    return {
      onEvent(e) {
        if (e.token === undefined || (e.kind !== 'request' && e.kind !== 'connection')) return;
        if (e.time !== undefined && since !== undefined && e.time < since) {
          usedBefore.add(sourceKey(e));
          return;
        }
        if (e.time !== undefined && e.time >= until) return;
        inWindow.add(e);
      },
      onEnd() {
        return [...inWindow.bySource].map(([key, use]) => {
          const veteran = usedBefore.has(key);
          const who = use.source ?? key;
          const reason =
            use.firstTime === undefined
              ? 'no timestamp: cannot be placed outside the window'
              : veteran
                ? 'this source used the token before the window too'
                : 'this source never used the token before the window';
          return {
            id: findingId('token-use', key, use.token),
            rule: 'token-use',
            severity: veteran ? 'high' : 'critical',
            message: `${plural(use.count, 'use')} of the exposed token from ${who} inside the window`,
            reason,
            ...useFields(use),
          };
        });
      },
    };
  },
} satisfies AuditDetector;
