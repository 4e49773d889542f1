// What every reporting command shares: --format/--output/--fail-on/--display-tz, rendering, the
// last redaction pass, and the exit code (SPEC §9).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { InputError, UsageError } from '../errors.js';
import { FORMAT_IDS, type FormatId, REPORTERS } from '../reporters/index.js';
import type { Report } from '../reporters/reporter.js';
import { type FailOn, parseFailOn, reachesFailOn } from '../severity.js';
import { shownValue } from '../shown-value.js';
import { requireZone } from '../time.js';
import type { TokenMatcher } from '../token.js';

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

/** Renders and writes the report; returns 1 when a finding reaches --fail-on (new ones only with a baseline). */
export function writeReport(report: Report, settings: OutputSettings, tokens: TokenMatcher): number {
  const options = { verbose: settings.verbose, ...(settings.displayTz ? { displayTz: settings.displayTz } : {}) };
  // Findings never hold a raw secret; this pass guards against one slipping in through log text.
  const text = tokens.redact(REPORTERS[settings.format](report, options));
  if (settings.output !== undefined) {
    try {
      mkdirSync(path.dirname(path.resolve(settings.output)), { recursive: true });
      writeFileSync(settings.output, text);
    } catch (error) {
      // A directory, a read-only place, a full disk: the run finished but its report is lost.
      throw new InputError(`cannot write the report: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, settings.output);
    }
  } else {
    process.stdout.write(text);
  }
  const failing = report.findings.filter((f) => f.baseline !== 'known' && reachesFailOn(f.severity, settings.failOn));
  return failing.length > 0 ? 1 : 0;
}

export function warn(message: string): void {
  process.stderr.write(`clawprint: ${message}\n`);
}
