// The one context every audit detector's `examples` are written against (detector.ts), also the
// defaults of fixtures/detectors/<rule>/<scenario>/context.json.
import type { AuditContext } from '../../src/detectors/detector.js';
import type { TimeContext } from '../../src/time.js';
import type { TokenSpec } from '../../src/token.js';

export const EXAMPLE_CONTEXT = {
  since: Date.parse('2025-02-21T14:00:00Z'),
  until: Date.parse('2025-02-21T18:30:00Z'),
  token: { label: 'exposed', fingerprint: 'sha256:9c1185a5c5e9' } satisfies TokenSpec,
  knownAgents: ['researcher'],
  authFailureThreshold: 10,
  coverageToleranceMs: 60_000,
  zone: 'UTC',
} as const;

export function exampleAuditContext(): AuditContext {
  return {
    window: { since: EXAMPLE_CONTEXT.since, until: EXAMPLE_CONTEXT.until },
    knownAgents: new Set<string>(EXAMPLE_CONTEXT.knownAgents),
    authFailureThreshold: EXAMPLE_CONTEXT.authFailureThreshold,
    coverageToleranceMs: EXAMPLE_CONTEXT.coverageToleranceMs,
  };
}

export function exampleTime(): TimeContext {
  return { zone: EXAMPLE_CONTEXT.zone };
}
