// The contract every detector implements: a lint-rule-shaped module with its id, severity,
// examples that the meta-test runs, and create(ctx) returning the stream handlers.
import type { Severity } from '../severity.js';
import type { EventKind, GatewayEvent } from '../parsers/parser.js';
import type { TokenRef } from '../token.js';
import type { InputCoverage } from '../pipeline/coverage.js';
import type { Locate } from '../envelopes/envelope.js';
import type { Finding, LocatedFinding, Location } from './finding.js';
import type { ScanTriggers } from '../prefilter/triggers.js';

export interface DetectorMeta {
  /** Same string as the file name, the fixture folder and the README anchor. */
  id: string;
  severity: Severity;
  description: string;
}

/** A gateway event as detectors see it: where it came from and which known token it used. */
export interface AuditEvent extends GatewayEvent {
  location: Location;
  /** The known token this event was authenticated with (fingerprint field or raw credential). */
  token?: TokenRef;
  /** The token was recognised only by its OpenClaw mask (first 6 + last 4 characters). */
  viaMask?: boolean;
  /**
   * The decoded line of an event that used a known token: the query string and response size of
   * a use are read from it only when the use is kept or written (request-extras.ts), never per event.
   */
  text?: string;
  /**
   * Where `text` is made from when the line was read from its bytes and nothing needed its text
   * while it was handled (issue 8): answers only while the event is handled (uses.ts lineOf).
   */
  lineBytes?: LineSource;
}

/** A decoded line's text, made when asked (pipeline/line-bytes.ts). */
export interface LineSource {
  /** The text of the line `event` was made from; throws once that line's handling is over. */
  textFor(event: AuditEvent): string;
}

export interface AuditWindow {
  /** Inclusive; undefined = from the earliest event read. */
  since?: number;
  /** Exclusive. */
  until: number;
}

export interface AuditContext {
  window: AuditWindow;
  /** Agents and device ids known before the audit (`--known-agents`, `--agents-dir`). */
  knownAgents: ReadonlySet<string>;
  authFailureThreshold: number;
  /** Gaps in log coverage shorter than this are not reported (rotated files meet within seconds). */
  coverageToleranceMs: number;
  /**
   * `--evidence`: told of every event as it is counted toward a finding that lists uses (the
   * finding's rule and id), so the whole list can be streamed while only USES_CAP are kept.
   */
  onUse?: UseSink;
}

export type UseSink = (rule: string, findingId: string, event: AuditEvent) => void;

/** What a detector is created with: the audit settings plus the tokens events are attributed to. */
export interface DetectorContext extends AuditContext {
  /**
   * Every token given (fingerprints only), from the same TokenMatcher that sets `AuditEvent.token`.
   * With several, a finding's message names its token; with one, "the exposed token" says it all.
   */
  tokens: readonly TokenRef[];
}

export interface AuditEnd {
  /** The window with `since` resolved (earliest event when not given). */
  since: number;
  until: number;
  coverage: readonly InputCoverage[];
}

/**
 * What a memory bound left out or approximated, or what could not be placed in time. Never silent:
 * the report carries each (JSON `limits`, a line in table and Markdown) and stderr says it.
 */
export interface Limit {
  /** The rule that hit the bound, or `window` for the window itself. */
  scope: string;
  kind: 'dropped' | 'approximated' | 'unplaced';
  /** How many items (candidates, sources, findings, uses) it concerns. */
  count: number;
  message: string;
}

export interface AuditRun<S = unknown> {
  onEvent(event: AuditEvent): void;
  /**
   * Everything the rule's findings need, as plain JSON data whose keys are digests of what they
   * stand for (bounded-counts.ts digestOf): what `--emit-state` writes (redacted) and
   * `clawprint merge` merges (docs/product.md §4). One audit is the state of one shard, finished.
   * `full: false` (no state file is written): a rule may leave out what its own findings can never
   * read (sources under a threshold), as long as `finish` gives the same findings.
   */
  state(full: boolean): S;
}

/** What a rule's findings are made with once every input is read (or every shard's state merged). */
export interface FinishContext {
  window: AuditWindow;
  /** Digests (digestOf) of `--known-agents` and `--agents-dir` ids: a state file never holds the names. */
  known: ReadonlySet<string>;
  authFailureThreshold: number;
  coverageToleranceMs: number;
  tokens: readonly TokenRef[];
}

export interface Finished {
  findings: Finding[];
  /** Bounds the rule hit. */
  limits: Limit[];
}

/**
 * Examples: the `match` lines, read together as one gateway log, must yield at least one finding
 * of this rule; the `noMatch` lines together none. They run through the real pipeline with
 * EXAMPLE_CONTEXT (test/detectors/audit-registry.test.ts).
 */
export interface AuditDetector<S = unknown> {
  meta: DetectorMeta;
  /**
   * The event kinds its `onEvent` reads; the audit calls it for those only (a token use reaches 3
   * of the 9 rules: issue 8, every decoded line is an event). An event of another kind must leave
   * its state unchanged (test/detectors/event-kinds.test.ts feeds it every other kind).
   */
  reads: readonly EventKind[];
  examples: { match: readonly string[]; noMatch: readonly string[] };
  create(ctx: DetectorContext): AuditRun<S>;
  /** Two states as one; associative and commutative, so any split of the inputs into shards gives the same findings. */
  merge(a: S, b: S, ctx: FinishContext): S;
  finish(state: S, ctx: FinishContext, end: AuditEnd): Finished;
}

/** One payload line as scan detectors see it (envelope removed, original position kept). */
export interface ScanLine {
  text: string;
  path: string;
  /** 1-based line in the file where the payload starts. */
  line: number;
  /** 0-based offset of `text` inside that raw line; add it to a match index for the column. */
  column: number;
  /** Set when `text` is not a verbatim slice of the line (envelopes): where `text[index]` is in the file. */
  locate?: Locate;
  /** Envelope or file kind the line came through (`none`, `docker-json`, `github-actions`, …). */
  context: string;
  /**
   * The scan's prefilter chose this line, so the lines around it may not have been given: state
   * that spans lines (YAML indentation, JSON nesting) is unknown here. Absent: every line is given.
   */
  sparse?: boolean;
}

export interface ScanContext {
  /** The exposed token(s) from `--token-*` / `--fingerprint`; may be empty. */
  tokens: import('../token.js').TokenMatcher;
  /** Display path of the file being scanned (detectors use it to know YAML/JSON/.env/unit/plist). */
  path: string;
}

/** Created once per file, so a detector can track state such as YAML indentation. */
export interface ScanRun {
  /** What the line gives (NO_FINDINGS, shared, for the common nothing). */
  onLine(line: ScanLine): readonly LocatedFinding[];
  /**
   * Whether the run is at rest: a line its detector calls quiet (ScanDetector.quiet) would give
   * nothing and leave its state as it is. Absent: a run with no state across lines, always at rest.
   */
  resting?(): boolean;
}

/** Examples are single lines scanned as a file named `example.txt` unless they start with `path:`. */
export interface ScanDetector {
  meta: DetectorMeta;
  examples: { match: readonly string[]; noMatch: readonly string[] };
  /**
   * What a line must hold for this rule to report on it, or to keep its state: the scan's
   * prefilter derives its needles from every rule's (prefilter/triggers.ts) and decodes no other
   * line of a file without cross-line structure. A rule that leaves one out misses those lines.
   */
  triggers: ScanTriggers;
  create(ctx: ScanContext): ScanRun;
  /**
   * True when `text`, given to a run of this detector that is at rest (ScanRun.resting), gives no
   * finding and leaves the run at rest, unchanged. It must depend on the text, the file kind
   * (ctx.path) and the tokens only: the scan decides a line that repeats (a CI step's echoed
   * command in every log) once, and leaves out its next copies while every run rests
   * (pipeline/file-scan.ts). Absent: never, and no line is left out for that reason.
   */
  quiet?(text: string, ctx: ScanContext): boolean;
}

/** What check-config's rules know about a file besides its settings (the command gathers it). */
export interface ConfigFileFacts {
  /** Permission bits (`stat.mode & 0o777`), when the file could be stat'ed. */
  mode?: number;
  /** In a git work tree: tracked, and whether any ignore rule covers it. Absent outside one. */
  git?: { tracked: boolean; ignored: boolean };
}

export interface ConfigContext {
  facts(path: string): ConfigFileFacts;
  /** The environment a file belongs to (path words or `--environment`). */
  environmentOf(path: string): string;
  /** How old a line is: its last commit (git blame) or, outside git or uncommitted, the file's mtime. */
  lineAge(path: string, line: number): { ms: number; from: 'git' | 'mtime' } | undefined;
  maxRotationAgeMs: number;
}

/**
 * A config rule example: files (path → text) read through the real readers; `facts` overrides
 * the defaults of the meta-test (mode 0600, not in git, age 0).
 */
export interface ConfigExample {
  files: Record<string, string>;
  facts?: ConfigFileFacts & { ageHours?: number };
}

export interface ConfigDetector {
  meta: DetectorMeta;
  examples: { match: readonly ConfigExample[]; noMatch: readonly ConfigExample[] };
  check(settings: readonly import('../configs/config-file.js').ConfigSetting[], ctx: ConfigContext): Finding[];
}
