// `clawprint audit`: after an exposure, was the token used, by whom, and what registered (docs/product.md §4).
import type { Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { digestOf } from '../detectors/bounded-counts.js';
import { InputError, UsageError } from '../errors.js';
import { openEvidence } from '../pipeline/evidence.js';
import { diskBytesRead } from '../sources/bytes.js';
import { shownValue } from '../shown-value.js';
import { readAudit } from '../pipeline/audit-run.js';
import { type AuditSettings, auditState } from '../pipeline/audit-state.js';
import { collect, parsePerInput, unusedRules } from '../pipeline/per-input.js';
import { parseTrustedProxies } from '../pipeline/forwarded.js';
import { expandInputs } from '../sources/glob.js';
import { readAgentsDir, readKnownAgentsFile } from '../sources/known-agents.js';
import { type TimeContext } from '../time.js';
import { parseWindowTime } from '../time-flags.js';
import { TokenMatcher } from '../token.js';
import { VERSION } from '../version.js';
import { addArchiveOptions, type ArchiveFlags, parseArchiveFlags } from './archive-options.js';
import { AUDIT_RULES, issueText, reportAudit } from './audit-report.js';
import { addOutputOptions, guardStderr, type OutputFlags, parseOutputFlags, warn } from './output.js';
import { refuseInputAsOutput, refuseSameFile, sameFile } from './output-file.js';
import { writeStateFile } from './state-file.js';
import { createProgress } from './progress.js';
import { readFirstLine } from '../sources/first-line.js';
import { addTokenOptions, readTokenSpecs, type TokenFlags } from './token-options.js';

interface AuditFlags extends TokenFlags, OutputFlags, ArchiveFlags {
  since?: string;
  until?: string;
  tz?: string[];
  year?: string;
  date?: string;
  trustedProxy?: string[];
  knownAgents?: string;
  agentsDir?: string;
  authFailureThreshold: string;
  gapTolerance: string;
  inputFormat?: string[];
  evidence?: string;
  emitState?: string;
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
    .option('--tz <[path=]zone>', 'IANA zone for timestamps without one (default: UTC); path=zone for the inputs at or under path, or matched by it as a glob; repeatable', collect)
    .option('--year <year>', 'year for syslog timestamps (default: the file modification year)')
    .option('--date <YYYY-MM-DD>', 'date for lines with a time of day only, when the file name holds none')
    .option('--trusted-proxy <cidr...>', 'proxies whose X-Forwarded-For is believed (default: loopback and private ranges)')
    .option('--known-agents <file>', 'agent and device ids known before the exposure, one per line')
    .option('--agents-dir <dir>', 'each <dir>/<name>/agent.yaml is a known agent <name>')
    .option('--auth-failure-threshold <n>', 'failed authentications from one source that make a finding', '10')
    .option('--gap-tolerance <seconds>', 'coverage gaps shorter than this are not reported', '60')
    .option('--input-format <[path=]id>', 'force an envelope, a parser, or envelope/parser for every input; path=id for the inputs at or under path, or matched by it as a glob; repeatable', collect)
    .option('--evidence <file>', 'write every use behind the findings to <file>, one redacted JSON line each')
    .option('--emit-state <file>', "also write this shard's partial state to <file> (gzip'd JSON) for clawprint merge")
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
  const perInput = parsePerInput(flags.inputFormat ?? [], flags.tz ?? []);
  const time: TimeContext = { zone: perInput.zone };
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
  refuseUnquotedTime(flags, args);
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
  const onDisk = inputs.flatMap((i) => (i.absolutePath === undefined ? [] : [i.absolutePath]));
  refuseInputAsOutput('--output', settings.output, onDisk);
  // The evidence file is opened for writing before any input is read: one of the logs named
  // there would be emptied before it was audited, and the report written over it.
  refuseInputAsOutput('--evidence', flags.evidence, onDisk);
  if (flags.evidence !== undefined && settings.output !== undefined && sameFile(flags.evidence, settings.output)) throw new UsageError(`--evidence and --output name the same file; one would replace the other (${shownValue(flags.evidence, false)})`);
  refuseInputAsOutput('--emit-state', flags.emitState, onDisk);
  refuseSameFile(settings.output, flags.emitState);
  // An argument can name a file after the token: the issue that quotes it is redacted as it is made.
  const issues = expanded.issues.map((i) => redact.issue(i));
  // A mistyped path must not cost a long run and a report that looks complete: fail before reading.
  const missing = issues.find((i) => i.kind === 'not-found');
  if (missing !== undefined) throw new InputError(`input not found${issues.filter((i) => i.kind === 'not-found').length > 1 ? ' (and others)' : ''}: ${missing.message}`, missing.path);
  if (since === undefined) {
    warn('no --since: the window starts at the earliest event read, so every source will look new; give --since with the time the token was exposed');
  }
  unusedRules(perInput, inputs).forEach(warn);
  const evidence = flags.evidence !== undefined ? openEvidence(flags.evidence, tokens, settings.displayTz) : undefined;
  // Said at once when there is something to read (an audit can take minutes); with nothing to
  // read, the end of the run says it in one line.
  if (inputs.length > 0) for (const issue of issues) warn(issueText(issue));
  // Sizes on disk give the progress line its percent and time left (none with stdin among the inputs).
  const sizes = new Map(inputs.map((i) => [i, i.absolutePath === undefined ? undefined : fileSize(i.absolutePath)]));
  const total = [...sizes.values()].every((n) => n !== undefined) ? [...sizes.values()].reduce<number>((a, n) => a + (n ?? 0), 0) : undefined;
  const progress = createProgress(flags.progress, total);
  const diskAtStart = diskBytesRead();
  const fallbacks: string[] = [];
  const reading = await readAudit(inputs, {
    detectors: AUDIT_RULES,
    context: {
      window: since !== undefined ? { since, until } : { until },
      knownAgents: known,
      authFailureThreshold,
      coverageToleranceMs: gapToleranceSeconds * 1000,
      ...(evidence !== undefined ? { onUse: evidence.sink } : {}),
    },
    time,
    forced: perInput.forced,
    perInput,
    tokens,
    archives,
    fullState: flags.emitState !== undefined,
    ...(trustedProxies !== undefined ? { trustedProxies } : {}),
    onInput: (input) => progress.onInput(input.path),
    onBytes: (bytes) => progress.onBytes(bytes, diskBytesRead() - diskAtStart),
    onPrefilterFallback: (why) => fallbacks.push(why),
    // What is left once every input is read (the rules' states, the findings, the report) runs
    // each function a few thousand times at most, and TurboFan compiled ~15 of them on the core
    // the audit runs on, for code that then ran for milliseconds. From here they get 8x V8's
    // budget before they are optimized, as a scan's functions get from the start
    // (bin/clawprint.js); a larger report's hottest functions still are (docs/performance.md,
    // issue 8).
    onRead: () => setFlagsFromString('--interrupt-budget=540000'),
    // One Redactor for the states, the findings and stderr: a finding's strings come from the states,
    // already redacted, and each string's redaction is remembered (the same function, so the same
    // result; every string still passes it): the findings' walk looks them up (issue 8).
    redactor: redact,
  });
  progress.done();
  // As the scan says it: the run is slower, never less exact. One line: the needle counts differ
  // a little per format, the cause (many tokens) is the same.
  if (settings.verbose && fallbacks.length > 0) warn(`prefilter: ${fallbacks[0]}${fallbacks.length > 1 ? ` (${fallbacks.length} inputs)` : ''}`);
  evidence?.close();
  const settingsOfShard: AuditSettings = {
    ...(since !== undefined ? { since } : {}),
    until,
    tokens: tokens.tokens,
    known: [...known].map(digestOf).sort(),
    authFailureThreshold,
    gapToleranceSeconds,
    // The defaults only: PATH=VALUE rules name this shard's own paths (docs/state.md).
    tz: perInput.zone,
    ...(time.year !== undefined ? { year: time.year } : {}),
    ...(time.fileDate !== undefined ? { date: time.fileDate } : {}),
    ...(perInput.formatText !== undefined ? { inputFormat: perInput.formatText } : {}),
    ...(flags.trustedProxy !== undefined ? { trustedProxies: [...flags.trustedProxy] } : {}),
    archives,
  };
  const state = auditState(settingsOfShard, reading, issues, VERSION, flags.emitState !== undefined);
  if (flags.emitState !== undefined) writeStateFile(flags.emitState, state, redact);
  return reportAudit(state, tokens, settings, inputs.length > 0 ? issues : [], redact);
}

function fileSize(file: string): number | undefined {
  try {
    return statSync(file).size;
  } catch {
    return undefined; // the read reports it
  }
}

const TIME_OF_DAY = /^\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * `--since 2025-02-21 14:00` unquoted: the shell splits it, commander takes the date as the value
 * and `14:00` as an input. The run would audit the wrong window (midnight on) and then fail to find
 * a file named 14:00; say what happened instead.
 */
function refuseUnquotedTime(flags: AuditFlags, args: readonly string[]): void {
  const stray = args.find((a) => TIME_OF_DAY.test(a) && !existsSync(a));
  if (stray === undefined) return;
  for (const flag of ['since', 'until'] as const) {
    const value = flags[flag];
    if (value !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(value.trim())) {
      throw new UsageError(`--${flag} ${value} ${stray}: quote a date and time that has a space (--${flag} "${value} ${stray}")`);
    }
  }
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
