import type { ConfigFileKind } from '../configs/config-file.js';
import type { EnvelopeId } from '../envelopes/envelope.js';
import type { ParserId } from '../parsers/parser.js';
import { redactSecrets } from '../detectors/redact-finding.js';
import type { Block } from '../sources/blocks.js';
import { type InputIssue, isIncomplete } from '../sources/input.js';
import type { TimeContext } from '../time.js';

/** What one input contributed, and how much of it could be read (docs/product.md §4 coverage section). */
export interface InputCoverage {
  path: string;
  envelope: EnvelopeId;
  /** How the payload was parsed: a log format, or (check-config) the kind of config file. */
  format: ParserId | ConfigFileKind;
  gzip: boolean;
  /** Bytes after decompression. */
  bytes: number;
  lines: number;
  /** Lines decoded because they could matter (hit a needle, or looked malformed). */
  examined: number;
  events: number;
  /**
   * Examined lines the parser did not recognise. Only examined lines are parsed (the fast path
   * leaves out lines no needle hits), so this counts the lines that could have mattered.
   */
  unparsed: number;
  /** The first unparsed lines (secrets redacted at birth), for --verbose. */
  unparsedLines?: Array<{ line: number; text: string }>;
  /** Examined lines with a time of day but no date to place it on (`--date` gives one). */
  undated?: number;
  /** Syslog times read with a year that is a guess (`--year` or the file's mtime), and that year. */
  yearGuess?: { year: number; from: 'flag' | 'mtime' };
  /** Examined lines whose time field held no readable time (absent when none). */
  unreadableTimes?: number;
  first?: number;
  last?: number;
  issues: InputIssue[];
}

export function isComplete(c: InputCoverage): boolean {
  return !c.issues.some((i) => isIncomplete(i.kind));
}

export function newCoverage(path: string, envelope: EnvelopeId, format: ParserId | ConfigFileKind): InputCoverage {
  return { path, envelope, format, gzip: false, bytes: 0, lines: 0, examined: 0, events: 0, unparsed: 0, issues: [] };
}

/** Lines with an unreadable time kept as issues per input; the rest are only counted (constant memory). */
export const TIME_ISSUES_KEPT = 5;

/** A line whose time field held no readable time: counted, and the first few kept with their line. */
export function noteUnreadableTime(cov: InputCoverage, line: number): void {
  cov.unreadableTimes = (cov.unreadableTimes ?? 0) + 1;
  if (cov.unreadableTimes <= TIME_ISSUES_KEPT) {
    cov.issues.push({ path: cov.path, kind: 'timestamp', line, message: 'the time field holds no date and time clawprint can read; the line is not placed in time' });
  }
}

/** What every reader reports while it reads: bytes (and progress) per block, over-long lines. */
export function coverageHooks(cov: InputCoverage, onBytes: ((bytes: number) => void) | undefined, verb: 'read' | 'scanned') {
  return {
    onLong(line: number): void {
      // The scan reads such a line whole, in pieces (blocks.ts keepRest); the audit its first MiB.
      const message = verb === 'scanned' ? `line ${line} is longer than 1 MiB; it was scanned in overlapping 1 MiB pieces` : `line ${line} is longer than 1 MiB; only its first 1 MiB was ${verb}`;
      cov.issues.push({ path: cov.path, kind: 'long-line', line, message });
    },
    countBytes(block: Block): void {
      cov.bytes += block.newlineAdded === true ? block.buf.length - 1 : block.buf.length;
      onBytes?.(cov.bytes);
    },
  };
}

/** Unparsed lines kept per input for --verbose; the rest are only counted. */
export const UNPARSED_LINES_KEPT = 10;
const UNPARSED_CHARS_KEPT = 300;

/** A line the parser did not recognise: counted, and the first few kept, redacted, then cut. */
export function noteUnparsed(cov: InputCoverage, line: number, text: string, redactToken: (text: string) => string): void {
  cov.unparsed++;
  if (cov.unparsed > UNPARSED_LINES_KEPT) return;
  const redacted = redactToken(redactSecrets(text));
  (cov.unparsedLines ??= []).push({ line, text: redacted.length > UNPARSED_CHARS_KEPT ? `${redacted.slice(0, UNPARSED_CHARS_KEPT)}…` : redacted });
}

/** Syslog times took their year from --year or the mtime: the coverage says so. */
export function noteYearGuess(cov: InputCoverage, time: TimeContext): void {
  const guessed = time.syslog?.guessed ?? 0;
  if (guessed === 0 || time.year === undefined) return;
  const year = time.syslog?.firstYear ?? time.year;
  const from = time.yearSource ?? 'flag';
  cov.yearGuess = { year, from };
}
