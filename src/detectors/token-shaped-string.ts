import { type LocatedFinding, NO_FINDINGS } from './finding.js';
import type { ScanDetector } from './detector.js';
import { analyzerFor, VALUE_TRIGGERS, valueRuleQuiet } from '../values/candidates.js';
import { scanExamples } from './scan-examples.js';
import { candidateSecret, scanFinding } from './secret-info.js';

// A bare string shaped like an OpenClaw token — 48/64/96/128 hex digits or 32+ bytes of
// base64url — random enough to be one (thresholds in entropy.ts), outside every excluded
// context (exclusions.ts), and not already a literal or the exposed token (candidates.ts).
// 48 lowercase hex digits is what OpenClaw's generator writes (`randomBytes(24).toString("hex")`)
// and no common digest is that long, so that shape is reported `high`: the default `--fail-on`.
const GENERATED_SHAPE_RE = /^[0-9a-f]{48}$/;
export const tokenShapedString = {
  meta: {
    id: 'token-shaped-string',
    severity: 'medium',
    description: 'A bare 48/64/96/128-digit hex string or 32+ byte base64url string with high entropy, outside digests, ids and other excluded contexts; high for 48 lowercase hex digits (OpenClaw\'s generated token).',
  },
  get examples() {
    const { EXAMPLE_HEX48, EXAMPLE_HEX64, EXAMPLE_BASE64URL, EXAMPLE_DEVICE_ID } = scanExamples();
    return {
      match: [
        `const fallback = "${EXAMPLE_HEX48}";`,
        `path:notes.md the new one is ${EXAMPLE_HEX64} (rotated on Friday)`,
        `device token ${EXAMPLE_BASE64URL}`,
        `path:values.yaml hash_token: ${EXAMPLE_HEX64}`,
        `path:notes.md Authorization: Basic ${Buffer.from(`openclaw:${EXAMPLE_HEX48}`).toString('base64')}`,
        `${EXAMPLE_HEX64} bucket [06/Feb/2019:00:00:38 +0000] 192.0.2.3 - 3E57427F3EXAMPLE REST.PUT.OBJECT dumps/${EXAMPLE_HEX48} "PUT /bucket/dumps HTTP/1.1" 200`,
      ],
      noMatch: [
        `docker pull ghcr.io/openclaw/openclaw@sha256:${EXAMPLE_HEX64}`,
        `${EXAMPLE_HEX64}  openclaw-2026.2.1.tgz`,
        `2025-02-21T15:03:11.201+01:00 [gateway] device pairing auto-approved device=${EXAMPLE_DEVICE_ID} role=operator`,
        `{"deviceId": "${EXAMPLE_DEVICE_ID}", "role": "operator"}`,
        `zeros ${'0'.repeat(64)} and ${'ab'.repeat(32)}`,
        'getUserAccountSettingsV2ForOrganizationHandlerFactory',
        `path:zh-CN.tm.jsonl {"cache_key":"${EXAMPLE_HEX64}","segment":"intro"}`,
        `path:deployment.yaml         checksum/config: ${EXAMPLE_HEX64}`,
        `${EXAMPLE_HEX64} bucket [06/Feb/2019:00:00:38 +0000] 192.0.2.3 ${EXAMPLE_HEX64} 3E57427F3EXAMPLE REST.GET.VERSIONING - "GET /bucket?versioning HTTP/1.1" 200`,
        `route=[CloudEntry(doc_id=${EXAMPLE_BASE64URL}, filename=notes)]`,
        `path:paired.json { "${EXAMPLE_DEVICE_ID}": { "role": "operator" } }`,
        `{"kty":"OKP","crv":"Ed25519","x":"${EXAMPLE_BASE64URL}"}`,
        `"error": "bad key\\nsk-proj-${EXAMPLE_BASE64URL}"`,
        `const fallback = "${EXAMPLE_HEX48}"; // clawprint:allow`,
        `path:notes.md Authorization: Basic ${Buffer.from('apps/y24gDAN3jq:correct-horse-battery-staples').toString('base64')}`,
        'web-push-public-key: AA1234BBCCddvveekaabcdfqwertyuiopasdfghjklzxcvbnm1234567890',
      ],
    };
  },
  triggers: VALUE_TRIGGERS,
  quiet: valueRuleQuiet,
  create(ctx) {
    const analyzer = analyzerFor(ctx);
    return {
      resting: () => analyzer.resting,
      onLine(line) {
        const found = analyzer.analyze(line);
        if (found === undefined || found.shapes.length === 0) return NO_FINDINGS;
        return found.shapes.map(
          (c): LocatedFinding =>
            scanFinding(line, {
              rule: 'token-shaped-string',
              severity: GENERATED_SHAPE_RE.test(c.value) ? 'high' : 'medium',
              message: `token-shaped ${c.context} with high entropy`,
              index: c.index,
              secret: candidateSecret(c),
              matchesExposedToken: false,
            }),
        );
      },
    };
  },
} satisfies ScanDetector;
