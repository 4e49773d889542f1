import { configFinding, literals } from './config-finding.js';
import { configExamples } from './config-examples.js';
import type { ConfigDetector } from './detector.js';
import { findingId } from './finding.js';

// One secret in several environments: a leak of the weakest one (a dev laptop, a staging CI log)
// opens production. Grouped by the secret's digest, reported once per secret at its first place,
// naming every file — by fingerprint, never by value.
export const tokenReusedAcrossEnvironments = {
  meta: {
    id: 'token-reused-across-environments',
    severity: 'high',
    description:
      'The same gateway secret is configured in files of different environments (dev, test, qa, staging, prod, … from path segments and file names, or --environment GLOB=NAME). Every file of the group is named.',
  },
  get examples() {
    const { STRONG_A, STRONG_B } = configExamples();
    return {
      match: [
        {
          files: {
            'deploy/prod/gateway.yaml': `gateway:\n  token: ${STRONG_A}\n`,
            'deploy/staging/secret.yaml': `kind: Secret\ndata:\n  OPENCLAW_GATEWAY_TOKEN: ${Buffer.from(STRONG_A).toString('base64')}\n`,
          },
        },
      ],
      noMatch: [
        { files: { 'deploy/prod/gateway.yaml': `gateway:\n  token: ${STRONG_A}\n`, 'deploy/staging/gateway.yaml': `gateway:\n  token: ${STRONG_B}\n` } },
        { files: { 'deploy/prod/gateway.yaml': `gateway:\n  token: ${STRONG_A}\n`, 'deploy/prod/.env': `OPENCLAW_GATEWAY_TOKEN=${STRONG_A}\n` } },
      ],
    };
  },
  check(settings, ctx) {
    const groups = new Map<string, ReturnType<typeof literals>>();
    for (const s of literals(settings)) {
      const group = groups.get(s.value.digest);
      if (group === undefined) groups.set(s.value.digest, [s]);
      else group.push(s);
    }
    const findings = [];
    for (const group of groups.values()) {
      const environments = [...new Set(group.map((s) => ctx.environmentOf(s.path)))].sort();
      if (environments.length < 2) continue;
      const sorted = [...group].sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line);
      const first = sorted[0]!;
      const places = sorted.map((s) => `${ctx.environmentOf(s.path)} (${s.path}:${s.line})`).join(', ');
      findings.push(
        configFinding('token-reused-across-environments', 'high', first, ctx, `the same gateway secret (${first.value.fingerprint}) is configured in ${environments.length} environments: ${places}`, {
          id: findingId('token-reused-across-environments', first.value.fingerprint),
          reason: environments.join(', '),
          related: sorted.slice(1).map((s) => ({ path: s.path, line: s.line })),
        }),
      );
    }
    return findings;
  },
} satisfies ConfigDetector;
