// `clawprint check-config`: between incidents — every place the gateway secret is configured
// unsafely, with file, line and a fix hint, never the secret (README "clawprint check-config").
import path from 'node:path';
import type { Command } from 'commander';
import { CONFIG_DETECTORS } from '../detectors/index.js';
import type { ConfigContext, ConfigDetector } from '../detectors/detector.js';
import { compareFindings, type Finding } from '../detectors/finding.js';
import { UsageError } from '../errors.js';
import { DEFAULT_ENVIRONMENT, environmentResolver, type EnvironmentRule, parseEnvironmentRule } from '../configs/environment.js';
import { runConfigRead, type ConfigInput } from '../pipeline/config-run.js';
import { FileFacts } from '../sources/file-facts.js';
import { expandInputs } from '../sources/glob.js';
import type { InputIssue } from '../sources/input.js';
import type { WalkFilter } from '../sources/walk.js';
import { shownValue } from '../shown-value.js';
import { parseDuration } from '../time-flags.js';
import { TokenMatcher } from '../token.js';
import { VERSION } from '../version.js';
import { addOutputOptions, guardStderr, type OutputFlags, parseOutputFlags, warn, writeReport } from './output.js';
import { refuseInputAsOutput } from './output-file.js';
import { createProgress } from './progress.js';

interface CheckConfigFlags extends OutputFlags {
  environment?: string[];
  maxRotationAge: string;
  progress: boolean;
  followLinks?: boolean;
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** Walked directories: everything but `.git` and dependency folders. `.gitignore` does not apply: `.env` files are ignored on purpose, and are what this checks. */
const CONFIG_WALK: WalkFilter = {
  enter: () => CONFIG_WALK,
  skips: (absolute, isDir) => isDir && ['.git', 'node_modules', 'vendor'].includes(path.basename(absolute)),
};

export function commandCheckConfig(program: Command, setExit: (code: number) => void): void {
  const cmd = program
    .command('check-config')
    .description('between incidents: find gateway secrets configured unsafely (hard-coded, weak, reused, overridden, tracked, readable)')
    .argument('[paths...]', 'config files (read whatever their name) and directories (gateway.yaml, agent.yaml, openclaw.json, .env*, compose, manifests, units, plists) (default: .)')
    .option('--environment <glob=name>', 'files matching <glob> belong to environment <name> (repeatable; wins over names inferred from paths)', collect)
    .option('--max-rotation-age <duration>', 'a rotation older than this is high severity', '24h')
    .option('--follow-links', 'follow symbolic links that lead out of a directory given as input (default: report them, not follow)')
    .option('--no-progress', 'no progress line on stderr');
  addOutputOptions(cmd);
  cmd.action(async (paths: string[], flags: CheckConfigFlags) => {
    setExit(await checkConfig(paths, flags));
  });
}

async function checkConfig(args: string[], flags: CheckConfigFlags): Promise<number> {
  const settings = parseOutputFlags(flags);
  const maxRotationAgeMs = parseDuration(flags.maxRotationAge, '--max-rotation-age');
  const rules: EnvironmentRule[] = (flags.environment ?? []).map((text) => {
    const rule = parseEnvironmentRule(text);
    if (rule === undefined) throw new UsageError(`--environment takes GLOB=NAME: ${shownValue(text)}`);
    return rule;
  });
  const paths = args.length === 0 ? ['.'] : args;
  if (paths.includes('-')) throw new UsageError('check-config reads files, not standard input');

  const { inputs, issues } = await expandInputs(paths, { filter: CONFIG_WALK, mtimes: true, followLinks: flags.followLinks === true });
  refuseInputAsOutput('--output', settings.output, inputs.flatMap((i) => (i.absolutePath === undefined ? [] : [i.absolutePath])));
  const namedFiles = new Set(paths.map((p) => path.resolve(p)));
  const configInputs: ConfigInput[] = inputs.map((input) => ({ ...input, named: input.absolutePath !== undefined && namedFiles.has(input.absolutePath) }));
  const found: InputIssue[] = [...issues];
  const progress = createProgress(flags.progress);
  const read = runConfigRead(
    configInputs,
    (issue) => found.push(issue),
    (shown, bytes) => {
      progress.onInput(shown);
      progress.onBytes(bytes);
    },
  );
  progress.done();
  // The secrets are known only once read: from here every string that leaves (a path named after
  // its own secret, `.env.<token>`) loses any run that hashes to one of them, on stderr as on
  // stdout. So the issues are said now, not while reading.
  const secrets = new TokenMatcher([...new Set(read.settings.flatMap((s) => (s.value.kind === 'literal' ? [s.value.digest] : [])))].map((digest) => ({ label: 'configured', fingerprint: `sha256:${digest}` })));
  const redact = guardStderr(secrets);
  const readIssues = found.map((issue) => redact.issue(issue));
  for (const issue of readIssues) warn(`${issue.message} (${issue.path}${issue.line !== undefined ? `:${issue.line}` : ''})`);

  const facts = new FileFacts();
  const factCache = new Map<string, ReturnType<FileFacts['of']>>();
  const mtimes = new Map(inputs.map((i) => [i.path, i.mtime]));
  const environmentOf = environmentResolver(rules);
  const now = Date.now();
  const ctx: ConfigContext = {
    facts: (shown) => {
      let f = factCache.get(shown);
      if (f === undefined) {
        const absolute = read.absolute.get(shown);
        f = absolute === undefined ? {} : facts.of(absolute);
        factCache.set(shown, f);
      }
      return f;
    },
    environmentOf: (shown) => environmentOf(shown),
    lineAge: (shown, line) => {
      const absolute = read.absolute.get(shown);
      const committed = absolute === undefined ? undefined : facts.lineCommitTime(absolute, line);
      if (committed !== undefined) return { ms: now - committed, from: 'git' };
      const mtime = mtimes.get(shown);
      return mtime === undefined ? undefined : { ms: now - mtime, from: 'mtime' };
    },
    maxRotationAgeMs,
  };
  const detectors = Object.values<ConfigDetector>(CONFIG_DETECTORS);
  const findings: Finding[] = detectors.flatMap((d) => d.check(read.settings, ctx).map((f) => redact.finding(f, true))).sort(compareFindings);
  if (findings.every((f) => f.environment === DEFAULT_ENVIRONMENT)) for (const f of findings) delete f.environment;

  const code = writeReport(
    {
      tool: { name: 'clawprint', version: VERSION },
      command: 'check-config',
      tokens: [],
      inputs: read.coverage.map((c) => redact.coverage(c)),
      issues: readIssues,
      findings,
      rules: detectors.map((d) => d.meta),
    },
    settings,
    secrets,
  );
  const unreadable = issues.some((i) => i.kind === 'not-found' || i.kind === 'unreadable' || i.kind === 'no-files');
  return read.failed || unreadable ? 2 : code;
}
