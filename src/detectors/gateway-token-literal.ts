import { type LocatedFinding, NO_FINDINGS } from './finding.js';
import type { ScanDetector } from './detector.js';
import { analyzerFor, VALUE_TRIGGERS, valueRuleQuiet } from '../values/candidates.js';
import { scanExamples } from './scan-examples.js';
import { candidateSecret, scanFinding } from './secret-info.js';

// A token value written where OpenClaw reads its gateway credential (docs/product.md §5, docs/formats.md
// "Config files"): whatever its shape, a literal there is a secret in the file. The single-line
// contexts are the table in credential-contexts.ts; YAML/JSON/plist ones follow the lines before
// (literal-contexts.ts, config-trackers.ts).
export const gatewayTokenLiteral = {
  meta: {
    id: 'gateway-token-literal',
    severity: 'high',
    description:
      'A literal gateway token in a credential context: OPENCLAW_GATEWAY_TOKEN= (and CLAWDBOT_/PASSWORD, and a hard-coded ${VAR:-default}), keys named for the gateway token (OPENCLAW_AUTH_TOKEN, GATEWAY_TOKEN, gatewayToken, gateway.auth.token, …), gateway.token/password in YAML, gateway.auth/remote.token/password in JSON (also printed into logs), --token, Bearer, x-openclaw-token, ?token=, setup output, systemd and launchd units.',
  },
  get examples() {
    const { EXAMPLE_HEX48, EXAMPLE_HEX64, EXAMPLE_BASE64URL } = scanExamples();
    return {
      match: [
        `path:.env OPENCLAW_GATEWAY_TOKEN=${EXAMPLE_HEX48}`,
        `path:openclaw-gateway.service Environment="OPENCLAW_GATEWAY_TOKEN=${EXAMPLE_HEX64}"`,
        `path:gateway.yaml gateway: { token: ${EXAMPLE_HEX64}, token_secondary: "${EXAMPLE_HEX48}", port: 8080 }`,
        `path:openclaw.json { gateway: { auth: { mode: "token", token: "${EXAMPLE_HEX48}" } } }`,
        `path:deploy.sh openclaw agent --token ${EXAMPLE_BASE64URL} --message hi`,
        `curl -H "Authorization: Bearer ${EXAMPLE_BASE64URL}" https://gw.internal/api/v1/health`,
        `Gateway token: ${EXAMPLE_HEX48}`,
        `path:.env OPENCLAW_AUTH_TOKEN=${EXAMPLE_HEX48}`,
        `path:config.toml gateway.auth.token = "${EXAMPLE_HEX64}"`,
        `path:.openclaw/gateway.token ${EXAMPLE_HEX48}`,
      ],
      noMatch: [
        'path:.env OPENCLAW_GATEWAY_TOKEN=${OPENCLAW_GATEWAY_TOKEN}',
        '2025-02-21T14:03:11.4802201Z   OPENCLAW_GATEWAY_TOKEN: ***',
        'curl -H "Authorization: Bearer [MASKED]" https://gw.internal/api/v1/health',
        'path:gateway.yaml gateway: { token: your-token, port: 8080 }',
        'path:openclaw.json { gateway: { auth: { token: "__OPENCLAW_REDACTED__" } } }',
        'path:client.ts const headers = { "x-openclaw-token": process.env.OPENCLAW_GATEWAY_TOKEN };',
        'path:agent.yaml token: abcdef0123456789',
        'path:openclaw.json { gateway: { auth: { mode: "token", token: "replace-with-a-long-random-token" } } }',
        'openclaw channels add --channel qqbot --token "AppID:AppSecret"',
        'curl -H "Authorization: Bearer sk-proj-0123456789abcdefABCDEF0123456789"',
        'Authorization: Bearer zAzsx1sk..',
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
        if (found === undefined || found.literals.length === 0) return NO_FINDINGS;
        return found.literals.map(
          (c): LocatedFinding =>
            scanFinding(line, {
              rule: 'gateway-token-literal',
              severity: 'high',
              message: `gateway token literal in ${c.context}`,
              index: c.index,
              secret: candidateSecret(c),
              matchesExposedToken: false,
            }),
        );
      },
    };
  },
} satisfies ScanDetector;
