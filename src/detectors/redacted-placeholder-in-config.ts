import { configFinding } from './config-finding.js';
import type { ConfigDetector } from './detector.js';

// `openclaw config get` and support bundles print secrets as __OPENCLAW_REDACTED__; a config
// pasted back from that output sends the sentinel as the token. Nothing leaked, but the gateway
// or its clients no longer authenticate.
export const redactedPlaceholderInConfig = {
  meta: {
    id: 'redacted-placeholder-in-config',
    severity: 'medium',
    description: '__OPENCLAW_REDACTED__ where a gateway secret belongs: the config was copied from redacted output and is broken, not leaked.',
  },
  examples: {
    match: [{ files: { 'openclaw.json': '{ "gateway": { "remote": { "token": "__OPENCLAW_REDACTED__" } } }' } }],
    noMatch: [{ files: { 'openclaw.json': '{ "gateway": { "remote": { "token": { "source": "env", "provider": "default", "id": "GW_REMOTE" } } } }' } }],
  },
  check(settings, ctx) {
    return settings
      .filter((s) => s.value.kind === 'redacted')
      .map((s) => configFinding('redacted-placeholder-in-config', 'medium', s, ctx, `${s.key} holds __OPENCLAW_REDACTED__, copied from redacted output: set the real secret (by reference)`));
  },
} satisfies ConfigDetector;
