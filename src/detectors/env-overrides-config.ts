import { configFinding, isGatewayConfig, literals } from './config-finding.js';
import { configExamples } from './config-examples.js';
import type { ConfigDetector } from './detector.js';

// OpenClaw's `gateway.env_token_overrides_config`: OPENCLAW_GATEWAY_TOKEN in the environment wins
// over the config file, so an env file or unit with another value means the config's token is not
// the one in force — a rotation done in one place only.
export const envOverridesConfig = {
  meta: {
    id: 'env-overrides-config',
    severity: 'medium',
    description:
      "An environment file, unit, compose or Kubernetes env sets OPENCLAW_GATEWAY_TOKEN to another secret than the config file of the same environment (OpenClaw's gateway.env_token_overrides_config).",
  },
  get examples() {
    const { STRONG_A, STRONG_B } = configExamples();
    return {
      match: [
        {
          files: {
            'gateway.yaml': `gateway:\n  token: ${STRONG_A}\n`,
            'openclaw-gateway.service': `[Service]\nEnvironment=OPENCLAW_GATEWAY_TOKEN=${STRONG_B}\n`,
          },
        },
      ],
      noMatch: [
        { files: { 'gateway.yaml': `gateway:\n  token: ${STRONG_A}\n`, '.env': `OPENCLAW_GATEWAY_TOKEN=${STRONG_A}\n` } },
        { files: { 'gateway.yaml': 'gateway:\n  token: ${OPENCLAW_GATEWAY_TOKEN}\n', '.env': `OPENCLAW_GATEWAY_TOKEN=${STRONG_B}\n` } },
      ],
    };
  },
  check(settings, ctx) {
    const configured = literals(settings).filter((s) => isGatewayConfig(s) && (s.role === 'gateway-token' || s.role === 'gateway-password'));
    return literals(settings)
      .filter((s) => s.origin === 'env' && (s.role === 'gateway-token' || s.role === 'gateway-password'))
      .flatMap((s) => {
        const env = ctx.environmentOf(s.path);
        const other = configured.find((c) => c.role === s.role && ctx.environmentOf(c.path) === env && c.value.digest !== s.value.digest);
        if (other === undefined) return [];
        return [
          configFinding('env-overrides-config', 'medium', s, ctx, `${s.key} (${s.value.fingerprint}) overrides ${other.key} in ${other.path}:${other.line} (${other.value.fingerprint}): the config's token is not the one in force`, {
            related: [{ path: other.path, line: other.line }],
          }),
        ];
      });
  },
} satisfies ConfigDetector;
