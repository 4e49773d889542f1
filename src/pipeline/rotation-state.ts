// A rotation's partial state (`rotation --emit-state`, `clawprint merge`; docs/product.md §7): the
// per-client tracker, the coverage and the settings that must agree. `rotation` itself reports from
// this state, as `merge` does, so both print the same report.
import { randomUUID } from 'node:crypto';
import { mergeTrackers, type RotationTrackerState } from '../detectors/rotation-status.js';
import type { ArchiveLimits } from '../sources/archive-limits.js';
import type { InputIssue } from '../sources/input.js';
import type { TokenRef } from '../token.js';
import { byPath, STATE_FORMAT, STATE_VERSION, unitedShards } from './audit-state.js';
import type { InputCoverage } from './coverage.js';

export interface RotationStateSettings {
  since?: number;
  until?: number;
  quietPeriodMs: number;
  /** Labelled `old` and `new`, fingerprints only. */
  tokens: TokenRef[];
  tz: string;
  inputFormat?: string;
  archives: ArchiveLimits;
}

export interface RotationState {
  format: typeof STATE_FORMAT;
  version: typeof STATE_VERSION;
  command: 'rotation';
  tool: { name: 'clawprint'; version: string };
  /** As AuditState.shards. */
  shards: string[];
  settings: RotationStateSettings;
  inputs: InputCoverage[];
  issues: InputIssue[];
  tracker: RotationTrackerState;
}

export function rotationState(settings: RotationStateSettings, coverage: readonly InputCoverage[], issues: readonly InputIssue[], tracker: RotationTrackerState, version: string): RotationState {
  return { format: STATE_FORMAT, version: STATE_VERSION, command: 'rotation', tool: { name: 'clawprint', version }, shards: [randomUUID()], settings, inputs: byPath([...coverage]), issues: byPath([...issues]), tracker };
}

export function rotationSettingsDiffer(a: RotationStateSettings, b: RotationStateSettings): string | undefined {
  const flags: Record<keyof RotationStateSettings, string> = {
    since: '--since',
    until: '--until',
    quietPeriodMs: '--quiet-period',
    tokens: 'the tokens (--old-*, --new-*)',
    tz: '--tz',
    inputFormat: '--input-format',
    archives: 'the --archive-max-* limits',
  };
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof RotationStateSettings>) {
    if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) return flags[key];
  }
  return undefined;
}

export function mergeRotationStates(a: RotationState, b: RotationState): RotationState {
  return { ...a, shards: unitedShards(a.shards, b.shards), inputs: byPath([...a.inputs, ...b.inputs]), issues: byPath([...a.issues, ...b.issues]), tracker: mergeTrackers(a.tracker, b.tracker) };
}
