import { configFinding, literals, ROLE_NAMES } from './config-finding.js';
import { configExamples } from './config-examples.js';
import type { ConfigDetector } from './detector.js';

// A secret that can be guessed: OpenClaw's `gateway.token_too_short` (under 24 characters), and
// what a guesser tries first — UUIDs, words, dates, repeats — or under 32 bytes of estimated
// entropy. OpenClaw's own generator gives 24 bytes (48 hex digits), so its default tokens are
// reported too: `openssl rand -hex 32` gives 32.
export const weakToken = {
  meta: {
    id: 'weak-token',
    severity: 'high',
    description:
      'A configured gateway secret that can be guessed: under 24 characters (gateway.token_too_short), under 32 bytes of estimated entropy, a UUID, dictionary words, a date or a repeated pattern.',
  },
  get examples() {
    const { STRONG_A, DEFAULT_SHAPE } = configExamples();
    return {
      match: [
        { files: { '.env': 'OPENCLAW_GATEWAY_TOKEN=changeme\n' } },
        { files: { 'gateway.yaml': 'gateway:\n  token: 3f2b8c1e-9a4d-4e6f-8b2a-1c5d7e9f0a3b\n' } },
        { files: { 'openclaw.json': '{ gateway: { auth: { password: "correct-horse-battery-staple" } } }' } },
        { files: { '.env.production': `OPENCLAW_GATEWAY_TOKEN=${DEFAULT_SHAPE}\n` } },
      ],
      noMatch: [
        { files: { '.env': `OPENCLAW_GATEWAY_TOKEN=${STRONG_A}\n` } },
        { files: { '.env': 'OPENCLAW_GATEWAY_TOKEN=${GATEWAY_SECRET}\n' } },
      ],
    };
  },
  check(settings, ctx) {
    return literals(settings)
      .filter((s) => s.value.weakness.length > 0)
      .map((s) =>
        configFinding('weak-token', 'high', s, ctx, `weak ${ROLE_NAMES[s.role]} in ${s.key}: ${s.value.weakness.join('; ')}; generate one with \`openssl rand -hex 32\``, {
          reason: s.value.weakness.join('; '),
        }),
      );
  },
} satisfies ConfigDetector;
