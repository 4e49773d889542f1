// The leak scan as one streaming pass per input (docs/product.md §5): bytes → lines → envelope decoder →
// payload lines → a fresh run of every scan detector per file. No process access here:
// commands/scan.ts owns I/O.
import { isAscii } from 'node:buffer';
import type { Readable } from 'node:stream';
import type { ScanContext, ScanDetector, ScanLine, ScanRun } from '../detectors/detector.js';
import { compareFindings, type LocatedFinding } from '../detectors/finding.js';
import { Redactor } from '../detectors/redact-finding.js';
import { analyzerFor, type LineAnalyzer } from '../values/candidates.js';
import { fileKindOf } from '../values/literal-values.js';
import { numberOccurrences } from '../detectors/secret-info.js';
import type { Envelope, EnvelopeDecoder, Locate, PayloadLine } from '../envelopes/envelope.js';
import { ENVELOPES } from '../envelopes/index.js';
import { sampleMayBeFramed } from '../envelopes/framed-bytes.js';
import { PARSERS } from '../parsers/index.js';
import { type Block, MAX_LINE_BYTES, readBlocks } from '../sources/blocks.js';
import { type ArchiveLimits, DEFAULT_LIMITS } from '../sources/archive-limits.js';
import { type ByteStream, readSmallFile, type SmallFile } from '../sources/bytes.js';
import type { Input, InputIssue } from '../sources/input.js';
import { openBytes, openInput } from '../sources/open-input.js';
import { NO_TIMES_CONTEXT, UTC_CONTEXT } from '../time.js';
import type { TokenMatcher } from '../token.js';
import { archiveReading } from './archive-reading.js';
import { coverageHooks, type InputCoverage, newCoverage } from './coverage.js';
import { detectFormat, type ForcedFormat, SAMPLE_LINES } from './format.js';
import { forEachBlockLine, nonEmptyLines, takeSample, wholeInput } from './lines.js';
import { QuietKeys, type RepeatedLines, repeatedLines } from './repeated-lines.js';
import { quietRunOf } from './run-only-lines.js';
import { RunsAtRest } from './runs-at-rest.js';
import { withStructureLines } from './structure-lines.js';
import type { LineMarker, QuietRun } from '../prefilter/line-marker.js';
import { Prefilter } from '../prefilter/scan-markers.js';
import { mergeTriggers } from '../prefilter/triggers.js';

/** One thing to scan: a file, stdin, or a stream such as a staged blob. */
export interface ScanSource {
  input: Input;
  /** Read this stream instead of `input.absolutePath` (staged blobs). */
  open?: () => Readable;
  /** Report only findings that start on these 1-based lines (`--staged`: lines the change adds). */
  reportLine?: (line: number) => boolean;
}

export interface ScanRunOptions {
  detectors: readonly ScanDetector[];
  tokens: TokenMatcher;
  forced: ForcedFormat;
  stdin?: Readable;
  onInput?: (input: Input) => void;
  /** Called with bytes read so far in the current input (progress). */
  onBytes?: (bytes: number) => void;
  /** false: give every line to the rules (tests compare both ways). */
  prefilter?: boolean;
  /** Limits for reading archives (default DEFAULT_LIMITS). */
  archives?: ArchiveLimits;
  /** Read archives found by walking a directory too (`--archives`); named ones always are. */
  walkedArchives?: boolean;
}

export interface ScanResult {
  coverage: InputCoverage[];
  findings: LocatedFinding[];
  /** Every issue: those of the coverage rows, then `archiveIssues`. */
  issues: InputIssue[];
  /** About archives as a whole (a limit reached, damage): tied to no coverage row. */
  archiveIssues: InputIssue[];
  /** Why the prefilter searched without its SIMD pass (too many needles, no SIMD): `--verbose` says it. */
  prefilterFallbacks: string[];
}

export async function runScan(sources: readonly ScanSource[], options: ScanRunOptions): Promise<ScanResult> {
  const coverage: InputCoverage[] = [];
  const findings: LocatedFinding[] = [];
  const archiveIssues: InputIssue[] = [];
  const prefilter = options.prefilter === false ? undefined : new Prefilter(mergeTriggers(options.detectors.map((d) => d.triggers)), options.tokens);
  // Every string from an input is redacted as it enters a finding, an issue or a coverage row: a
  // file can be named after the token, and its path is in all three. Scan findings copy no file
  // text, so they are redacted as names (their messages are the rules' own words).
  const redact = new Redactor(options.tokens);
  const onFinding = (f: LocatedFinding): void => void findings.push(redact.finding(f, true) as LocatedFinding);
  // Repeated lines of framed logs decided quiet, shared by the files of the run (repeated-lines.ts).
  const quietKeys = new QuietKeys();
  const archives = archiveReading(options.archives ?? DEFAULT_LIMITS, options.tokens);
  for (const given of sources) {
    const input = redact.input(given.input);
    const source = input === given.input ? given : { ...given, input };
    // A small plain file is read in one synchronous call and scanned without an await; anything else streams
    // (a larger plain file from where readSmallFile left it). Staged blobs are read as they are (an archive is skipped as binary).
    const read = source.open === undefined ? readSmallFile(input) : undefined;
    const whole = read !== undefined && 'buf' in read ? read : undefined;
    if (whole !== undefined || source.open !== undefined) {
      options.onInput?.(input);
      // A file read whole is scanned without an await (a microtask and an async resume per file).
      const cov =
        whole !== undefined
          ? scanWhole(source, whole, options, onFinding, prefilter, quietKeys)
          : await scanStream(source, openBytes(input, source.open!(), 'staged archives are not read'), options, onFinding, prefilter, quietKeys);
      coverage.push(redact.coverage(cov));
      continue;
    }
    // An archive found by walking a directory is read only with --archives: a repository's
    // vendored zips would slow every pre-commit run. One named on the command line always is.
    const readArchives = input.walked !== true || options.walkedArchives === true;
    const reading = openInput(input, {
      ...(options.stdin ? { stdin: options.stdin } : {}),
      ...(read !== undefined && 'fd' in read ? { started: read } : {}),
      ...(readArchives ? { archives } : {}),
      skipArchive: (what) => `${what} found in a directory walk; not read (--archives reads it)`,
    });
    for await (const opened of reading.entries) {
      const shown = redact.input(opened.input);
      options.onInput?.(shown);
      coverage.push(redact.coverage(await scanStream({ input: shown }, opened.bytes, options, onFinding, prefilter, quietKeys)));
    }
    archiveIssues.push(...reading.issues.map((i) => redact.issue(i)));
  }
  return {
    coverage,
    findings: findings.sort(compareFindings),
    issues: [...coverage.flatMap((c) => c.issues), ...archiveIssues],
    archiveIssues,
    prefilterFallbacks: prefilter?.fallbacks() ?? [],
  };
}

/**
 * The sample's line count for envelope detection: source code, YAML and JSON (by file name) are
 * never CI or container logs, and other files read whole are decoded for detection only when their
 * first lines' bytes could be framed at all (framed-bytes.ts): most are not. 0: no detection.
 */
function sampleLinesOf(input: Input, options: ScanRunOptions, whole: Buffer | undefined): number {
  const kind = fileKindOf(input.path);
  const unframed =
    options.forced.envelope === undefined && (kind === 'code' || kind === 'yaml' || kind === 'json' || (whole !== undefined && !sampleMayBeFramed(whole, SAMPLE_LINES)));
  return unframed ? 0 : SAMPLE_LINES;
}

/** Scan needs only the envelope: every payload line goes to the detectors whatever its format. */
const envelopeOf = (sample: string[], sampleLines: number, options: ScanRunOptions): Envelope =>
  sampleLines === 0 ? ENVELOPES.none : detectFormat(sample, { ...options.forced, parser: PARSERS.plain }, UTC_CONTEXT).envelope;

/** Scans a file read whole (readSmallFile), synchronously; every finding goes to `onFinding`. Returns its coverage row. */
function scanWhole(
  source: ScanSource,
  whole: SmallFile,
  options: ScanRunOptions,
  onFinding: (finding: LocatedFinding) => void,
  prefilter: Prefilter | undefined,
  quietKeys: QuietKeys,
): InputCoverage {
  const sampleLines = sampleLinesOf(source.input, options, whole.buf);
  const { sample, blocks } = wholeInput(whole.buf, sampleLines);
  const scan = new FileScan(source.input, envelopeOf(sample, sampleLines, options), options, prefilter, quietKeys);
  for (const block of blocks) scan.block(block);
  return finishScan(source, scan, onFinding, false, whole.issues);
}

/** Scans an input's byte stream to the end; every finding goes to `onFinding`. Returns the input's coverage row. */
async function scanStream(
  source: ScanSource,
  bytes: ByteStream,
  options: ScanRunOptions,
  onFinding: (finding: LocatedFinding) => void,
  prefilter: Prefilter | undefined,
  quietKeys: QuietKeys,
): Promise<InputCoverage> {
  const sampleLines = sampleLinesOf(source.input, options, undefined);
  const { sample, blocks } = await takeSample(readBlocks(bytes.chunks, MAX_LINE_BYTES, true), sampleLines);
  const scan = new FileScan(source.input, envelopeOf(sample, sampleLines, options), options, prefilter, quietKeys);
  for await (const block of blocks) scan.block(block);
  // Read once the stream has ended: gzip damage, binary content, read errors.
  return finishScan(source, scan, onFinding, bytes.gzip, bytes.issues);
}

/** Ends a file's scan: its findings (numbered, `--staged`'s lines only) to `onFinding`, its issues first in its coverage row. */
function finishScan(source: ScanSource, scan: FileScan, onFinding: (finding: LocatedFinding) => void, gzip: boolean, issues: InputIssue[]): InputCoverage {
  const cov = scan.end();
  const keep = source.reportLine;
  if (scan.found.length !== 0) for (const f of numberOccurrences(scan.found)) if (keep === undefined || keep(f.location.line)) onFinding(f);
  cov.gzip = gzip;
  if (issues.length !== 0) cov.issues.unshift(...issues);
  return cov;
}

/**
 * One input's scan, block by block (synchronous: the caller reads). Unframed files: file lines are payload lines, with no
 * decoder call or PayloadLine per line, and only the lines a block-level prefilter marks go to the rules, and the lines
 * that can start structure the rules follow across lines, with those after them while the rules follow it
 * (structure-lines.ts): in YAML and JSON, lines that name `gateway` (found by the same SIMD pass); in other files, lines
 * where `gateway` is a key, in blocks that hold a mapping key and the block after one (a config printed across the cut),
 * which are read as if whole (lines not sparse). Framed logs: raw lines go to the decoder, except where the envelope
 * allows the prefilter to leave lines out (Envelope.skippable): in a block with no gateway key, none after one, starting
 * while the decoder waits for no part of a split line; a line split into records (marked: LineMarker's completeLine) is
 * decoded with the lines after it until the decoder has it whole.
 */
class FileScan {
  readonly cov: InputCoverage;
  /**
   * Held to the end of the file: ids number repeated secrets in position order
   * (numberOccurrences), and joined records can emit a later line's payload first.
   */
  found: LocatedFinding[] = [];
  /** Made with the file's first line to the rules (most files give none), in place: atRest holds it. */
  private readonly runs: ScanRun[] = [];
  private created = false;
  private readonly atRest = new RunsAtRest(this.runs);
  private readonly ctx: ScanContext;
  private readonly detectors: readonly ScanDetector[];
  private readonly path: string;
  private readonly context: string;
  private readonly decoder: EnvelopeDecoder | undefined;
  private readonly marker: LineMarker | undefined;
  private readonly hooks: ReturnType<typeof coverageHooks>;
  /** The lines being fed were chosen by the prefilter (ScanLine.sparse). */
  private sparse = false;
  private afterKey = false;
  /** YAML and JSON: lines that name `gateway` and those after them are given too (structure-lines.ts). */
  private readonly structured: boolean = false;
  /** Unframed files: the rules' shared analysis (made with the runs), asked whether it follows structure across lines. */
  private structure: LineAnalyzer | undefined;
  /** Framed logs whose envelope keys its lines (Skippable.payloadKey), and unframed files: repeats are decided once. */
  private repeats: RepeatedLines | undefined;
  private readonly feed = (text: string, line: number, column: number, locate?: Locate): void => {
    if (text.length !== 0) {
      if (!this.created) this.createRuns();
      this.cov.examined++;
      const scanLine: ScanLine = { text, path: this.path, line, column, context: this.context, sparse: this.sparse };
      if (locate !== undefined) scanLine.locate = locate;
      // Indexed: for-of makes iterators in code V8 has not optimized (~20 MB of garbage on the YAML/JSON tree).
      for (let r = 0, runs = this.runs; r < runs.length; r++) for (let i = 0, found = runs[r]!.onLine(scanLine); i < found.length; i++) this.found.push(found[i]!);
      this.atRest.changed();
    }
    this.repeats?.fed(text);
  };
  private readonly emit = (p: PayloadLine): void => this.feed(p.text, p.line, p.column, p.locate);
  private readonly push = (text: string, line: number): void =>
    this.repeats === undefined ? this.decoder!.push(text, line, this.emit) : this.repeats.decode(text, line, this.emit);
  private readonly busy = (): boolean => !this.decoder!.idle!();
  private readonly give = (text: string, line: number): void => this.repeats!.give(text, line, this.feed);
  private readonly following = (): boolean => this.structure?.followingStructure === true;
  /** Unframed files: LineMarker's quietRun (ScanTriggers.runMatters), when every rule with a run declares it. */
  private quietRun: QuietRun | undefined;
  /**
   * Unframed files: what `repeats` and `quietRun` are made from, with the first block that marks a
   * line (most files mark none: 4,560 of node_modules' 4,805 give the rules nothing).
   */
  private pendingTools: { prefilter: Prefilter; quietKeys: QuietKeys; envelope: Envelope; options: ScanRunOptions } | undefined;

  constructor(input: Input, envelope: Envelope, options: ScanRunOptions, prefilter: Prefilter | undefined, quietKeys: QuietKeys) {
    this.path = input.path;
    this.context = envelope.id;
    this.cov = newCoverage(input.path, envelope.id, 'plain');
    // One context for all rules of the file: rules that analyse lines alike share the work (analyzerFor).
    const ctx = { tokens: options.tokens, path: input.path };
    this.ctx = ctx;
    this.detectors = options.detectors;
    this.hooks = coverageHooks(this.cov, options.onBytes, 'scanned');
    if (envelope.id === 'none') {
      const kind = fileKindOf(input.path);
      this.marker = prefilter?.marker();
      this.structured = kind === 'yaml' || kind === 'json';
      if (prefilter !== undefined) this.pendingTools = { prefilter, quietKeys, envelope, options };
    } else {
      this.decoder = envelope.createDecoder(NO_TIMES_CONTEXT);
      const skippable = envelope.skippable;
      this.marker = skippable === undefined || this.decoder.idle === undefined ? undefined : prefilter?.marker(skippable);
      this.repeats = this.marker === undefined ? undefined : repeatedLines(envelope, options.detectors, ctx, this.atRest, this.decoder, quietKeys, this.cov);
    }
    this.marker?.startFile();
  }

  private createRuns(): void {
    this.created = true;
    for (const d of this.detectors) this.runs.push(d.create(this.ctx));
    // Asked whether the trackers follow structure across lines (`following`).
    if (this.decoder === undefined) this.structure = analyzerFor(this.ctx);
  }

  /** Unframed files: makes `quietRun` and `repeats` (pendingTools), once. */
  private makeLineTools(): void {
    const tools = this.pendingTools!;
    this.pendingTools = undefined;
    this.quietRun = quietRunOf(tools.prefilter.triggers, this.atRest, this.cov);
    // Repeated source, YAML and JSON lines too (a compose file's `- OPENCLAW_GATEWAY_TOKEN=${…}`:
    // 14,482 of the YAML/JSON tree's 35,093 lines given); a lockfile's `integrity` lines, all
    // distinct, are left out before (quietRun) and never looked up.
    if (this.marker !== undefined) this.repeats = repeatedLines(tools.envelope, tools.options.detectors, this.ctx, this.atRest, undefined, tools.quietKeys, this.cov);
  }

  block(block: Block): void {
    if (block.rest !== undefined) return this.rest(block, block.rest);
    const { cov, marker, decoder } = this;
    this.hooks.countBytes(block);
    let marks = marker?.mark(block.buf);
    // A block with a mapping key, and the one after it (a config printed across the cut), is given
    // whole; unframed text is read as if whole (not sparse: the trackers keep their state) from its
    // marked lines, lines where `gateway` is a key and those after one while the rules follow, as
    // YAML and JSON always are (structure-lines.ts). A line left out counts as examined.
    const keyed = marks !== undefined && (marks.mappingKey || this.afterKey);
    const dense = keyed && decoder === undefined && !this.structured;
    this.afterKey = marks?.mappingKey === true;
    if (marks !== undefined && (this.structured || dense)) marks = withStructureLines(marks, this.following(), dense);
    this.sparse = marks !== undefined && !dense && (this.structured || (!keyed && (decoder === undefined || (!block.truncated && decoder.idle!()))));
    if (!this.sparse && !dense) {
      cov.lines = forEachBlockLine(block, cov.lines, decoder === undefined ? this.feed : this.push, this.hooks.onLong);
    } else if (decoder === undefined) {
      // A line is given only from a block that marks one (a line after a next-line key, a mask, a
      // decoder's continuation: each follows a marked line or an ellipsis).
      if (this.pendingTools !== undefined && (marks!.starts.length !== 0 || marks!.ellipsisStarts.length !== 0)) this.makeLineTools();
      const onLine = this.repeats === undefined ? this.feed : this.give;
      const examined = cov.examined + (dense ? nonEmptyLines(block.buf, cov.lines === 0) : 0);
      cov.lines = marker!.forEachMarkedLine(block, marks!, cov.lines, onLine, this.hooks.onLong, this.structured || dense ? this.following : undefined, this.repeats?.skip, this.quietRun);
      if (dense) cov.examined = examined;
    } else {
      // Lines that do not stand on their own are marked (LineMarker's completeLine); the lines after
      // one go to the decoder until it has the rest.
      cov.lines = marker!.forEachMarkedLine(block, marks!, cov.lines, this.push, this.hooks.onLong, this.busy, this.repeats?.skip);
    }
  }

  /**
   * A piece of a line over 1 MiB past its first MiB: a token there is a finding like any other.
   * Pieces go to the rules as they are (no envelope decoding, no prefilter), numbered with the
   * line and placed by their offset in it. A finding that starts in a piece was cut, or seen
   * without what follows it, at the end of the piece before (they overlap): it is found again
   * here, whole, and the earlier one is dropped.
   */
  private rest(block: Block, rest: { offset: number; overlap: number }): void {
    this.cov.bytes += block.buf.length - rest.overlap;
    const line = this.cov.lines;
    this.found = this.found.filter((f) => f.location.line !== line || (f.location.column ?? 0) <= rest.offset);
    this.sparse = false;
    this.feed(block.buf.toString(isAscii(block.buf) ? 'latin1' : 'utf8'), line, rest.offset);
  }

  /** End of input: flushes the decoder; returns the coverage row. */
  end(): InputCoverage {
    this.sparse = false;
    if (this.decoder !== undefined) {
      this.decoder.end(this.emit);
      // Only notes about missing log text matter to a leak scan; timestamp notes are the audit's.
      for (const note of this.decoder.notes) {
        if (note.incomplete) this.cov.issues.push({ path: this.path, kind: 'truncated-log', line: note.line, message: note.message });
      }
    }
    return this.cov;
  }
}
