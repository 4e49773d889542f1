// `clawprint scan`: before a leak — tokens and token-shaped strings in files, CI and container
// logs (docs/product.md §5), with baselines and a pre-commit mode that scans only what is staged.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { ScanDetector } from '../detectors/detector.js';
import { SCAN_DETECTORS } from '../detectors/index.js';
import type { Finding } from '../detectors/finding.js';
import type { Redactor } from '../detectors/redact-finding.js';
import { ENVELOPE_ORDER } from '../envelopes/index.js';
import { InputError, UsageError } from '../errors.js';
import { type BaselineFile, buildBaseline, markBaseline, parseBaseline, renderBaseline } from '../pipeline/baseline.js';
import { parseForcedFormat } from '../pipeline/format.js';
import { runScan, type ScanSource } from '../pipeline/scan-run.js';
import { inRanges, listStaged } from '../sources/git-staged.js';
import { displayPath, expandInputs } from '../sources/glob.js';
import { readClawprintIgnore } from '../sources/ignore.js';
import type { InputIssue } from '../sources/input.js';
import { TokenMatcher } from '../token.js';
import { VERSION } from '../version.js';
import { addArchiveOptions, type ArchiveFlags, parseArchiveFlags } from './archive-options.js';
import { addOutputOptions, guardStderr, type OutputFlags, parseOutputFlags, warn, writeReport } from './output.js';
import { refuseInputAsOutput, writeError, writeFileAtomically } from './output-file.js';
import { createProgress } from './progress.js';
import { readFirstLine } from '../sources/first-line.js';
import { addTokenOptions, readTokenSpecs, type TokenFlags } from './token-options.js';

interface ScanFlags extends TokenFlags, OutputFlags, ArchiveFlags {
  staged?: boolean;
  archives?: boolean;
  baseline?: string;
  writeBaseline?: string;
  inputFormat?: string;
  progress: boolean;
  followLinks?: boolean;
}

export function commandScan(program: Command, setExit: (code: number) => void): void {
  const cmd = program
    .command('scan')
    .description('before a leak: find gateway tokens and token-shaped strings in files, CI logs and container logs')
    .argument('[paths...]', 'files, directories (recursive, honouring .gitignore and .clawprintignore), globs, or - for stdin (default: .)');
  addTokenOptions(cmd);
  cmd
    .option('--staged', 'pre-commit mode: scan the staged (index) version of staged files, reporting only the lines the change adds')
    .option('--baseline <file>', 'mark findings listed in this baseline as known; only new ones can fail the run')
    .option('--write-baseline <file>', 'write every finding of this run to a baseline file (rule, path, secret fingerprint)')
    .option('--input-format <id>', `force an envelope (${ENVELOPE_ORDER.map((e) => e.id).join(', ')}) for every input`)
    .option('--archives', 'also read zip and tar archives found in directories (archives named as paths are always read)')
    .option('--follow-links', 'follow symbolic links that lead out of a directory given as input (default: report them, not follow)')
    .option('--no-progress', 'no progress line on stderr');
  addArchiveOptions(cmd);
  // A scan finding has a place in a file, not a time: scan reports hold no time to display.
  addOutputOptions(cmd, { times: false });
  cmd.action(async (paths: string[], flags: ScanFlags) => {
    setExit(await scan(paths, flags));
  });
}

async function scan(args: string[], flags: ScanFlags): Promise<number> {
  const settings = parseOutputFlags(flags);
  const forced = parseForcedFormat(flags.inputFormat);
  const archives = parseArchiveFlags(flags);
  const paths = args.length === 0 ? ['.'] : args;
  if (flags.tokenStdin && paths.includes('-')) throw new UsageError('--token-stdin takes stdin, so files cannot also come from -');
  if (flags.staged && paths.includes('-')) throw new UsageError('--staged scans what git has staged; - (stdin) cannot be staged');
  // Read before scanning: a bad baseline should fail in a second, not after the whole tree.
  const baseline = flags.baseline === undefined ? undefined : readBaselineFile(flags.baseline);

  const specs = await readTokenSpecs(flags, { env: process.env, readStdin: () => readFirstLine(process.stdin, 'standard input'), warn }, 'exposed', true);
  const tokens = new TokenMatcher(specs);
  const redact = guardStderr(tokens);
  const listed = flags.staged ? await stagedSources(paths) : await fileSources(paths, flags.followLinks === true);
  const { sources, files } = listed;
  // An argument can name a file after the token: the issue that quotes it is redacted as it is made.
  const issues = listed.issues.map((i) => redact.issue(i));
  for (const issue of issues) warn(`${issue.message} (${issue.path})`);

  const detectors = Object.values<ScanDetector>(SCAN_DETECTORS);
  const progress = createProgress(flags.progress);
  let result: Awaited<ReturnType<typeof runScan>>;
  try {
    refuseInputAsOutput('--output', settings.output, files);
    refuseInputAsOutput('--write-baseline', flags.writeBaseline, files);
    result = await runScan(sources, {
      detectors,
      tokens,
      forced,
      archives,
      walkedArchives: flags.archives === true,
      onInput: (input) => progress.onInput(input.path),
      onBytes: (bytes) => progress.onBytes(bytes),
    });
  } finally {
    listed.close?.();
  }
  progress.done();
  reportIssues(result.issues, settings.verbose);
  // Slower, not less thorough: every line a rule needs is still found.
  if (settings.verbose) for (const why of result.prefilterFallbacks) warn(`prefilter: ${why}`);

  const findings: Finding[] = baseline === undefined ? result.findings : markBaseline(result.findings, baseline);
  if (flags.writeBaseline !== undefined) writeBaselineFile(flags.writeBaseline, findings, redact);
  const code = writeReport(
    {
      tool: { name: 'clawprint', version: VERSION },
      command: 'scan',
      tokens: tokens.tokens,
      inputs: result.coverage,
      issues: [...issues, ...result.archiveIssues],
      findings,
      rules: detectors.map((d) => d.meta),
    },
    settings,
    tokens,
  );
  const unreadable = [...issues, ...result.issues].some((i) => i.kind === 'not-found' || i.kind === 'unreadable' || i.kind === 'no-files');
  if (flags.staged && code === 1 && !unreadable) warnCommitBlocked();
  return unreadable ? 2 : code;
}

/**
 * A blocked commit is a developer stopped mid-task: say how to go on, and that removing the value
 * from the commit does not undo a leak that already reached history or a remote.
 */
function warnCommitBlocked(): void {
  warn(
    [
      'commit blocked: the lines this commit adds hold a secret (see the report). To go on:',
      '  - remove the value and read it from the environment: OPENCLAW_GATEWAY_TOKEN=${OPENCLAW_GATEWAY_TOKEN}, or a secret manager reference;',
      '  - a false positive: add the comment clawprint:allow on that line;',
      '  - findings you accept: record them in a baseline (clawprint scan --write-baseline FILE) and scan with --baseline FILE;',
      '  - a token that was ever committed or pushed anywhere is exposed: rotate it, then audit its use (clawprint audit).',
    ],
  );
}

/** What to scan, what went wrong listing it, and the files on disk it names (never to be overwritten). */
interface ScanList {
  sources: ScanSource[];
  issues: InputIssue[];
  files: string[];
  /** Ends what reading the sources needs once the scan is done (--staged: git cat-file). */
  close?: () => void;
}

async function fileSources(paths: string[], followLinks: boolean): Promise<ScanList> {
  const { inputs, issues } = await expandInputs(paths, { ignoreFiles: true, mtimes: false, followLinks });
  return { sources: inputs.map((input) => ({ input })), issues, files: inputs.flatMap((i) => (i.absolutePath === undefined ? [] : [i.absolutePath])) };
}

/** The index version of every staged file under `paths`, reporting only the lines the change adds. */
async function stagedSources(paths: string[]): Promise<ScanList> {
  const { top, files, blobs } = await listStaged(process.cwd(), paths);
  // A staged file is about to be committed whatever .gitignore says; only .clawprintignore applies.
  const ignored = await readClawprintIgnore(top).catch((error: unknown) => {
    blobs.close();
    throw error;
  });
  const scanned = files.filter((f) => !ignored(f.path));
  // Asked for now, all at once and in the order the scan opens them (one at a time, each to its
  // end or destroyed): git answers in one go, not in a round trip per file. Backpressure holds git
  // to the blob being read; what the scan never reads (it failed) is destroyed on close.
  const streams = scanned.map((f) => blobs.open(f.blob));
  const sources = scanned.map(
    (f, i): ScanSource => ({
      input: { path: displayPath(f.absolutePath) },
      open: () => streams[i]!,
      reportLine: (line) => inRanges(f.added, line),
    }),
  );
  const close = (): void => {
    for (const stream of streams) stream.destroy();
    blobs.close();
  };
  return { sources, issues: [], files: files.map((f) => f.absolutePath), close };
}

/**
 * Binary files are common in a source tree: they are counted in one line (and listed with
 * --verbose) rather than warned about one by one. Every other issue is a line on stderr.
 */
function reportIssues(issues: readonly InputIssue[], verbose: boolean): void {
  const binary = issues.filter((i) => i.kind === 'binary');
  const archives = issues.filter((i) => i.kind === 'skipped-archive');
  for (const issue of issues) {
    if ((issue.kind === 'binary' || issue.kind === 'skipped-archive') && !verbose) continue;
    warn(`${issue.message} (${issue.path}${issue.line !== undefined ? `:${issue.line}` : ''})`);
  }
  if (binary.length > 0 && !verbose) warn(`${binary.length} binary file${binary.length === 1 ? '' : 's'} skipped (--verbose lists them)`);
  // Found in a directory walk (--archives reads those) or staged (never read).
  if (archives.length > 0 && !verbose) warn(`${archives.length} archive${archives.length === 1 ? '' : 's'} not read (--verbose lists them and why; --archives reads those found in directories)`);
}

function readBaselineFile(file: string): BaselineFile {
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read the baseline: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, file);
  }
  try {
    return parseBaseline(content);
  } catch (error) {
    throw new InputError(`malformed baseline: ${(error as Error).message}`, file);
  }
}

function writeBaselineFile(file: string, findings: readonly Finding[], redact: Redactor): void {
  try {
    // A file meant to be committed: its paths were redacted as they entered the findings, and the
    // same second net as a report's catches anything else.
    writeFileAtomically(file, redact.output(renderBaseline(buildBaseline(findings))));
  } catch (error) {
    throw writeError('the baseline', file, error);
  }
}

