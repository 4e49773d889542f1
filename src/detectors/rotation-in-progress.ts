import { configFinding, isGatewayConfig, literals } from './config-finding.js';
import { configExamples } from './config-examples.js';
import type { ConfigDetector } from './detector.js';
import type { Finding } from './finding.js';
import type { ConfigSetting } from '../configs/config-file.js';
import { formatDuration } from '../time.js';

// Seed's dual-token rotation keeps the old token accepted as `token_secondary` until every client
// moved; left in place it is a second live credential nobody watches. Also two different gateway
// tokens in the gateway's own config files (gateway.yaml, openclaw.json) of one folder — not two
// tokens of one environment at large: an inventory with several gateways per environment holds
// one token each (seen in real Ansible inventories). Age from the line's last commit, else mtime.
export const rotationInProgress = {
  meta: {
    id: 'rotation-in-progress',
    severity: 'medium',
    description:
      'A rotation is not finished: gateway.token_secondary is configured, or gateway.yaml and openclaw.json of one folder configure two different gateway tokens. High when older than --max-rotation-age (default 24h; age from git blame of the line, else the file mtime).',
  },
  get examples() {
    const { STRONG_A, STRONG_B } = configExamples();
    return {
      match: [
        { files: { 'gateway.yaml': `gateway:\n  token: ${STRONG_A}\n  token_secondary: \${OLD_GATEWAY_TOKEN}\n` } },
        { files: { 'prod/gateway.yaml': `gateway:\n  token: ${STRONG_A}\n`, 'prod/openclaw.json': `{ gateway: { auth: { token: "${STRONG_B}" } } }` } },
      ],
      noMatch: [
        { files: { 'gateway.yaml': `gateway:\n  token: \${OPENCLAW_GATEWAY_TOKEN}\n  port: 8080\n` } },
        // Two gateways of one environment, one token each (an Ansible inventory).
        { files: { 'inventories/dev/group_vars/vault.yml': `vault_openclaw_gateway_token_main: "${STRONG_A}"\nvault_openclaw_gateway_token_rescue: "${STRONG_B}"\n` } },
      ],
    };
  },
  check(settings, ctx) {
    const findings: Finding[] = [];
    const rated = (s: ConfigSetting, message: string, id?: string): Finding => {
      const age = ctx.lineAge(s.path, s.line);
      const old = age !== undefined && age.ms > ctx.maxRotationAgeMs;
      const ageText = age === undefined ? 'age unknown' : `${formatDuration(age.ms)} old (from ${age.from === 'git' ? 'git blame' : 'the file mtime'})`;
      return configFinding('rotation-in-progress', old ? 'high' : 'medium', s, ctx, `${message}; ${ageText}`, {
        reason: old ? 'older than --max-rotation-age' : 'within --max-rotation-age',
        ...(id !== undefined ? { id } : {}),
      });
    };
    for (const s of settings) {
      if (s.role === 'gateway-token-secondary') findings.push(rated(s, `${s.key} is set: the previous token is still accepted; remove it once every client uses the new one`));
    }
    const byEnvironment = new Map<string, Map<string, ConfigSetting>>();
    for (const s of literals(settings)) {
      if (s.role !== 'gateway-token' || !isGatewayConfig(s) || (s.fileKind !== 'gateway-yaml' && s.fileKind !== 'openclaw-json')) continue;
      const env = `${ctx.environmentOf(s.path)}, folder ${s.path.includes('/') ? s.path.slice(0, s.path.lastIndexOf('/')) : '.'}`;
      const digests = byEnvironment.get(env) ?? new Map<string, ConfigSetting>();
      if (!digests.has(s.value.digest)) digests.set(s.value.digest, s);
      byEnvironment.set(env, digests);
    }
    for (const [env, digests] of byEnvironment) {
      if (digests.size < 2) continue;
      const [first, ...others] = [...digests.values()].sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line);
      findings.push({
        ...rated(first!, `${digests.size} different gateway tokens are configured for environment ${env}: ${[first!, ...others].map((s) => `${s.path}:${s.line}`).join(', ')}`),
        related: others.map((s) => ({ path: s.path, line: s.line })),
      });
    }
    return findings;
  },
} satisfies ConfigDetector;
