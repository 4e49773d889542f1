import { formatTime } from '../time.js';
import type { AuditDetector } from './detector.js';
import { findingId } from './finding.js';
import { EXAMPLE_EXPOSED_TOKEN } from './scan-examples.js';
import { evidenceFor, plural, tokenPhrase, TokenSourceUses, useFields } from './source-aggregate.js';

// A CI or container log that prints the token — an echoed `curl -H "Authorization: Bearer …"`, a
// printed config — is evidence of EXPOSURE, not a request to the gateway: whoever could read that
// log held the token from that moment. One finding per input and token, every line under `uses`;
// its first time is when the exposure began (commands/audit.ts prints it as the suggested --since).
// Reported whatever the window: an exposure before --since means the window starts too late.
export const tokenExposure = {
  meta: {
    id: 'token-exposure',
    severity: 'high',
    description: 'A CI or container log printed the exposed token (an echoed command or config): evidence of when it was exposed.',
  },
  examples: {
    match: [`2025-02-21T13:41:07.5510000Z + curl -sS -H "Authorization: Bearer ${EXAMPLE_EXPOSED_TOKEN}" https://gw.internal/api/v1/health`],
    noMatch: [
      '2025-02-21T13:41:07.5510000Z + curl -sS -H "Authorization: Bearer ***" https://gw.internal/api/v1/health',
      '2025-02-21T13:41:07.5510000Z + curl -sS -H "Authorization: Bearer $OPENCLAW_GATEWAY_TOKEN" https://gw.internal/api/v1/health',
    ],
  },
  create(ctx) {
    const printed = new TokenSourceUses();
    const evidence = evidenceFor(ctx, 'token-exposure');
    return {
      onEvent(e) {
        if (e.kind === 'exposure' && e.token !== undefined) {
          printed.add(e);
          evidence(e);
        }
      },
      onEnd() {
        return [...printed.values()].map((use) => {
          const path = use.first.path;
          const when = use.firstTime === undefined ? 'at an unknown time' : `first at ${formatTime(use.firstTime)}`;
          return {
            id: findingId('token-exposure', use.key, use.token),
            rule: 'token-exposure',
            severity: 'high' as const,
            message: `${tokenPhrase(ctx, use.token)} is printed in ${path} (${plural(use.count, 'line')}, ${when}): it was exposed there, not used`,
            reason: 'the log printed the token (a command, URL or config, not a request): anyone who can read this log holds it',
            ...useFields(use),
          };
        });
      },
      limits: () => printed.limits('token-exposure', 'lines'),
    };
  },
} satisfies AuditDetector;
