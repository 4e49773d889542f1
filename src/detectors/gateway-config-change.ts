import type { AuditDetector, AuditEvent, Limit } from './detector.js';
import { type Finding, findingId } from './finding.js';
import { type EventSummary, summaryOf } from './row-state.js';
import { counted } from './source-aggregate.js';
import { compareAt } from './uses.js';
import { thousands } from '../thousands.js';

/** Changes listed one by one; the rest are counted and the report says how many. */
export const MAX_FINDINGS = 1_000;
/** Rotation lines kept to group into bursts (every shared-token client gets its own line). */
export const MAX_ROTATION_LINES = 10_000;
const ROTATION_BURST_MS = 60_000;

interface ConfigChangeState {
  /** The earliest MAX_FINDINGS changes (compareAt). */
  changes: EventSummary[];
  /** The earliest MAX_ROTATION_LINES rotation lines. */
  rotations: EventSummary[];
  /** Lines left out of either list. */
  dropped: number;
}

/** The `max` earliest of `events` (compareAt), and how many were cut. */
function earliest(events: EventSummary[], max: number): { kept: EventSummary[]; cut: number } {
  const kept = [...events].sort(compareAt);
  const cut = Math.max(0, kept.length - max);
  kept.length -= cut;
  return { kept, cut };
}

/** A list that keeps the `max` earliest events in a buffer of at most 2 × max (as uses.ts UseList). */
class Earliest {
  events: EventSummary[] = [];
  dropped = 0;
  constructor(private readonly max: number) {}
  add(e: AuditEvent): void {
    this.events.push(summaryOf(e));
    if (this.events.length >= 2 * this.max) this.cut();
  }
  cut(): EventSummary[] {
    const { kept, cut } = earliest(this.events, this.max);
    this.events = kept;
    this.dropped += cut;
    return kept;
  }
}

function changeFinding(e: EventSummary): Finding {
  const what = e.kind === 'rotation' ? 'gateway auth rotated' : 'gateway configuration changed';
  const f: Finding = {
    id: findingId('gateway-config-change', e.location.path, e.location.line),
    rule: 'gateway-config-change',
    severity: 'medium',
    message: e.reason !== undefined ? `${what}: ${e.reason}` : what,
    location: e.location,
  };
  if (e.reason !== undefined) f.reason = e.reason;
  if (e.time !== undefined) f.time = e.time;
  if (e.source !== undefined) f.source = e.source;
  if (e.agent !== undefined) f.agent = e.agent;
  return f;
}

// The gateway's auth or agent configuration changed inside the window (OpenClaw reload lines,
// config overwrites, agents.create, and the auth rotation itself).
export const gatewayConfigChange = {
  meta: {
    id: 'gateway-config-change',
    severity: 'medium',
    description: "The gateway's auth or agent configuration changed inside the window.",
  },
  reads: ['config-change', 'rotation'],
  examples: {
    match: ['2025-02-21T16:00:00.000Z [reload] config change detected; evaluating reload (gateway.auth.token, agents.list)'],
    noMatch: [
      '2025-02-21T16:00:00.000Z [reload] config change detected; evaluating reload (ui.theme)',
      '2025-02-21T12:00:00.000Z [reload] config change detected; evaluating reload (gateway.auth.token)',
    ],
  },
  create(ctx) {
    const { since, until } = ctx.window;
    const changes = new Earliest(MAX_FINDINGS);
    const rotations = new Earliest(MAX_ROTATION_LINES);
    return {
      onEvent(e) {
        if (e.kind !== 'config-change' && e.kind !== 'rotation') return;
        if (e.time !== undefined && ((since !== undefined && e.time < since) || e.time >= until)) return;
        (e.kind === 'rotation' ? rotations : changes).add(e);
      },
      state: () => ({ changes: changes.cut(), rotations: rotations.cut(), dropped: changes.dropped + rotations.dropped }),
    };
  },
  merge(a, b) {
    const changes = earliest([...a.changes, ...b.changes], MAX_FINDINGS);
    const rotations = earliest([...a.rotations, ...b.rotations], MAX_ROTATION_LINES);
    return { changes: changes.kept, rotations: rotations.kept, dropped: a.dropped + b.dropped + changes.cut + rotations.cut };
  },
  finish(state) {
    const out = state.changes.map(changeFinding);
    // A rotation closes every shared-token client with its own 4001 line: one finding per burst,
    // a burst being the lines within a minute of its first (in time order, so any split of the
    // inputs groups them alike).
    let burst: Finding | undefined;
    for (const e of state.rotations) {
      if (burst?.time !== undefined && e.time !== undefined && e.time - burst.time <= ROTATION_BURST_MS) {
        burst.count = (burst.count ?? 1) + 1;
        continue;
      }
      burst = { ...changeFinding(e), count: 1 };
      out.push(burst);
    }
    out.sort((x, y) => compareAt(x as { location: NonNullable<Finding['location']> }, y as { location: NonNullable<Finding['location']> }));
    const dropped = state.dropped + Math.max(0, out.length - MAX_FINDINGS);
    const findings = out.slice(0, MAX_FINDINGS);
    const limits: Limit[] =
      dropped === 0
        ? []
        : [{ scope: 'gateway-config-change', kind: 'dropped', count: dropped, message: `${counted(dropped, 'more configuration change')} inside the window ${dropped === 1 ? 'was' : 'were'} counted, not listed (the first ${thousands(MAX_FINDINGS)} are)` }];
    return { findings, limits };
  },
} satisfies AuditDetector<ConfigChangeState>;
