import type { AuditDetector } from './detector.js';
import { findingId } from './finding.js';
import { SourceUses, useFields } from './source-aggregate.js';

// Bursts of failed authentication from one source inside the window: someone trying tokens.
export const authFailures = {
  meta: {
    id: 'auth-failures',
    severity: 'medium',
    description: 'At least --auth-failure-threshold (default 10) failed authentications from one source inside the window.',
  },
  examples: {
    match: Array.from({ length: 10 }, (_, i) =>
      `{"ts":"2025-02-21T14:05:${String(10 + i)}Z","event":"auth.failed","remote":"192.0.2.44","ua":"python-requests/2.32","path":"/api/v1/memory","status":401}`,
    ),
    noMatch: Array.from({ length: 9 }, (_, i) =>
      `{"ts":"2025-02-21T14:05:${String(10 + i)}Z","event":"auth.failed","remote":"192.0.2.44","path":"/api/v1/memory","status":401}`,
    ),
  },
  create(ctx) {
    const failures = new SourceUses(ctx.authFailureThreshold);
    const { since, until } = ctx.window;
    return {
      onEvent(e) {
        if (e.kind !== 'auth-failure') return;
        if (e.time !== undefined && ((since !== undefined && e.time < since) || e.time >= until)) return;
        failures.add(e);
      },
      onEnd() {
        return [...failures.entries()]
          .filter(([, use]) => use.count >= ctx.authFailureThreshold)
          .map(([key, use]) => ({
            id: findingId('auth-failures', key),
            rule: 'auth-failures',
            severity: 'medium' as const,
            message: `${use.approximate ? 'about ' : ''}${use.count} failed authentications from ${use.source ?? key} inside the window`,
            ...(use.firstEvent.reason !== undefined ? { reason: use.firstEvent.reason } : {}),
            ...useFields(use),
          }));
      },
      limits: () => failures.limits('auth-failures', 'failed authentications'),
    };
  },
} satisfies AuditDetector;
