// An audit's partial state (`--emit-state`, `clawprint merge`; docs/product.md §4 and README
// "Shards and clawprint merge"): what every rule needs to make its findings, with the settings
// that must agree across shards. One audit is the state of one shard, finished: both commands go
// through finishAuditState, so merging the states of any split of the inputs prints the report one
// audit over all of them prints.
import { randomUUID } from 'node:crypto';
import type { AuditDetector, FinishContext } from '../detectors/detector.js';
import type { Redactor } from '../detectors/redact-finding.js';
import type { ArchiveLimits } from '../sources/archive-limits.js';
import type { InputIssue } from '../sources/input.js';
import type { TokenRef } from '../token.js';
import { type AuditReading, type AuditResult, comparePaths, finishAudit } from './audit-run.js';
import type { InputCoverage } from './coverage.js';

export const STATE_FORMAT = 'clawprint-state';
/** Raised whenever the meaning of a field changes: a clawprint refuses a version it does not know. */
export const STATE_VERSION = 1;

/** What every shard must have been given alike; compared whole (JSON) when states merge. */
export interface AuditSettings {
  /** `--since`, epoch ms; absent: from the earliest time any shard read. */
  since?: number;
  /** `--until`, epoch ms. */
  until: number;
  /** Fingerprints only. */
  tokens: TokenRef[];
  /** Digests (digestOf) of the known agent and device ids, sorted. */
  known: string[];
  authFailureThreshold: number;
  gapToleranceSeconds: number;
  tz: string;
  year?: number;
  date?: string;
  inputFormat?: string;
  trustedProxies?: string[];
  archives: ArchiveLimits;
}

export interface AuditState {
  format: typeof STATE_FORMAT;
  version: typeof STATE_VERSION;
  command: 'audit';
  /** The clawprint that wrote it (informative: the version above decides what can be read). */
  tool: { name: 'clawprint'; version: string };
  /** One random id per `--emit-state` run, the union of them once merged: a shard counted twice is refused. */
  shards: string[];
  settings: AuditSettings;
  /** Per-input coverage, in path order. */
  inputs: InputCoverage[];
  /** Issues tied to no coverage row (an input not found, a directory loop, an archive limit), in path order. */
  issues: InputIssue[];
  /** Each rule's state by rule id (AuditRun.state), redacted. */
  rules: Record<string, unknown>;
}

/** Path order, then the row itself: two shards may name an input alike (`logs/gateway.log` on each host). */
export function byPath<T extends { path: string }>(rows: T[]): T[] {
  const text = (x: T): string => JSON.stringify(x);
  return rows.sort((a, b) => comparePaths(a.path, b.path) || (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0));
}

/**
 * One audit's state. `written`: it goes to a state file (`--emit-state`), so it gets its shard id;
 * a state only reported has none (randomUUID would load node:crypto for nothing: issue 8).
 */
export function auditState(settings: AuditSettings, reading: AuditReading, issues: readonly InputIssue[], version: string, written: boolean): AuditState {
  return {
    format: STATE_FORMAT,
    version: STATE_VERSION,
    command: 'audit',
    tool: { name: 'clawprint', version },
    shards: written ? [randomUUID()] : [],
    settings,
    inputs: byPath([...reading.coverage]),
    issues: byPath([...issues, ...reading.archiveIssues]),
    rules: reading.rules,
  };
}

export function finishContext(settings: AuditSettings): FinishContext {
  return {
    window: settings.since !== undefined ? { since: settings.since, until: settings.until } : { until: settings.until },
    known: new Set(settings.known),
    authFailureThreshold: settings.authFailureThreshold,
    coverageToleranceMs: settings.gapToleranceSeconds * 1000,
    tokens: settings.tokens,
  };
}

/** The first setting two states disagree on, as the flag that sets it; undefined when they agree. */
export function settingsDiffer(a: AuditSettings, b: AuditSettings): string | undefined {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof AuditSettings>;
  for (const key of keys) {
    if (JSON.stringify(a[key]) === JSON.stringify(b[key])) continue;
    return FLAG_OF[key];
  }
  return undefined;
}

const FLAG_OF: Record<keyof AuditSettings, string> = {
  since: '--since',
  until: '--until',
  tokens: 'the tokens (--fingerprint, --token-*)',
  known: '--known-agents/--agents-dir',
  authFailureThreshold: '--auth-failure-threshold',
  gapToleranceSeconds: '--gap-tolerance',
  tz: '--tz',
  year: '--year',
  date: '--date',
  inputFormat: '--input-format',
  trustedProxies: '--trusted-proxy',
  archives: 'the --archive-max-* limits',
};

/**
 * Two states of the same settings as one (the caller checked them): inputs and issues united in
 * path order, each rule's state merged by the rule. Associative and commutative, so states can be
 * merged in any grouping (`merge` of merged states).
 */
export function mergeAuditStates(a: AuditState, b: AuditState, detectors: readonly AuditDetector[]): AuditState {
  const ctx = finishContext(a.settings);
  const rules: Record<string, unknown> = {};
  for (const d of detectors) rules[d.meta.id] = d.merge(a.rules[d.meta.id], b.rules[d.meta.id], ctx);
  return { ...a, shards: unitedShards(a.shards, b.shards), inputs: byPath([...a.inputs, ...b.inputs]), issues: byPath([...a.issues, ...b.issues]), rules };
}

/** The shards of two states; undefined when one shard is in both (its events would count twice). */
export function unitedShards(a: readonly string[], b: readonly string[]): string[] {
  const seen = new Set(a);
  if (b.some((id) => seen.has(id))) throw new ShardTwiceError();
  return [...a, ...b].sort();
}

/** Thrown by a merge that would count a shard twice (`merge a.gz merged-from-a.gz`); merge.ts says which file. */
export class ShardTwiceError extends Error {
  override readonly name = 'ShardTwiceError';
}

/** The findings of a state: what `audit` and `merge` report. */
export function finishAuditState(state: AuditState, detectors: readonly AuditDetector[], redact: Redactor): AuditResult & { stateIssues: InputIssue[] } {
  const result = finishAudit({ coverage: state.inputs, archiveIssues: state.issues, rules: state.rules }, detectors, finishContext(state.settings), redact);
  return { ...result, stateIssues: state.issues };
}
