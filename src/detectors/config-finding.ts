// What every config rule's finding shares: where the setting is, its key and environment, and the
// secret by fingerprint only. The id is rule + subject (path and key), so line moves do not churn.
import type { ConfigSetting } from '../configs/config-file.js';
import type { Severity } from '../severity.js';
import type { ConfigContext } from './detector.js';
import { type Finding, findingId } from './finding.js';

export function configFinding(
  rule: string,
  severity: Severity,
  setting: ConfigSetting,
  ctx: ConfigContext,
  message: string,
  extra: Partial<Finding> = {},
): Finding {
  const token = setting.value.kind === 'literal' ? setting.value.fingerprint : undefined;
  return {
    id: findingId(rule, setting.path, setting.key),
    rule,
    severity,
    message,
    location: { path: setting.path, line: setting.line },
    environment: ctx.environmentOf(setting.path),
    ...(token !== undefined ? { token } : {}),
    ...extra,
  };
}

/** Literal settings only, the one kind that holds a secret. */
export function literals(settings: readonly ConfigSetting[]): Array<ConfigSetting & { value: { kind: 'literal' } }> {
  return settings.filter((s): s is ConfigSetting & { value: Extract<ConfigSetting['value'], { kind: 'literal' }> } => s.value.kind === 'literal');
}

export const ROLE_NAMES: Record<ConfigSetting['role'], string> = {
  'gateway-token': 'gateway token',
  'gateway-token-secondary': 'secondary gateway token',
  'gateway-password': 'gateway password',
  'remote-token': 'remote gateway credential',
  'hooks-token': 'hooks token',
};

/**
 * The gateway's own configuration (gateway.yaml, openclaw.json, deploy vars), not an environment
 * that overrides it and not an agent's client config (agent.yaml holds what the agent sends).
 */
export function isGatewayConfig(s: ConfigSetting): boolean {
  return s.origin === 'config' && s.fileKind !== 'agent-yaml';
}
