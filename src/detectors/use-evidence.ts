// The `--evidence` sink of an audit rule (docs/product.md §4): every event counted toward a finding,
// named by that finding's id, without holding the events (the sink streams them).
import type { AuditEvent, DetectorContext } from './detector.js';
import { findingId } from './finding.js';
import { MAX_SOURCE_ROWS } from './source-aggregate.js';
import { sourceKey, UseKeys } from './use-keys.js';

/**
 * Tells `ctx.onUse` (`--evidence`) of an event counted toward a finding: its id is the finding's
 * (rule, source key, token), hashed once per key — and only when evidence is written: undefined
 * when it is not, so that a rule calls nothing per use (the CLI does not inline calls; issue 8).
 */
export function evidenceFor(ctx: DetectorContext, rule: string): ((e: AuditEvent) => void) | undefined {
  const sink = ctx.onUse;
  if (sink === undefined) return undefined;
  const ids = new Map<string, string>();
  const keys = new UseKeys();
  return (e) => {
    const key = keys.of(e);
    let id = ids.get(key);
    if (id === undefined) {
      id = findingId(rule, sourceKey(e), e.token?.fingerprint);
      if (ids.size < MAX_SOURCE_ROWS) ids.set(key, id);
    }
    sink(rule, id, e);
  };
}
