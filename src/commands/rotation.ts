// `clawprint rotation`: is the rotation finished? Reads logs through the audit's sources,
// envelopes and parsers, classifies every client by the token it uses, and answers ready (exit 0)
// or not ready (exit 1) with the clients that hold it back (README "clawprint rotation").
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { RotationTracker } from '../detectors/rotation-status.js';
import { runAudit } from '../pipeline/audit-run.js';
import { collect, parsePerInput, unusedRules } from '../pipeline/per-input.js';
import { expandInputs } from '../sources/glob.js';
import { type TimeContext } from '../time.js';
import { parseDuration, parseWindowTime } from '../time-flags.js';
import { TokenMatcher } from '../token.js';
import { VERSION } from '../version.js';
import { addArchiveOptions, type ArchiveFlags, parseArchiveFlags } from './archive-options.js';
import { rotationState } from '../pipeline/rotation-state.js';
import { addOutputOptions, guardStderr, type OutputFlags, parseOutputFlags, warn } from './output.js';
import { refuseInputAsOutput, refuseSameFile } from './output-file.js';
import { reportRotation } from './rotation-report.js';
import { writeStateFile } from './state-file.js';
import { createProgress } from './progress.js';
import { addTokenOptions, readTokenSpecs, type TokenFlags } from './token-options.js';

interface RotationFlags extends OutputFlags, ArchiveFlags {
  oldTokenEnv?: string;
  oldTokenFile?: string;
  oldFingerprint?: string[];
  newTokenEnv?: string;
  newTokenFile?: string;
  newFingerprint?: string[];
  since?: string;
  until?: string;
  quietPeriod: string;
  tz?: string[];
  inputFormat?: string[];
  progress: boolean;
  followLinks?: boolean;
  emitState?: string;
}

export function commandRotation(program: Command, setExit: (code: number) => void): void {
  const cmd = program
    .command('rotation')
    .description('is the rotation finished? which clients still use the old token (exit 0 ready, 1 not yet)')
    .argument('[inputs...]', 'log files, directories (recursive), globs, or - for stdin; every format the audit reads');
  addTokenOptions(cmd, 'old-', 'the old token');
  addTokenOptions(cmd, 'new-', 'the new token');
  cmd
    .option('--since <time>', 'ignore events before this (default: every event read)')
    .option('--until <time>', 'the end of the evidence (default: the last event read)')
    .option('--quiet-period <duration>', 'the old token must be unused this long before the end of the evidence', '1h')
    .option('--tz <[path=]zone>', 'IANA zone for timestamps without one (default: UTC); path=zone for the inputs at or under path, or matched by it as a glob; repeatable', collect)
    .option('--input-format <[path=]id>', 'force an envelope, a parser, or envelope/parser for every input; path=id for the inputs at or under path, or matched by it as a glob; repeatable', collect)
    .option('--follow-links', 'follow symbolic links that lead out of a directory given as input (default: report them, not follow)')
    .option('--emit-state <file>', "also write this shard's partial state to <file> (gzip'd JSON) for clawprint merge")
    .option('--no-progress', 'no progress line on stderr');
  addArchiveOptions(cmd);
  addOutputOptions(cmd);
  cmd.action(async (inputs: string[], flags: RotationFlags) => {
    setExit(await rotation(inputs, flags));
  });
}

async function rotation(args: string[], flags: RotationFlags): Promise<number> {
  const settings = parseOutputFlags(flags);
  const perInput = parsePerInput(flags.inputFormat ?? [], flags.tz ?? []);
  const time: TimeContext = { zone: perInput.zone };
  const now = Date.now();
  const since = flags.since === undefined ? undefined : parseWindowTime(flags.since, '--since', time, now);
  const until = flags.until === undefined ? undefined : parseWindowTime(flags.until, '--until', time, now);
  if (since !== undefined && until !== undefined && since > until) throw new UsageError('--since is later than --until');
  const quietPeriodMs = parseDuration(flags.quietPeriod, '--quiet-period');
  const archives = parseArchiveFlags(flags);
  if (args.length === 0) throw new UsageError('no inputs: give log files, directories, globs, or - for stdin');

  const io = { env: process.env, readStdin: async () => '', warn };
  const pick = (p: 'old' | 'new'): TokenFlags => {
    const f: TokenFlags = {};
    const env = p === 'old' ? flags.oldTokenEnv : flags.newTokenEnv;
    const file = p === 'old' ? flags.oldTokenFile : flags.newTokenFile;
    const fps = p === 'old' ? flags.oldFingerprint : flags.newFingerprint;
    if (env !== undefined) f.tokenEnv = env;
    if (file !== undefined) f.tokenFile = file;
    if (fps !== undefined) f.fingerprint = fps;
    return f;
  };
  const specs = [...(await readTokenSpecs(pick('old'), io, 'old', false, 'old-')), ...(await readTokenSpecs(pick('new'), io, 'new', false, 'new-'))];
  const tokens = new TokenMatcher(specs);
  const hex = (fp: string): string => fp.replace(/^sha256:/, '');
  const olds = tokens.tokens.filter((t) => t.label === 'old').map((t) => hex(t.fingerprint));
  const news = tokens.tokens.filter((t) => t.label === 'new').map((t) => hex(t.fingerprint));
  if (olds.some((o) => news.some((n) => o.startsWith(n) || n.startsWith(o)))) throw new UsageError('the old and the new token are the same token');

  const redact = guardStderr(tokens);
  const expanded = await expandInputs(args, { followLinks: flags.followLinks === true });
  const { inputs } = expanded;
  const onDisk = inputs.flatMap((i) => (i.absolutePath === undefined ? [] : [i.absolutePath]));
  refuseInputAsOutput('--output', settings.output, onDisk);
  refuseInputAsOutput('--emit-state', flags.emitState, onDisk);
  refuseSameFile(settings.output, flags.emitState);
  // An argument can name a file after the token: the issue that quotes it is redacted as it is made.
  const issues = expanded.issues.map((i) => redact.issue(i));
  for (const issue of issues) warn(`${issue.message} (${issue.path})`);
  unusedRules(perInput, inputs).forEach(warn);
  const tracker = new RotationTracker({ quietPeriodMs, ...(since !== undefined ? { since } : {}), ...(until !== undefined ? { until } : {}) });
  const progress = createProgress(flags.progress);
  const fallbacks: string[] = [];
  const result = await runAudit(inputs, {
    detectors: [],
    context: { window: { until: until ?? now }, knownAgents: new Set(), authFailureThreshold: 1, coverageToleranceMs: 0 },
    time,
    forced: perInput.forced,
    perInput,
    tokens,
    archives,
    // Seed's gateway names the slot a request matched even when it logs no fingerprint.
    extraNeedles: ['token_slot'],
    onEvent: (event) => tracker.onEvent(event),
    onInput: (input) => progress.onInput(input.path),
    onBytes: (bytes) => progress.onBytes(bytes),
    onPrefilterFallback: (why) => fallbacks.push(why),
  });
  progress.done();
  // As the scan says it: the run is slower, never less exact. One line: the needle counts differ
  // a little per format, the cause (many tokens) is the same.
  if (settings.verbose && fallbacks.length > 0) warn(`prefilter: ${fallbacks[0]}${fallbacks.length > 1 ? ` (${fallbacks.length} inputs)` : ''}`);
  const state = rotationState(
    {
      ...(since !== undefined ? { since } : {}),
      ...(until !== undefined ? { until } : {}),
      quietPeriodMs,
      tokens: tokens.tokens,
      tz: time.zone,
      // The defaults only: PATH=VALUE rules name this shard's own paths (docs/state.md).
      ...(perInput.formatText !== undefined ? { inputFormat: perInput.formatText } : {}),
      archives,
    },
    result.coverage,
    [...issues, ...result.archiveIssues],
    redact.state(tracker.state()),
    VERSION,
  );
  if (flags.emitState !== undefined) writeStateFile(flags.emitState, state, redact);
  return reportRotation(state, tokens, settings, issues, now);
}
