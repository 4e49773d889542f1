import { configFinding, literals } from './config-finding.js';
import { configExamples } from './config-examples.js';
import type { ConfigDetector } from './detector.js';

// OpenClaw's `hooks.token_reuse_gateway_token`: the webhook secret is handed to third parties
// (every service that calls the hook), so when it equals the gateway token each of them holds the
// whole gateway.
export const hooksTokenReuse = {
  meta: {
    id: 'hooks-token-reuse',
    severity: 'critical',
    description: "hooks.token equals a gateway token or password of the same environment (OpenClaw's hooks.token_reuse_gateway_token): every webhook caller holds the gateway.",
  },
  get examples() {
    const { STRONG_A, STRONG_B } = configExamples();
    return {
      match: [{ files: { 'openclaw.json': `{ gateway: { auth: { token: "${STRONG_A}" } }, hooks: { enabled: true, token: "${STRONG_A}" } }` } }],
      noMatch: [{ files: { 'openclaw.json': `{ gateway: { auth: { token: "${STRONG_A}" } }, hooks: { token: "${STRONG_B}" } }` } }],
    };
  },
  check(settings, ctx) {
    const all = literals(settings);
    const gateway = new Set(all.filter((s) => s.role !== 'hooks-token' && s.role !== 'remote-token').map((s) => `${ctx.environmentOf(s.path)}\u0000${s.value.digest}`));
    return all
      .filter((s) => s.role === 'hooks-token' && gateway.has(`${ctx.environmentOf(s.path)}\u0000${s.value.digest}`))
      .map((s) => configFinding('hooks-token-reuse', 'critical', s, ctx, `${s.key} is the gateway token: every webhook caller can use the gateway; give hooks their own secret`));
  },
} satisfies ConfigDetector;
