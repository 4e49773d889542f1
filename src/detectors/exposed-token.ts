import { type LocatedFinding, NO_FINDINGS } from './finding.js';
import type { ScanDetector } from './detector.js';
import { analyzerFor, VALUE_TRIGGERS, valueRuleQuiet } from '../values/candidates.js';
import { scanExamples } from './scan-examples.js';
import { scanFinding, secretInfo } from './secret-info.js';

// The token given with --token-*/--fingerprint, in any §1 form: raw, percent-encoded, base64,
// JSON-escaped, its SHA-256 digests or issuer generation — or any literal or token-shaped value
// whose hash is the token's (with --fingerprint no raw form can be searched). Masks are
// masked-token's: a mask shows 10 characters of the token, not the token.
export const exposedToken = {
  meta: {
    id: 'exposed-token',
    severity: 'critical',
    description: 'The exposed token (--token-env/--token-file/--token-stdin/--fingerprint) appears in a file or log, in any form.',
  },
  get examples() {
    const { EXAMPLE_EXPOSED_TOKEN, EXAMPLE_HEX48 } = scanExamples();
    return {
      match: [
        `curl -H "x-openclaw-token: ${EXAMPLE_EXPOSED_TOKEN}" https://gw.internal/api/v1/health`,
        `GET /hooks/wake?token=${EXAMPLE_EXPOSED_TOKEN} HTTP/1.1`,
        `Authorization: Basic ${Buffer.from(`ci:${EXAMPLE_EXPOSED_TOKEN}`).toString('base64')}`,
        `path:gateway.yaml gateway: { token: ${EXAMPLE_EXPOSED_TOKEN}, port: 8080 }`,
      ],
      noMatch: [
        `path:.env OPENCLAW_GATEWAY_TOKEN=${EXAMPLE_HEX48}`,
        `{"ts":"2025-02-21T14:03:11.201Z","event":"http.request","token_fp":"sha256:9c1185a5c5e9"}`,
        `curl -H "x-openclaw-token: ${EXAMPLE_EXPOSED_TOKEN}" https://gw.internal/  # clawprint:allow`,
      ],
    };
  },
  // The shared value analysis (literals and shapes that hash to the token), and the token's own forms.
  triggers: { ...VALUE_TRIGGERS, exposedToken: true },
  quiet: valueRuleQuiet,
  create(ctx) {
    // Nothing to look for: no state to keep either.
    if (ctx.tokens.isEmpty) return { onLine: () => [] };
    const analyzer = analyzerFor(ctx);
    return {
      resting: () => analyzer.resting,
      onLine(line) {
        const found = analyzer.analyze(line);
        if (found === undefined || found.exposed.length === 0) return NO_FINDINGS;
        return found.exposed.map(
          (hit): LocatedFinding =>
            scanFinding(line, {
              rule: 'exposed-token',
              severity: 'critical',
              message: `the exposed token ${hit.token.fingerprint} appears ${hit.context}`,
              index: hit.index,
              secret: secretInfo(hit.written, hit.token.fingerprint),
              matchesExposedToken: true,
            }),
        );
      },
    };
  },
} satisfies ScanDetector;
