// What every reporting command shares: --format/--output/--fail-on/--display-tz, rendering, the
// last redaction pass, and the exit code (docs/product.md §9).
import { writeSync } from 'node:fs';
import type { Command } from 'commander';
import { Redactor } from '../detectors/redact-finding.js';
import { InputError, UsageError } from '../errors.js';
import { escapeTerminal } from '../escape.js';
import { FORMAT_IDS, type FormatId, REPORTERS, STREAMING_REPORTERS } from '../reporters/index.js';
import type { Report, ReportOptions } from '../reporters/reporter.js';
import { type FailOn, parseFailOn, reachesFailOn } from '../severity.js';
import { shownValue } from '../shown-value.js';
import { requireZone } from '../time-flags.js';
import { TokenMatcher } from '../token.js';
import { thousands } from '../thousands.js';
import { writeError, writeFileAtomically } from './output-file.js';

export interface OutputFlags {
  format: string;
  output?: string;
  failOn: string;
  displayTz?: string;
  verbose?: boolean;
}

export interface OutputSettings {
  format: FormatId;
  output?: string;
  failOn: FailOn;
  displayTz?: string;
  verbose: boolean;
}

/** `times: false` for a command whose report holds no time (scan): no --display-tz that would do nothing. */
export function addOutputOptions(cmd: Command, { times = true } = {}): Command {
  cmd
    .option('--format <format>', `output format: ${FORMAT_IDS.join(', ')}`, 'table')
    .option('--output <file>', 'write the report to <file> instead of stdout')
    .option('--fail-on <severity>', 'exit 1 when a finding is at or above: critical, high, medium, low, info, none', 'high');
  if (times) cmd.option('--display-tz <zone>', 'print times in this IANA zone instead of UTC');
  return cmd.option('--verbose', 'show every input issue and more detail');
}

export function parseOutputFlags(flags: OutputFlags): OutputSettings {
  if (!(FORMAT_IDS as readonly string[]).includes(flags.format)) {
    throw new UsageError(`--format must be one of ${FORMAT_IDS.join(', ')}: ${shownValue(flags.format)}`);
  }
  const failOn = parseFailOn(flags.failOn);
  if (failOn === undefined) throw new UsageError(`--fail-on must be critical, high, medium, low, info or none: ${shownValue(flags.failOn)}`);
  const settings: OutputSettings = { format: flags.format as FormatId, failOn, verbose: flags.verbose === true };
  if (flags.output !== undefined) settings.output = flags.output;
  if (flags.displayTz !== undefined) settings.displayTz = requireZone(flags.displayTz, '--display-tz');
  return settings;
}

/**
 * Formats that are drawn whole (table, Markdown, CSV, SARIF) list at most this many findings: a
 * million rows would not fit in one string. The report and stderr say how many were left out; json
 * and jsonl are written piece by piece and list every finding.
 */
export const MAX_DRAWN_FINDINGS = 100_000;

/** The report cut to `max` findings for a format drawn whole, with a limit that says what was left out. */
export function drawnWhole(report: Report, format: FormatId, max = MAX_DRAWN_FINDINGS): Report {
  const left = report.findings.length - max;
  if (left <= 0) return report;
  const message = `${thousands(left)} of ${thousands(report.findings.length)} findings are not shown in --format ${format}, which is drawn whole; --format jsonl or json lists every one`;
  return {
    ...report,
    findings: report.findings.slice(0, max),
    limits: [...(report.limits ?? []), { scope: 'report', kind: 'dropped', count: left, message }],
  };
}

/** The report's text in pieces: each whole findings, so the redaction pass sees every token form whole. */
function reportPieces(report: Report, settings: OutputSettings, options: ReportOptions): Iterable<string> {
  const format = settings.format;
  if (format === 'json' || format === 'jsonl') return STREAMING_REPORTERS[format](report, options);
  const drawn = drawnWhole(report, format);
  if (drawn !== report) warn(`report: ${drawn.limits!.at(-1)!.message}`);
  return [REPORTERS[format](drawn, options)];
}

/**
 * What the report's pieces are gathered to before a write: 1 MiB made each write a string and a
 * Buffer of 1 MiB on fresh pages (a page fault per 4 KiB, ~14 µs each here); at 64 KiB both are
 * reused memory (docs/performance.md, "2026-12-06, per call").
 */
const WRITE_CHARS = 1 << 16;

/** Writes all of `text` to the file `fd` (a write may take only part of it). */
function writeAll(fd: number, text: string): void {
  let buf = Buffer.from(text, 'utf8');
  while (buf.length > 0) buf = buf.subarray(writeSync(fd, buf));
}

/** Renders and writes the report; returns 1 when a finding reaches --fail-on (new ones only with a baseline). */
export function writeReport(report: Report, settings: OutputSettings, tokens: TokenMatcher): number {
  // A table fits the terminal it is printed on; in a file or a pipe it takes the default width.
  const columns = settings.output === undefined && process.stdout.isTTY ? process.stdout.columns : undefined;
  const options = { verbose: settings.verbose, ...(settings.displayTz ? { displayTz: settings.displayTz } : {}), ...(columns ? { width: columns } : {}) };
  // Findings never hold a raw secret (redacted as they entered); this second net, per piece (each
  // piece holds whole findings), catches one that slipped in some other way.
  const pieces = reportPieces(report, settings, options);
  const net = new Redactor(tokens);
  if (settings.output !== undefined) {
    try {
      // Gathered to about WRITE_CHARS per write, as on stdout below: a write per finding cost a
      // syscall and a Buffer each (a tenth of a scan reporting thousands of findings).
      writeFileAtomically(settings.output, (fd) => {
        let pending = '';
        for (const piece of pieces) {
          pending += net.output(piece);
          if (pending.length >= WRITE_CHARS) {
            writeAll(fd, pending);
            pending = '';
          }
        }
        if (pending !== '') writeAll(fd, pending);
      });
    } catch (error) {
      // A directory, a read-only place, a full disk: the run finished but its report is lost.
      throw writeError('the report', settings.output, error);
    }
  } else {
    // Pieces are gathered to about WRITE_CHARS per write: one write per finding would be slow. Writes to
    // a pipe, file or terminal are synchronous on Linux, so nothing piles up in memory; a failed
    // write is handled by cli.ts's stdout error handler (EPIPE: exit 141), and ends the writing.
    let pending = '';
    for (const piece of pieces) {
      if (process.stdout.errored) break;
      pending += net.output(piece);
      if (pending.length >= WRITE_CHARS) {
        process.stdout.write(pending);
        pending = '';
      }
    }
    if (pending !== '' && !process.stdout.errored) process.stdout.write(pending);
  }
  const failing = report.findings.filter((f) => f.baseline !== 'known' && reachesFailOn(f.severity, settings.failOn));
  return failing.length > 0 ? 1 : 0;
}

/**
 * stderr is guarded like stdout: once a command knows its tokens, every line it writes there is
 * redacted (a warning names a file, and a file can be named after the token), and every line is
 * made safe for a terminal (a file name can hold an OSC 52 sequence that sets the clipboard).
 */
let stderrRedactor = new Redactor(new TokenMatcher([]));

export function guardStderr(tokens: TokenMatcher): Redactor {
  stderrRedactor = new Redactor(tokens);
  return stderrRedactor;
}

/** Text for stderr, redacted, each line made safe for a terminal (its own line breaks kept). */
export function guardText(text: string): string {
  return stderrRedactor.name(text).split('\n').map(escapeTerminal).join('\n');
}

/**
 * A message on stderr: a line break inside a string is shown as `\n`, never obeyed (a file name
 * can hold one); a message of several lines of clawprint's own is given as a list of them.
 */
export function warn(message: string | readonly string[]): void {
  const lines = typeof message === 'string' ? [message] : message;
  process.stderr.write(`clawprint: ${lines.map((line) => escapeTerminal(stderrRedactor.name(line))).join('\n')}\n`);
}
