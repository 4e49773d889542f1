// One input's scan (scan-run.ts reads the inputs and hands each one's blocks here): the rules'
// runs for the file, the prefilter's marks per block, the envelope decoder for framed logs, and
// the lines given to the rules (docs/product.md §5, §10).
import { isAscii } from 'node:buffer';
import type { ScanContext, ScanDetector, ScanLine, ScanRun } from '../detectors/detector.js';
import type { LocatedFinding } from '../detectors/finding.js';
import { analyzerFor, type LineAnalyzer } from '../values/candidates.js';
import { fileKindOf } from '../values/literal-values.js';
import type { Envelope, EnvelopeDecoder, Locate, PayloadLine } from '../envelopes/envelope.js';
import type { Block } from '../sources/blocks.js';
import type { Input } from '../sources/input.js';
import { NO_TIMES_CONTEXT } from '../time.js';
import type { TokenMatcher } from '../token.js';
import { coverageHooks, type InputCoverage, newCoverage } from './coverage.js';
import { forEachBlockLine, nonEmptyLines } from './lines.js';
import { type QuietKeys, type RepeatedLines, repeatedLines } from './repeated-lines.js';
import { quietRunOf } from './run-only-lines.js';
import { RunsAtRest } from './runs-at-rest.js';
import { withStructureLines } from './structure-lines.js';
import type { LineMarker, QuietRun } from '../prefilter/line-marker.js';
import type { Prefilter } from '../prefilter/scan-markers.js';

/** What a file's scan needs of the run's options (scan-run.ts ScanRunOptions). */
export interface FileScanOptions {
  detectors: readonly ScanDetector[];
  tokens: TokenMatcher;
  /** Called with bytes read so far in the current input (progress). */
  onBytes?: (bytes: number) => void;
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
export class FileScan {
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
  private pendingTools: { prefilter: Prefilter; quietKeys: QuietKeys; envelope: Envelope } | undefined;

  constructor(input: Input, envelope: Envelope, options: FileScanOptions, prefilter: Prefilter | undefined, quietKeys: QuietKeys) {
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
      if (prefilter !== undefined) this.pendingTools = { prefilter, quietKeys, envelope };
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
    // (pendingTools is set only with a prefilter, so the marker is there.)
    this.repeats = repeatedLines(tools.envelope, this.detectors, this.ctx, this.atRest, undefined, tools.quietKeys, this.cov);
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
