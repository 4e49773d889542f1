import type { AuditDetector } from './detector.js';
import { findingId } from './finding.js';
import { mergeRows, type RowsState } from './row-state.js';
import { MAX_SOURCE_ROWS, plural, rowLimits, tokenPhrase, TokenSourceUses, useFields } from './source-aggregate.js';
import { evidenceFor } from './use-evidence.js';

// Never a silent clean: the exposed token or its fingerprint (any §1 form, or the 12-digit
// fingerprint in hex or base64) on a line that no parser could attribute — a log format clawprint
// does not know, a field name it does not read. The line may be a use; its time and source are
// unknown, so the audit cannot judge it and says so. One finding per input and token, every line
// under `uses`. Reported whatever the window (an undated line cannot be placed outside it).
export const tokenInUnparsedLine = {
  meta: {
    id: 'token-in-unparsed-line',
    severity: 'high',
    description: 'The exposed token or its fingerprint is on lines no parser understood: their time and source are unknown.',
  },
  reads: ['token-text'],
  examples: {
    match: ['{"when":"2025-02-21T14:03:11Z","client":"203.0.113.7","op":"POST /api/v1/memory","cred":"sha256:9c1185a5c5e9"}'],
    noMatch: [
      '{"when":"2025-02-21T14:03:11Z","client":"203.0.113.7","op":"POST /api/v1/memory","cred":"sha256:0123456789ab"}',
      '{"when":"2025-02-21T14:03:11Z","client":"203.0.113.7","op":"POST /api/v1/memory","cred":"sha256:9c1185a5"}',
    ],
  },
  create(ctx) {
    const lines = new TokenSourceUses();
    const evidence = evidenceFor(ctx, 'token-in-unparsed-line');
    return {
      onEvent(e) {
        if (e.kind === 'token-text' && e.token !== undefined) {
          lines.add(e);
          evidence?.(e);
        }
      },
      state: () => lines.state((use) => findingId('token-in-unparsed-line', use.key, use.token)),
    };
  },
  merge: (a, b) => mergeRows(a, b, 1, MAX_SOURCE_ROWS),
  finish(state, ctx) {
    const findings = state.rows.map((row) => ({
      id: row.id,
      rule: 'token-in-unparsed-line',
      severity: 'high' as const,
      message: `${plural(row.count, 'line')} of ${row.first.location.path} ${row.count === 1 ? 'carries' : 'carry'} ${tokenPhrase(ctx, row.token)} or its fingerprint, but no parser understood ${row.count === 1 ? 'it' : 'them'}: the audit cannot tell who used the token there, or when (try --input-format)`,
      reason: row.first.time === undefined ? 'line not parsed: time and source unknown' : 'line not parsed: source unknown',
      ...useFields(row),
    }));
    return { findings, limits: rowLimits(state, 1, MAX_SOURCE_ROWS, 'token-in-unparsed-line', 'lines') };
  },
} satisfies AuditDetector<RowsState>;
