// `clawprint report`: the scheduled CI job. Runs what .clawprint.yml asks for (scan,
// check-config, an audit per exposed token, rotation) through the commands themselves, marks each
// finding new/known/gone against the previous report.json, writes every output file into
// --out-dir, and fails only on new findings at or above fail-on (README "clawprint report").
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { InputError, UsageError } from '../errors.js';
import { readBaseline } from '../report/baseline.js';
import { loadReportConfig } from '../report/config.js';
import { annotations, stepSummary, stopCommands } from '../report/github.js';
import { renderGitlabCodeQuality, renderGitlabSecretDetection } from '../report/gitlab.js';
import { renderReportHtml } from '../report/html.js';
import { renderReportMarkdown } from '../report/markdown.js';
import { buildScheduledReport } from '../report/model.js';
import { producerRuns, runProducers } from '../report/producers.js';
import { renderReportSarif } from '../report/sarif.js';
import { displayPath } from '../sources/glob.js';
import { parseFailOn } from '../severity.js';
import { shownValue } from '../shown-value.js';
import { VERSION } from '../version.js';
import { warn } from './output.js';

interface ReportFlags {
  config: string;
  outDir: string;
  baseline?: string;
  failOn?: string;
  commit?: string;
}

/** Every file the report writes, in the order a reader wants them. */
export const REPORT_FILES = ['report.json', 'report.md', 'report.html', 'report.sarif', 'gl-secret-detection-report.json', 'gl-code-quality-report.json'] as const;

export function commandReport(program: Command, setExit: (code: number) => void, run: (argv: string[]) => Promise<number>): void {
  program
    .command('report')
    .description('the scheduled CI job: run what .clawprint.yml asks, write every report file, fail only on new findings')
    .option('--config <file>', 'the report config', '.clawprint.yml')
    .option('--out-dir <dir>', 'where the report files go', 'reports')
    .option('--baseline <file>', "the previous run's report.json: findings in it are known, those gone from it are listed")
    .option('--fail-on <severity>', "exit 1 when a NEW finding is at or above it (default: the config's fail-on, else high)")
    .option('--commit <sha>', 'the commit the scan saw, for GitLab (default: $CI_COMMIT_SHA, $GITHUB_SHA, or git rev-parse HEAD)')
    .action(async (flags: ReportFlags) => {
      setExit(await report(flags, run));
    });
}

function commitOf(flags: ReportFlags, dir: string): string {
  const fromEnv = flags.commit ?? process.env['CI_COMMIT_SHA'] ?? process.env['GITHUB_SHA'];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

/** Written beside its final name and renamed: an interrupted run leaves no half file. */
function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (error) {
    throw new InputError(`cannot write ${path.basename(file)}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, file);
  }
}

async function report(flags: ReportFlags, run: (argv: string[]) => Promise<number>): Promise<number> {
  const config = loadReportConfig(flags.config);
  const failOn = flags.failOn === undefined ? config.failOn : parseFailOn(flags.failOn);
  if (failOn === undefined) throw new UsageError(`--fail-on must be critical, high, medium, low, info or none: ${shownValue(flags.failOn ?? '')}`);
  const baseline = flags.baseline === undefined ? undefined : readBaseline(flags.baseline);
  const started = new Date().toISOString();
  const results = await runProducers(producerRuns(config), run);
  const now = Date.now();
  const model = buildScheduledReport(results, { version: VERSION, config: displayPath(path.resolve(config.file)), ...(baseline ? { baseline } : {}), failOn, now });

  try {
    mkdirSync(flags.outDir, { recursive: true });
  } catch (error) {
    throw new InputError(`cannot create the output folder: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, flags.outDir);
  }
  const files: Record<(typeof REPORT_FILES)[number], string> = {
    'report.json': JSON.stringify(model, null, 2) + '\n',
    'report.md': renderReportMarkdown(model),
    'report.html': renderReportHtml(model),
    'report.sarif': renderReportSarif(model, results, displayPath(path.resolve(config.file)), warn),
    'gl-secret-detection-report.json': renderGitlabSecretDetection(model, { commit: commitOf(flags, config.dir), started, version: VERSION }),
    'gl-code-quality-report.json': renderGitlabCodeQuality(model),
  };
  for (const name of REPORT_FILES) writeAtomically(path.join(flags.outDir, name), files[name]);

  if (process.env['GITHUB_ACTIONS'] === 'true') {
    const summary = process.env['GITHUB_STEP_SUMMARY'];
    if (summary) {
      try {
        appendFileSync(summary, stepSummary(model));
      } catch (error) {
        warn(`cannot append to $GITHUB_STEP_SUMMARY: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
      }
    }
    process.stdout.write(annotations(model).join('\n') + (model.summary.new > 0 ? '\n' : ''));
  }
  const s = model.summary;
  const lines = [
    `clawprint report: ${model.verdict} (fail-on ${failOn}) · ${s.new} new · ${s.known} known · ${s.gone} gone · ${REPORT_FILES.length} files in ${displayPath(path.resolve(flags.outDir))}`,
    ...model.runs.map((r) => `  ${r.name}: exit ${r.exitCode}, ${r.findings} finding${r.findings === 1 ? '' : 's'}, ${r.inputs.length} input${r.inputs.length === 1 ? '' : 's'}`),
  ];
  // Run names and counts only, but a report job's output is where a workflow command would hide.
  process.stdout.write((process.env['GITHUB_ACTIONS'] === 'true' ? stopCommands(lines) : lines).join('\n') + '\n');
  return model.verdict === 'incomplete' ? 2 : model.verdict === 'fail' ? 1 : 0;
}
