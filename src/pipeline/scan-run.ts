// The leak scan as one streaming pass per input (docs/product.md §5): bytes → lines → envelope decoder →
// payload lines → a fresh run of every scan detector per file (file-scan.ts). No process access
// here: commands/scan.ts owns I/O.
import type { Readable } from 'node:stream';
import type { ScanDetector } from '../detectors/detector.js';
import { compareFindings, type LocatedFinding } from '../detectors/finding.js';
import { Redactor } from '../detectors/redact-finding.js';
import { fileKindOf } from '../values/literal-values.js';
import { numberOccurrences } from '../detectors/secret-info.js';
import type { Envelope } from '../envelopes/envelope.js';
import { ENVELOPES } from '../envelopes/index.js';
import { sampleMayBeFramed } from '../envelopes/framed-bytes.js';
import { PARSERS } from '../parsers/index.js';
import { MAX_LINE_BYTES, readBlocks } from '../sources/blocks.js';
import { type ArchiveLimits, DEFAULT_LIMITS } from '../sources/archive-limits.js';
import { type ByteStream, readSmallFile, type SmallFile } from '../sources/bytes.js';
import type { Input, InputIssue } from '../sources/input.js';
import { openBytes, openInput } from '../sources/open-input.js';
import { UTC_CONTEXT } from '../time.js';
import type { TokenMatcher } from '../token.js';
import { archiveReading } from './archive-reading.js';
import type { InputCoverage } from './coverage.js';
import { FileScan } from './file-scan.js';
import { detectFormat, type ForcedFormat, SAMPLE_LINES } from './format.js';
import { takeSample, wholeInput } from './lines.js';
import { QuietKeys } from './repeated-lines.js';
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
    // Read only by `--verbose`: asking compiles the SIMD kernel, which a small scan never needed.
    get prefilterFallbacks() {
      return prefilter?.fallbacks() ?? [];
    },
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
