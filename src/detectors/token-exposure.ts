import { formatTime } from '../time.js';
import type { AuditDetector } from './detector.js';
import { findingId } from './finding.js';
import { scanExamples } from './scan-examples.js';
import { mergeRows, type RowsState } from './row-state.js';
import { MAX_SOURCE_ROWS, plural, rowLimits, tokenPhrase, TokenSourceUses, useFields } from './source-aggregate.js';
import { evidenceFor } from './use-evidence.js';

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
  reads: ['exposure'],
  get examples() {
    const { EXAMPLE_EXPOSED_TOKEN } = scanExamples();
    return {
      match: [`2025-02-21T13:41:07.5510000Z + curl -sS -H "Authorization: Bearer ${EXAMPLE_EXPOSED_TOKEN}" https://gw.internal/api/v1/health`],
      noMatch: [
        '2025-02-21T13:41:07.5510000Z + curl -sS -H "Authorization: Bearer ***" https://gw.internal/api/v1/health',
        '2025-02-21T13:41:07.5510000Z + curl -sS -H "Authorization: Bearer $OPENCLAW_GATEWAY_TOKEN" https://gw.internal/api/v1/health',
      ],
    };
  },
  create(ctx) {
    const printed = new TokenSourceUses();
    const evidence = evidenceFor(ctx, 'token-exposure');
    return {
      onEvent(e) {
        if (e.kind === 'exposure' && e.token !== undefined) {
          printed.add(e);
          evidence?.(e);
        }
      },
      state: () => printed.state((use) => findingId('token-exposure', use.key, use.token)),
    };
  },
  merge: (a, b) => mergeRows(a, b, 1, MAX_SOURCE_ROWS),
  finish(state, ctx) {
    const findings = state.rows.map((row) => {
      const path = row.first.location.path;
      const when = row.first.time === undefined ? 'at an unknown time' : `first at ${formatTime(row.first.time)}`;
      return {
        id: row.id,
        rule: 'token-exposure',
        severity: 'high' as const,
        message: `${tokenPhrase(ctx, row.token)} is printed in ${path} (${plural(row.count, 'line')}, ${when}): it was exposed there, not used`,
        reason: 'the log printed the token (a command, URL or config, not a request): anyone who can read this log holds it',
        ...useFields(row),
      };
    });
    return { findings, limits: rowLimits(state, 1, MAX_SOURCE_ROWS, 'token-exposure', 'lines') };
  },
} satisfies AuditDetector<RowsState>;
