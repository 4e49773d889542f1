// The producers of a scheduled report: scan, check-config, audit (one run per exposed token and its
// window) and rotation, each run as its own command would run (the same `main` the bin calls,
// in-process, `--format json` into a temporary file), so the report has no second implementation
// of any of them. Each run's JSON is read back into a Report for the renderers.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROTATION_RULES } from '../detectors/rotation-status.js';
import { AUDIT_DETECTORS, CONFIG_DETECTORS, SCAN_DETECTORS } from '../detectors/index.js';
import type { DetectorMeta } from '../detectors/detector.js';
import type { Finding } from '../detectors/finding.js';
import type { InputCoverage } from '../pipeline/coverage.js';
import type { Report } from '../reporters/reporter.js';
import type { LogSourceSpec, ReportConfig, TokenRefSpec } from './config.js';

export type ProducerId = 'scan' | 'config' | 'audit' | 'rotation';

export interface ProducerRun {
  producer: ProducerId;
  /** `audit` runs once per token: `audit #2` names the second. */
  name: string;
  argv: string[];
  /** The `.clawprint.yml` line that asked for this run (SARIF places results about no file there). */
  line: number;
}

export interface ProducerResult extends ProducerRun {
  exitCode: number;
  /** Absent when the run failed before writing its report (exit 2 with one line on stderr). */
  report?: Report;
}

const RULES: Record<ProducerId, () => DetectorMeta[]> = {
  scan: () => Object.values(SCAN_DETECTORS).map((d) => d.meta),
  config: () => Object.values(CONFIG_DETECTORS).map((d) => d.meta),
  audit: () => Object.values(AUDIT_DETECTORS).map((d) => d.meta),
  rotation: () => [...ROTATION_RULES],
};

export function rulesOf(producer: ProducerId): DetectorMeta[] {
  return RULES[producer]();
}

const tokenArgs = (t: TokenRefSpec, prefix = ''): string[] => ('tokenEnv' in t ? [`--${prefix}token-env`, t.tokenEnv] : [`--${prefix}fingerprint`, t.fingerprint]);

/** Every run the config asks for, in report order. */
export function producerRuns(config: ReportConfig): ProducerRun[] {
  const runs: ProducerRun[] = [];
  if (config.scan) runs.push({ producer: 'scan', name: 'scan', argv: ['scan', ...config.scan.paths], line: config.scan.line });
  if (config.checkConfig) {
    const c = config.checkConfig;
    const argv = ['check-config', ...c.paths, ...c.environments.flatMap((e) => ['--environment', e])];
    if (c.maxRotationAge !== undefined) argv.push('--max-rotation-age', c.maxRotationAge);
    runs.push({ producer: 'config', name: 'check-config', argv, line: c.line });
  }
  if (config.audit) {
    const a = config.audit;
    a.tokens.forEach((t, i) => {
      const argv = ['audit', ...a.logs, ...tokenArgs(t.token)];
      if (t.since !== undefined) argv.push('--since', t.since);
      if (t.until !== undefined) argv.push('--until', t.until);
      if (a.format !== undefined) argv.push('--input-format', a.format);
      if (a.tz !== undefined) argv.push('--tz', a.tz);
      argv.push(...perSourceArgs(a.sources));
      if (a.knownAgents !== undefined) argv.push('--known-agents', a.knownAgents);
      runs.push({ producer: 'audit', name: a.tokens.length === 1 ? 'audit' : `audit #${i + 1}`, argv, line: t.line });
    });
  }
  if (config.rotation) {
    const r = config.rotation;
    const argv = ['rotation', ...r.logs, ...tokenArgs(r.old, 'old-'), ...tokenArgs(r.new, 'new-')];
    if (r.quietPeriod !== undefined) argv.push('--quiet-period', r.quietPeriod);
    if (r.format !== undefined) argv.push('--input-format', r.format);
    if (r.tz !== undefined) argv.push('--tz', r.tz);
    argv.push(...perSourceArgs(r.sources));
    runs.push({ producer: 'rotation', name: 'rotation', argv, line: r.line });
  }
  return runs;
}

/** A source's own format and zone as the commands take them: `--input-format PATH=ID`, `--tz PATH=ZONE`. */
function perSourceArgs(sources: readonly LogSourceSpec[]): string[] {
  return sources.flatMap((s) => [
    ...(s.format !== undefined ? ['--input-format', `${s.path}=${s.format}`] : []),
    ...(s.tz !== undefined ? ['--tz', `${s.path}=${s.tz}`] : []),
  ]);
}

/** Runs each producer through `run` (the CLI's main) and reads its JSON report back. */
export async function runProducers(runs: readonly ProducerRun[], run: (argv: string[]) => Promise<number>): Promise<ProducerResult[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'clawprint-report-'));
  try {
    const results: ProducerResult[] = [];
    for (const [i, r] of runs.entries()) {
      const out = path.join(dir, `${i}.json`);
      // --fail-on none: the report decides failure from new findings, not each producer.
      const exitCode = await run(['node', 'clawprint', ...r.argv, '--format', 'json', '--output', out, '--fail-on', 'none', '--no-progress']);
      let report: Report | undefined;
      try {
        report = reportFromJson(JSON.parse(readFileSync(out, 'utf8')), rulesOf(r.producer));
      } catch {
        report = undefined;
      }
      results.push({ ...r, exitCode, ...(report ? { report } : {}) });
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ms = (iso: unknown): number | undefined => (typeof iso === 'string' ? Date.parse(iso) : undefined);

/** A command's `--format json` output as the Report it was rendered from (times back to epoch ms). */
export function reportFromJson(json: Record<string, unknown>, rules: DetectorMeta[]): Report {
  const findings = (json['findings'] as Array<Record<string, unknown>>).map((f) => {
    const out = { ...f } as unknown as Finding & Record<string, unknown>;
    for (const key of ['time', 'lastTime', 'from', 'to'] as const) {
      const t = ms(f[key]);
      if (t === undefined) delete out[key];
      else out[key] = t;
    }
    return out as Finding;
  });
  const inputs = ((json['inputs'] as Array<Record<string, unknown>>) ?? []).map((c) => {
    const out = { ...c } as unknown as InputCoverage & Record<string, unknown>;
    for (const key of ['first', 'last'] as const) {
      const t = ms(c[key]);
      if (t === undefined) delete out[key];
      else out[key] = t;
    }
    return out as InputCoverage;
  });
  const window = json['window'] as { since: string; until: string } | undefined;
  return {
    tool: json['tool'] as Report['tool'],
    command: json['command'] as Report['command'],
    ...(window ? { window: { since: Date.parse(window.since), until: Date.parse(window.until) } } : {}),
    tokens: (json['tokens'] as Report['tokens']) ?? [],
    inputs,
    issues: (json['issues'] as Report['issues']) ?? [],
    findings,
    rules,
  };
}
