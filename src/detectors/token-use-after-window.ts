import type { AuditDetector } from './detector.js';
import { findingId } from './finding.js';
import { evidenceFor, plural, tokenPhrase, TokenSourceUses, useFields } from './source-aggregate.js';

// The exposed token was still ACCEPTED at or after --until: the rotation is not complete.
// A rejected attempt (401/403) after rotation is the rotation working; it counts as an auth failure.
// One finding per token and source: each exposed token has its own rotation to finish.
export const tokenUseAfterWindow = {
  meta: {
    id: 'token-use-after-window',
    severity: 'critical',
    description: 'The exposed token was accepted at or after --until (the rotation is incomplete).',
  },
  examples: {
    match: [
      '{"ts":"2025-02-21T18:30:00.000Z","event":"http.request","method":"GET","path":"/api/v1/agents","status":200,"remote_addr":"198.51.100.9","token_fp":"sha256:9c1185a5c5e9"}',
    ],
    noMatch: [
      '{"ts":"2025-02-21T18:29:59.999Z","event":"http.request","method":"GET","path":"/api/v1/agents","status":200,"remote_addr":"198.51.100.9","token_fp":"sha256:9c1185a5c5e9"}',
      '{"ts":"2025-02-21T19:00:00.000Z","event":"http.request","method":"GET","path":"/api/v1/agents","status":401,"remote_addr":"198.51.100.9","token_fp":"sha256:9c1185a5c5e9"}',
    ],
  },
  create(ctx) {
    const after = new TokenSourceUses();
    const evidence = evidenceFor(ctx, 'token-use-after-window');
    return {
      onEvent(e) {
        if (e.token === undefined || (e.kind !== 'request' && e.kind !== 'connection')) return;
        if (e.time === undefined || e.time < ctx.window.until) return;
        if (e.status !== undefined && e.status >= 400) return;
        after.add(e);
        evidence(e);
      },
      onEnd() {
        return [...after.values()].map((use) => ({
          id: findingId('token-use-after-window', use.key, use.token),
          rule: 'token-use-after-window',
          severity: 'critical' as const,
          message: `${tokenPhrase(ctx, use.token)} was accepted ${plural(use.count, 'time')} from ${use.source ?? use.key} at or after the end of the window`,
          reason: 'rotation incomplete: the gateway still accepts the exposed token',
          ...useFields(use),
        }));
      },
      limits: () => after.limits('token-use-after-window', 'uses'),
    };
  },
} satisfies AuditDetector;
