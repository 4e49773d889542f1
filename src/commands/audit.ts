// `clawprint audit`: after an exposure, was the token used, by whom, and what registered (SPEC §4).
import type { Command } from 'commander';
import { AUDIT_DETECTORS } from '../detectors/index.js';
import { UsageError } from '../errors.js';
import { shownValue } from '../shown-value.js';
import { runAudit } from '../pipeline/audit-run.js';
import { parseForcedFormat } from '../pipeline/format.js';
import { parseTrustedProxies } from '../pipeline/forwarded.js';
import { cell } from '../reporters/cell-text.js';
import { timeNotes } from '../reporters/coverage-rows.js';
import { expandInputs } from '../sources/glob.js';
import type { InputIssue } from '../sources/input.js';
import type { InputCoverage } from '../pipeline/coverage.js';
import { readAgentsDir, readKnownAgentsFile } from '../sources/known-agents.js';
import { parseWindowTime, requireZone, type TimeContext } from '../time.js';
import { TokenMatcher } from '../token.js';
import { VERSION } from '../version.js';
import { addArchiveOptions, type ArchiveFlags, parseArchiveFlags } from './archive-options.js';
import { addOutputOptions, guardStderr, type OutputFlags, parseOutputFlags, warn, writeReport } from './output.js';
import { refuseInputAsOutput } from './output-file.js';
import { createProgress } from './progress.js';
import { readFirstLine } from '../sources/first-line.js';
import { addTokenOptions, readTokenSpecs, type TokenFlags } from './token-options.js';

interface AuditFlags extends TokenFlags, OutputFlags, ArchiveFlags {
  since?: string;
  until?: string;
  tz: string;
  year?: string;
  date?: string;
  trustedProxy?: string[];
  knownAgents?: string;
  agentsDir?: string;
  authFailureThreshold: string;
  gapTolerance: string;
  inputFormat?: string;
  progress: boolean;
  followLinks?: boolean;
}

/**
 * A whole number of at least `min`, written in digits (Number() would take '', '1e3' and '0x10').
 * A threshold of 0 would report every source with no failure at all, so thresholds start at 1.
 */
function wholeNumber(value: string, flag: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= max)) {
    const range = max === Number.MAX_SAFE_INTEGER ? `a whole number of at least ${min}` : `a whole number from ${min} to ${max}`;
    throw new UsageError(`${flag} takes ${range}: ${shownValue(value)}`);
  }
  return n;
}

export function commandAudit(program: Command, setExit: (code: number) => void): void {
  const cmd = program
    .command('audit')
    .description('after an exposure: find every use of the token, unexpected registrations, and what no log covers')
    .argument('[inputs...]', 'log files, directories (recursive), globs, or - for stdin; gzip, zip and tar (.tar.gz) are detected by content');
  addTokenOptions(cmd);
  cmd
    .option('--since <time>', 'when the token was exposed (default: the earliest event read)')
    .option('--until <time>', 'when it was revoked (default: now)')
    .option('--tz <zone>', 'IANA zone for timestamps without one', 'UTC')
    .option('--year <year>', 'year for syslog timestamps (default: the file modification year)')
    .option('--date <YYYY-MM-DD>', 'date for lines with a time of day only, when the file name holds none')
    .option('--trusted-proxy <cidr...>', 'proxies whose X-Forwarded-For is believed (default: loopback and private ranges)')
    .option('--known-agents <file>', 'agent and device ids known before the exposure, one per line')
    .option('--agents-dir <dir>', 'each <dir>/<name>/agent.yaml is a known agent <name>')
    .option('--auth-failure-threshold <n>', 'failed authentications from one source that make a finding', '10')
    .option('--gap-tolerance <seconds>', 'coverage gaps shorter than this are not reported', '60')
    .option('--input-format <id>', 'force an envelope, a parser, or envelope/parser for every input')
    .option('--follow-links', 'follow symbolic links that lead out of a directory given as input (default: report them, not follow)')
    .option('--no-progress', 'no progress line on stderr');
  addArchiveOptions(cmd);
  addOutputOptions(cmd);
  cmd.action(async (inputs: string[], flags: AuditFlags) => {
    setExit(await audit(inputs, flags));
  });
}

async function audit(args: string[], flags: AuditFlags): Promise<number> {
  const settings = parseOutputFlags(flags);
  const zone = requireZone(flags.tz, '--tz');
  const time: TimeContext = { zone };
  if (flags.year !== undefined) {
    time.year = wholeNumber(flags.year, '--year', 1970, 9999);
    time.yearSource = 'flag';
  }
  if (flags.date !== undefined) time.fileDate = calendarDate(flags.date);
  // Only --trusted-proxy is parsed here: the defaults are built when a log first names a forwarded client.
  const trustedProxies = flags.trustedProxy === undefined ? undefined : parseTrustedProxies(flags.trustedProxy);
  const now = Date.now();
  const notes: string[] = [];
  const until = flags.until !== undefined ? parseWindowTime(flags.until, '--until', time, now, notes) : now;
  const since = flags.since !== undefined ? parseWindowTime(flags.since, '--since', time, now, notes) : undefined;
  // A clock time skipped by a daylight-saving jump explains an otherwise puzzling order: one line.
  if (since !== undefined && since > until) throw new UsageError(['--since is later than --until', ...notes].join('; '));
  notes.forEach(warn);
  const forced = parseForcedFormat(flags.inputFormat);
  const archives = parseArchiveFlags(flags);
  const authFailureThreshold = wholeNumber(flags.authFailureThreshold, '--auth-failure-threshold', 1);
  // 0 reports every gap, however short.
  const gapToleranceSeconds = wholeNumber(flags.gapTolerance, '--gap-tolerance', 0);
  if (args.length === 0) throw new UsageError('no inputs: give log files, directories, globs, or - for stdin');
  if (flags.tokenStdin && args.includes('-')) throw new UsageError('--token-stdin takes stdin, so logs cannot also come from -');

  const specs = await readTokenSpecs(flags, { env: process.env, readStdin: () => readFirstLine(process.stdin, 'standard input'), warn }, 'exposed', false);
  const tokens = new TokenMatcher(specs);
  const redact = guardStderr(tokens);
  const known = new Set<string>();
  if (flags.knownAgents !== undefined) readKnownAgentsFile(flags.knownAgents).forEach((a) => known.add(a));
  if (flags.agentsDir !== undefined) readAgentsDir(flags.agentsDir).forEach((a) => known.add(a));

  const expanded = await expandInputs(args, { followLinks: flags.followLinks === true });
  const { inputs } = expanded;
  refuseInputAsOutput('--output', settings.output, inputs.flatMap((i) => (i.absolutePath === undefined ? [] : [i.absolutePath])));
  // An argument can name a file after the token: the issue that quotes it is redacted as it is made.
  const issues = expanded.issues.map((i) => redact.issue(i));
  // Said at once when there is something to read (an audit can take minutes); with nothing to
  // read, the end of the run says it in one line.
  if (inputs.length > 0) for (const issue of issues) warn(issueText(issue));
  const progress = createProgress(flags.progress);
  const result = await runAudit(inputs, {
    detectors: Object.values(AUDIT_DETECTORS),
    context: {
      window: since !== undefined ? { since, until } : { until },
      knownAgents: known,
      authFailureThreshold,
      coverageToleranceMs: gapToleranceSeconds * 1000,
    },
    time,
    forced,
    tokens,
    archives,
    ...(trustedProxies !== undefined ? { trustedProxies } : {}),
    onInput: (input) => progress.onInput(input.path),
    onBytes: (bytes) => progress.onBytes(bytes),
  });
  progress.done();
  const nothingRead = result.coverage.every((c) => c.lines === 0);
  warnIssues(inputs.length > 0 ? result.issues : issues, result.coverage, nothingRead, settings.verbose);
  for (const limit of result.limits) warn(`${limit.scope}: ${limit.message}`);
  const code = writeReport(
    {
      tool: { name: 'clawprint', version: VERSION },
      command: 'audit',
      window: { since: result.since, until: result.until },
      tokens: tokens.tokens,
      inputs: result.coverage,
      issues: [...issues, ...result.archiveIssues],
      findings: result.findings,
      rules: Object.values(AUDIT_DETECTORS).map((d) => d.meta),
      limits: result.limits,
    },
    settings,
    tokens,
  );
  // An input that could not be opened at all, or nothing readable in any input, means the audit
  // cannot speak for the window: that is exit 2, never a clean result.
  const unreadable = [...issues, ...result.issues].some((i) => i.kind === 'not-found' || i.kind === 'unreadable' || i.kind === 'no-files');
  return unreadable || nothingRead ? 2 : code;
}

const issueText = (i: InputIssue): string => `${i.line !== undefined ? `line ${i.line}: ` : ''}${i.message} (${i.path})`;

/**
 * One line per issue on stderr. Lines whose time field is unreadable are one count per input (each
 * of the first few with --verbose). When nothing was read, the line that says so carries the reason
 * if there is exactly one (an empty directory, a binary file): one line tells the whole story.
 */
function warnIssues(issues: readonly InputIssue[], coverage: readonly InputCoverage[], nothingRead: boolean, verbose: boolean): void {
  const consequence = 'no input could be read, so the audit cannot clear any part of the window';
  if (nothingRead && issues.length === 1) {
    warn(`${consequence}: ${issueText(issues[0]!)}`);
    return;
  }
  for (const issue of issues) if (verbose || issue.kind !== 'timestamp') warn(issueText(issue));
  for (const c of coverage) {
    const listed = verbose ? c.issues.filter((i) => i.kind === 'timestamp').length : 0;
    const rest = (c.unreadableTimes ?? 0) - listed;
    if (rest <= 0) continue;
    const what = `${rest} ${listed > 0 ? 'more ' : ''}line${rest === 1 ? '' : 's'} with a time field clawprint cannot read, not placed in time`;
    warn(`${what}${verbose ? '' : ' (--verbose lists the first ones)'} (${c.path})`);
  }
  for (const c of coverage) {
    for (const note of timeNotes(c)) warn(`${note} (${c.path})`);
    if (!verbose) continue;
    for (const u of c.unparsedLines ?? []) warn(`line ${u.line}: not parsed as ${c.format}: ${cell(u.text, 300)} (${c.path})`);
    const more = c.unparsed - (c.unparsedLines?.length ?? 0);
    if (more > 0) warn(`${more} more unparsed line${more === 1 ? '' : 's'} (counted, not listed) (${c.path})`);
  }
  if (nothingRead) warn(consequence);
}

/** `--date`: a calendar date that exists. */
function calendarDate(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  const t = m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!) : NaN;
  if (!m || Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== m[0]) {
    throw new UsageError(`--date takes a date as YYYY-MM-DD: ${shownValue(value)}`);
  }
  return m[0];
}
