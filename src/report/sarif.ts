// report.sarif for GitHub code scanning: one run per producer, each with its own
// automationDetails.id (`clawprint/scan/`, `clawprint/config/`, `clawprint/audit/`,
// `clawprint/rotation/`), so a pull-request scan and the nightly report never close each other's
// alerts. Results come from the same SARIF reporter as `--format sarif`; a result about no file (a
// coverage gap, a rotation verdict) points at the .clawprint.yml line that declared its run.
// GitHub's limits: 25,000 results per run, 10 MB gzip per upload — what does not fit is dropped,
// lowest severity first, and said in the run's properties and on stderr.
import { gzipSync } from 'node:zlib';
import type { Finding } from '../detectors/finding.js';
import { renderSarif } from '../reporters/sarif.js';
import type { Report } from '../reporters/reporter.js';
import { severityRank } from '../severity.js';
import type { ReportFinding, ScheduledReport } from './model.js';
import { type ProducerId, type ProducerResult, rulesOf } from './producers.js';
import { thousands } from '../thousands.js';

export const MAX_RESULTS_PER_RUN = 25_000;
export const MAX_SARIF_GZIP_BYTES = 10 * 1024 * 1024;

const README_URL = 'https://www.npmjs.com/package/clawprint';

interface SarifRun {
  tool: { driver: { rules: Array<Record<string, unknown> & { id: string; shortDescription: { text: string } }> } };
  results: Array<Record<string, unknown>>;
  automationDetails?: { id: string };
  properties?: Record<string, unknown>;
}

export function renderReportSarif(report: ScheduledReport, results: readonly ProducerResult[], configPath: string, warn: (message: string) => void): string {
  const byKey = new Map(report.findings.map((f) => [f.key, f]));
  const producers: ProducerId[] = ['scan', 'config', 'audit', 'rotation'];
  const runs: SarifRun[] = [];
  for (const producer of producers) {
    const mine = results.filter((r) => r.producer === producer && r.report !== undefined);
    if (mine.length === 0) continue;
    const findings: Finding[] = [];
    for (const r of mine) {
      for (const f of r.report!.findings) {
        const reported = byKey.get(`${producer}:${f.id}`);
        if (reported === undefined) continue;
        // No location: the .clawprint.yml line of this run is where code scanning can show it.
        const location = f.location ?? { path: configPath, line: r.line };
        findings.push({ ...f, location, baseline: (reported as ReportFinding).baseline });
      }
    }
    findings.sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
    const first = mine[0]!.report!;
    const merged: Report = { ...first, findings, rules: rulesOf(producer), inputs: mine.flatMap((r) => r.report!.inputs), tokens: mine.flatMap((r) => r.report!.tokens) };
    const run = (JSON.parse(renderSarif(merged, {})) as { runs: SarifRun[] }).runs[0]!;
    run.automationDetails = { id: `clawprint/${producer}/` };
    for (const rule of run.tool.driver.rules) {
      const text = rule.shortDescription.text;
      rule['fullDescription'] = { text };
      rule['helpUri'] = `${README_URL}#${rule.id}`;
      rule['help'] = { text: `${text} See the clawprint README, rule ${rule.id}.`, markdown: `**${rule.id}**: ${text}\n\nSee the clawprint README, rule \`${rule.id}\`.` };
    }
    if (run.results.length > MAX_RESULTS_PER_RUN) {
      const dropped = run.results.length - MAX_RESULTS_PER_RUN;
      run.results = run.results.slice(0, MAX_RESULTS_PER_RUN);
      run.properties = { ...run.properties, 'clawprint/droppedResults': dropped };
      warn(`report.sarif: ${dropped} ${producer} results past GitHub's ${thousands(MAX_RESULTS_PER_RUN)} per run were left out, lowest severity first (report.json has them all)`);
    }
    runs.push(run);
  }
  const doc = (): string => JSON.stringify({ $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs }, null, 2) + '\n';
  let text = doc();
  // Lowest severities go first, a tenth of the largest run at a time, until the upload fits.
  while (gzipSync(text).length > MAX_SARIF_GZIP_BYTES) {
    const largest = runs.reduce((a, b) => (b.results.length > a.results.length ? b : a));
    const cut = Math.max(1, Math.floor(largest.results.length / 10));
    largest.results = largest.results.slice(0, largest.results.length - cut);
    largest.properties = { ...largest.properties, 'clawprint/droppedResults': Number(largest.properties?.['clawprint/droppedResults'] ?? 0) + cut };
    warn(`report.sarif: ${cut} results left out to stay under GitHub's 10 MB gzip upload limit, lowest severity first`);
    text = doc();
  }
  return text;
}
