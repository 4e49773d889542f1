import type { AuditDetector } from './detector.js';
import { findingId } from './finding.js';
import { BoundedSet, DigestSet, type DigestSetState, mergeDigestSets } from './bounded-counts.js';
import { mergeRows, type RowsState } from './row-state.js';
import { MAX_SEEN_EXACT, MAX_SOURCE_ROWS, plural, rowLimits, seenLimit, SourceUses, sourceKey, useFields } from './source-aggregate.js';

interface UnattributedState {
  connections: RowsState;
  /** Digests of the sources seen before --since. */
  seenBefore: DigestSetState;
}

// OpenClaw never logs which token a client used (docs/product.md §3.2): a shared-token connection from a
// source never seen before --since may or may not be the exposed token. Reported as such, never
// as token-use. "Seen" = any event from that source before --since, in any input, except a failed
// authentication: a source that probed with a wrong token and connected once the token leaked is
// exactly the attacker's pattern, and a rejected attempt is no evidence it ever held the token.
export const unattributedSharedTokenUse = {
  meta: {
    id: 'unattributed-shared-token-use',
    severity: 'medium',
    description: 'Shared-token connections inside the window from a source not seen before --since; the log cannot say which token.',
  },
  // Every kind but auth-failure: a source seen in any other event before --since has history.
  reads: ['request', 'connection', 'registration', 'config-change', 'rotation', 'exposure', 'token-text'],
  examples: {
    match: [
      '{"ts":"2025-02-21T15:10:00Z","event":"ws.connect","remote_addr":"198.51.100.23","agent":"webchat"}',
    ],
    noMatch: [
      '{"ts":"2025-02-21T13:10:00Z","event":"ws.connect","remote_addr":"198.51.100.23","agent":"webchat"}',
      '{"ts":"2025-02-21T15:10:00Z","event":"ws.connect","remote_addr":"198.51.100.23","token_fp":"sha256:9c1185a5c5e9"}',
    ],
  },
  create(ctx) {
    const { since, until } = ctx.window;
    const seenBefore = new BoundedSet(MAX_SEEN_EXACT);
    // Every row is a finding unless its source turns out to be seen before: none can be folded.
    const connections = new SourceUses(1);
    return {
      onEvent(e) {
        if (e.time !== undefined && since !== undefined && e.time < since) {
          // sourceKey(e) is the source when there is one: no call for it (issue 8).
          if (e.kind !== 'auth-failure') seenBefore.add(e.source ?? sourceKey(e));
          return;
        }
        // A connection whose log names its token (the exposed one or another) is attributed.
        if (e.kind !== 'connection' || e.token !== undefined || e.tokenFingerprint !== undefined) return;
        if (e.auth !== undefined && e.auth !== 'token') return;
        if (e.time !== undefined && e.time >= until) return;
        connections.add(e);
      },
      state: () => ({ connections: connections.state((use) => findingId('unattributed-shared-token-use', use.key)), seenBefore: seenBefore.state() }),
    };
  },
  merge: (a, b) => ({ connections: mergeRows(a.connections, b.connections, 1, MAX_SOURCE_ROWS), seenBefore: mergeDigestSets(a.seenBefore, b.seenBefore, MAX_SEEN_EXACT) }),
  finish(state) {
    const seenBefore = new DigestSet(state.seenBefore);
    const findings = state.connections.rows
      .filter((row) => !seenBefore.has(row.h))
      .map((row) => ({
        id: row.id,
        rule: 'unattributed-shared-token-use',
        severity: 'medium' as const,
        message: `${plural(row.count, 'shared-token connection')} from ${row.source ?? row.key}, a source not seen before the window; the log cannot say which token`,
        reason: 'source not seen before the window',
        ...useFields(row),
      }));
    const limits = rowLimits(state.connections, 1, MAX_SOURCE_ROWS, 'unattributed-shared-token-use', 'connections');
    if (state.seenBefore.approximated > 0) limits.push(seenLimit('unattributed-shared-token-use', state.seenBefore.approximated));
    return { findings, limits };
  },
} satisfies AuditDetector<UnattributedState>;
