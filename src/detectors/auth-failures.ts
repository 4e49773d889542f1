import type { AuditDetector } from './detector.js';
import { findingId } from './finding.js';
import { mergeRows, type RowsState } from './row-state.js';
import { MAX_SOURCE_ROWS, rowLimits, SourceUses, useFields } from './source-aggregate.js';

// Bursts of failed authentication from one source inside the window: someone trying tokens.
export const authFailures = {
  meta: {
    id: 'auth-failures',
    severity: 'medium',
    description: 'At least --auth-failure-threshold (default 10) failed authentications from one source inside the window.',
  },
  reads: ['auth-failure'],
  examples: {
    match: Array.from({ length: 10 }, (_, i) =>
      `{"ts":"2025-02-21T14:05:${String(10 + i)}Z","event":"auth.failed","remote":"192.0.2.44","ua":"python-requests/2.32","path":"/api/v1/memory","status":401}`,
    ),
    noMatch: Array.from({ length: 9 }, (_, i) =>
      `{"ts":"2025-02-21T14:05:${String(10 + i)}Z","event":"auth.failed","remote":"192.0.2.44","path":"/api/v1/memory","status":401}`,
    ),
  },
  create(ctx) {
    const failures = new SourceUses(ctx.authFailureThreshold);
    const { since, until } = ctx.window;
    return {
      onEvent(e) {
        if (e.kind !== 'auth-failure') return;
        if (e.time !== undefined && ((since !== undefined && e.time < since) || e.time >= until)) return;
        failures.add(e);
      },
      // Every source, also those under the threshold: another shard may hold the rest of its burst.
      // Without a state file only bursts are kept: the others make no finding (a 1 GB audit has thousands).
      state: (full) => failures.state((use) => findingId('auth-failures', use.key), (use) => full || use.count >= ctx.authFailureThreshold),
    };
  },
  merge: (a, b, ctx) => mergeRows(a, b, ctx.authFailureThreshold, MAX_SOURCE_ROWS),
  finish(state, ctx) {
    const findings = state.rows
      .filter((row) => row.count >= ctx.authFailureThreshold)
      .map((row) => ({
        id: row.id,
        rule: 'auth-failures',
        severity: 'medium' as const,
        message: `${row.approximate ? 'about ' : ''}${row.count} failed authentications from ${row.source ?? row.key} inside the window`,
        ...(row.first.reason !== undefined ? { reason: row.first.reason } : {}),
        ...useFields(row),
      }));
    return { findings, limits: rowLimits(state, ctx.authFailureThreshold, MAX_SOURCE_ROWS, 'auth-failures', 'failed authentications') };
  },
} satisfies AuditDetector<RowsState>;
