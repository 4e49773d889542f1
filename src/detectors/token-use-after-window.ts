import type { AuditDetector } from './detector.js';
import { findingId } from './finding.js';
import { mergeRows, type RowsState } from './row-state.js';
import { MAX_SOURCE_ROWS, plural, rowLimits, tokenPhrase, TokenSourceUses, useFields } from './source-aggregate.js';
import { evidenceFor } from './use-evidence.js';

// The exposed token was still ACCEPTED at or after --until: the rotation is not complete.
// A rejected attempt (401/403) after rotation is the rotation working; it counts as an auth failure.
// One finding per token and source: each exposed token has its own rotation to finish.
export const tokenUseAfterWindow = {
  meta: {
    id: 'token-use-after-window',
    severity: 'critical',
    description: 'The exposed token was accepted at or after --until (the rotation is incomplete).',
  },
  reads: ['request', 'connection'],
  examples: {
    match: [
      '{"ts":"2025-02-21T18:30:00.000Z","event":"http.request","method":"GET","path":"/api/v1/agents","status":200,"remote_addr":"198.51.100.9","token_fp":"sha256:9c1185a5c5e9"}',
    ],
    noMatch: [
      '{"ts":"2025-02-21T18:29:59.999Z","event":"http.request","method":"GET","path":"/api/v1/agents","status":200,"remote_addr":"198.51.100.9","token_fp":"sha256:9c1185a5c5e9"}',
      '{"ts":"2025-02-21T19:00:00.000Z","event":"http.request","method":"GET","path":"/api/v1/agents","status":401,"remote_addr":"198.51.100.9","token_fp":"sha256:9c1185a5c5e9"}',
    ],
  },
  create(ctx) {
    const after = new TokenSourceUses();
    const evidence = evidenceFor(ctx, 'token-use-after-window');
    return {
      onEvent(e) {
        if (e.token === undefined || (e.kind !== 'request' && e.kind !== 'connection')) return;
        if (e.time === undefined || e.time < ctx.window.until) return;
        if (e.status !== undefined && e.status >= 400) return;
        after.add(e);
        evidence?.(e);
      },
      state: () => after.state((use) => findingId('token-use-after-window', use.key, use.token)),
    };
  },
  merge: (a, b) => mergeRows(a, b, 1, MAX_SOURCE_ROWS),
  finish(state, ctx) {
    const findings = state.rows.map((row) => ({
      id: row.id,
      rule: 'token-use-after-window',
      severity: 'critical' as const,
      message: `${tokenPhrase(ctx, row.token)} was accepted ${plural(row.count, 'time')} from ${row.source ?? row.key} at or after the end of the window`,
      reason: 'rotation incomplete: the gateway still accepts the exposed token',
      ...useFields(row),
    }));
    return { findings, limits: rowLimits(state, 1, MAX_SOURCE_ROWS, 'token-use-after-window', 'uses') };
  },
} satisfies AuditDetector<RowsState>;
