// The Report fixtures the reporter tests render (fixtures/reporters/*-report.json), plus the
// golden-file check shared by all of them. audit-two-tokens is a real audit run with two exposed
// tokens (several-tokens.test.ts).
import { readFileSync } from 'node:fs';
import type { Report, ReportOptions, Reporter } from '../../src/reporters/reporter.js';
import { assertMatchesTextFile, fixture } from '../helpers.js';

export function loadReport(name: 'audit' | 'scan' | 'audit-two-tokens'): Report {
  return JSON.parse(readFileSync(fixture('reporters', `${name}-report.json`), 'utf8')) as Report;
}

/** The audit fixture with nothing found: coverage and issues must still be shown. */
export function emptyAudit(): Report {
  return { ...loadReport('audit'), findings: [] };
}

/** Renders the fixture and compares it with fixtures/reporters/<format>/<variant>.expected.<ext>. */
export function assertGolden(reporter: Reporter, format: string, ext: string, variant: string, report: Report, options: ReportOptions = {}): string {
  const text = reporter(report, options);
  assertMatchesTextFile(text, fixture('reporters', format, `${variant}.expected.${ext}`));
  return text;
}
