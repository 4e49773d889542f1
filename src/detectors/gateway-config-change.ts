import type { AuditDetector } from './detector.js';
import { type Finding, findingId } from './finding.js';
import { counted } from './source-aggregate.js';
import { thousands } from '../thousands.js';

/** Changes listed one by one; the rest are counted and the report says how many. */
export const MAX_FINDINGS = 1_000;
const ROTATION_BURST_MS = 60_000;

// The gateway's auth or agent configuration changed inside the window (OpenClaw reload lines,
// config overwrites, agents.create, and the auth rotation itself).
export const gatewayConfigChange = {
  meta: {
    id: 'gateway-config-change',
    severity: 'medium',
    description: "The gateway's auth or agent configuration changed inside the window.",
  },
  examples: {
    match: ['2025-02-21T16:00:00.000Z [reload] config change detected; evaluating reload (gateway.auth.token, agents.list)'],
    noMatch: [
      '2025-02-21T16:00:00.000Z [reload] config change detected; evaluating reload (ui.theme)',
      '2025-02-21T12:00:00.000Z [reload] config change detected; evaluating reload (gateway.auth.token)',
    ],
  },
  create(ctx) {
    const { since, until } = ctx.window;
    const out: Finding[] = [];
    let lastRotation: Finding | undefined;
    let dropped = 0;
    return {
      onEvent(e) {
        if (e.kind !== 'config-change' && e.kind !== 'rotation') return;
        if (e.time !== undefined && ((since !== undefined && e.time < since) || e.time >= until)) return;
        // A rotation closes every shared-token client with its own 4001 line: one finding per burst.
        if (e.kind === 'rotation' && lastRotation?.time !== undefined && e.time !== undefined && Math.abs(e.time - lastRotation.time) <= ROTATION_BURST_MS) {
          lastRotation.count = (lastRotation.count ?? 1) + 1;
          return;
        }
        if (out.length >= MAX_FINDINGS) {
          dropped++;
          return;
        }
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
        if (e.kind === 'rotation') {
          f.count = 1;
          lastRotation = f;
        }
        out.push(f);
      },
      onEnd: () => out,
      limits: () =>
        dropped === 0
          ? []
          : [{ scope: 'gateway-config-change', kind: 'dropped', count: dropped, message: `${counted(dropped, 'more configuration change')} inside the window ${dropped === 1 ? 'was' : 'were'} counted, not listed (the first ${thousands(MAX_FINDINGS)} are)` }],
    };
  },
} satisfies AuditDetector;
