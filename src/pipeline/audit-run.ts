// The audit as one streaming pass: every input read once, every event handed to every detector,
// findings collected at the end. No process access here: commands/audit.ts owns I/O.
import type { Readable } from 'node:stream';
import { digestOf } from '../detectors/bounded-counts.js';
import type { AuditContext, AuditDetector, AuditEvent, AuditRun, FinishContext, Limit } from '../detectors/detector.js';
import type { EventKind } from '../parsers/parser.js';
import { compareFindings, type Finding } from '../detectors/finding.js';
import { coversTime } from '../detectors/log-coverage-gap.js';
import { Redactor } from '../detectors/redact-finding.js';
import { type ArchiveLimits, DEFAULT_LIMITS } from '../sources/archive-limits.js';
import type { Input, InputIssue } from '../sources/input.js';
import { openInput } from '../sources/open-input.js';
import type { TimeContext } from '../time.js';
import { type PerInputSettings, settingsFor } from './per-input.js';
import type { TokenMatcher } from '../token.js';
import { archiveReading } from './archive-reading.js';
import type { InputCoverage } from './coverage.js';
import type { ForcedFormat } from './format.js';
import type { TrustedProxies } from './forwarded.js';
import { readEvents } from './read-events.js';

export interface AuditRunOptions {
  detectors: readonly AuditDetector[];
  context: AuditContext;
  time: TimeContext;
  forced: ForcedFormat;
  /** `PATH=…` rules of `--input-format` and `--tz`: their own format and zone for some inputs. */
  perInput?: PerInputSettings;
  tokens: TokenMatcher;
  trustedProxies?: TrustedProxies;
  stdin?: Readable;
  /** Archives are read entry by entry within these limits (default DEFAULT_LIMITS); the audit reads every file it is given. */
  archives?: ArchiveLimits;
  /** Called for each input as it is read: a file, or an entry of an archive. */
  onInput?: (input: Input) => void;
  onBytes?: (bytes: number) => void;
  /** More strings that make a line worth decoding (see ReadEventsOptions). */
  extraNeedles?: readonly string[];
  /** See ReadEventsOptions.onPrefilterFallback. */
  onPrefilterFallback?: (reason: string) => void;
  /** Keep all of each rule's state (a state file is written), not only what its findings read. */
  fullState?: boolean;
  /** Every event, after the detectors (rotation follows the same events without audit rules). */
  onEvent?: (event: AuditEvent) => void;
  /** Called once every input is read, before the rules' states are made. */
  onRead?: () => void;
  /**
   * The Redactor to use (default: a new one for `tokens`): the audit gives the one its report uses,
   * so that a string met again in the findings is looked up, not redacted a second time.
   */
  redactor?: Redactor;
}

export interface AuditResult {
  since: number;
  until: number;
  coverage: InputCoverage[];
  findings: Finding[];
  /** Every issue: those of the coverage rows, then `archiveIssues`. */
  issues: InputIssue[];
  /** Bounds the detectors hit, and a window no time could place. */
  limits: Limit[];
  /** About archives as a whole (a limit reached, damage): tied to no coverage row. */
  archiveIssues: InputIssue[];
  /** Each rule's state by rule id, redacted: what `--emit-state` writes (pipeline/audit-state.ts). */
  rules: Record<string, unknown>;
}

/** What reading the inputs leaves: coverage and issues, and each rule's state (all redacted). */
export interface AuditReading {
  /** In path order (compareCoverage), whatever the order the inputs were named or read in. */
  coverage: InputCoverage[];
  archiveIssues: InputIssue[];
  rules: Record<string, unknown>;
}

/** Path order, folder by folder as a directory walk lists files (`a/x` before `a-b/x`). */
export function comparePaths(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  return x.length - y.length;
}

export async function runAudit(inputs: readonly Input[], options: AuditRunOptions): Promise<AuditResult> {
  const reading = await readAudit(inputs, options);
  const known = new Set([...options.context.knownAgents].map(digestOf));
  const { window, authFailureThreshold, coverageToleranceMs } = options.context;
  const ctx: FinishContext = { window, known, authFailureThreshold, coverageToleranceMs, tokens: options.tokens.tokens };
  return finishAudit(reading, options.detectors, ctx, options.redactor ?? new Redactor(options.tokens));
}

/** Reads every input once; returns the coverage and each rule's state, redacted. */
export async function readAudit(inputs: readonly Input[], options: AuditRunOptions): Promise<AuditReading> {
  const context = { ...options.context, tokens: options.tokens.tokens };
  const runs = options.detectors.map((d) => [d.meta.id, d.create(context)] as const);
  const coverage: InputCoverage[] = [];
  const archiveIssues: InputIssue[] = [];
  const readOptions = {
    time: options.time,
    forced: options.forced,
    tokens: options.tokens,
    ...(options.extraNeedles ? { extraNeedles: options.extraNeedles } : {}),
    ...(options.onPrefilterFallback ? { onPrefilterFallback: options.onPrefilterFallback } : {}),
    ...(options.onBytes ? { onBytes: options.onBytes } : {}),
    ...(options.trustedProxies ? { trustedProxies: options.trustedProxies } : {}),
  };
  const archives = archiveReading(options.archives ?? DEFAULT_LIMITS, options.tokens);
  // Every decoded line's event passes here (issue 8: 1.5 million on the leak-30 bench variant),
  // and reaches only the rules that read its kind.
  const byKind = new Map<EventKind, AuditRun[]>();
  options.detectors.forEach((d, i) => {
    for (const kind of d.reads) byKind.set(kind, [...(byKind.get(kind) ?? []), runs[i]![1]]);
  });
  const none: AuditRun[] = [];
  const after = options.onEvent;
  // Runs of events share their kind (a constant string): compared, not looked up, line after line.
  let lastKind: EventKind | undefined;
  let lastHandlers = none;
  const onEvent = (event: AuditEvent): void => {
    if (event.kind !== lastKind) {
      lastKind = event.kind;
      lastHandlers = byKind.get(lastKind) ?? none;
    }
    const handlers = lastHandlers;
    for (let i = 0; i < handlers.length; i++) handlers[i]!.onEvent(event);
    after?.(event);
  };
  // Every string from an input is redacted as it enters a finding, an issue, a coverage row or a
  // rule's state (a file, or an archive member, can be named after the token): here once, so that
  // no detector or reader can forget it.
  const redact = options.redactor ?? new Redactor(options.tokens);
  for (const input of inputs) {
    const reading = openInput(input, { archives, ...(options.stdin ? { stdin: options.stdin } : {}) });
    for await (const entry of reading.entries) {
      // Matched on the path as given (before redaction: a rule names the path, not its shown form).
      const own = options.perInput !== undefined && options.perInput.rules.length > 0 ? settingsFor(entry.input, options.perInput) : undefined;
      const opened = { ...entry, input: redact.input(entry.input) };
      options.onInput?.(opened.input);
      const inputOptions = own === undefined ? readOptions : { ...readOptions, forced: own.forced, time: { ...readOptions.time, zone: own.zone } };
      coverage.push(redact.coverage(await readEvents(opened, inputOptions, onEvent)));
    }
    archiveIssues.push(...reading.issues.map((i) => redact.issue(i)));
  }
  options.onRead?.();
  const rules: Record<string, unknown> = {};
  for (const [id, run] of runs) rules[id] = redact.state(run.state(options.fullState === true));
  return { coverage: coverage.sort((a, b) => comparePaths(a.path, b.path)), archiveIssues, rules };
}

/**
 * The findings from what was read: one audit's reading, or the merged states of shards (`clawprint
 * merge`) — the same code, so both print the same report.
 */
export function finishAudit(reading: AuditReading, detectors: readonly AuditDetector[], ctx: FinishContext, redact: Redactor): AuditResult {
  const { coverage, archiveIssues } = reading;
  const firstSeen = coverage.reduce<number | undefined>((min, c) => (coversTime(c) && c.first !== undefined && (min === undefined || c.first < min) ? c.first : min), undefined);
  const until = ctx.window.until;
  const since = ctx.window.since ?? Math.min(firstSeen ?? until, until);
  const end = { since, until, coverage };
  const findings: Finding[] = [];
  const limits: Limit[] = [];
  for (const detector of detectors) {
    const done = detector.finish(reading.rules[detector.meta.id], ctx, end);
    findings.push(...done.findings.map((f) => redact.finding(f)));
    limits.push(...done.limits);
  }
  findings.sort(compareFindings);
  if (ctx.window.since === undefined && firstSeen === undefined && coverage.some((c) => c.lines > 0)) limits.unshift(unplacedWindow(findings.length));
  return { since, until, coverage, findings, issues: [...coverage.flatMap((c) => c.issues), ...archiveIssues], limits, archiveIssues, rules: reading.rules };
}

/**
 * No --since and no readable time in any input: the window's start defaults to its end, an empty
 * window. Its uses are still reported (a use without a time cannot be placed outside the window),
 * but the report must say that the audit could not place anything in time.
 */
function unplacedWindow(findings: number): Limit {
  return {
    scope: 'window',
    kind: 'unplaced',
    count: findings,
    message: 'no input has a readable time and no --since was given: the window could not be placed in time, so every event was kept as if inside it (give --since, and --tz or --input-format if the times are there)',
  };
}
