// The report the browser test and the README screenshot show: the fixture project of
// test/commands/report.test.ts over the demo incident's logs.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fixture, runCli } from '../helpers.js';

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
/** As root in a sandboxed CI machine, with no background traffic (this machine has no network). */
export const CHROMIUM_ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

export async function buildDemoReport(): Promise<{ out: string; json: any }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'clawprint-html-'));
  cpSync(fixture('commands', 'report', 'project'), dir, { recursive: true });
  // The logs inside the project, so every path in the report is a short relative one.
  cpSync(fixture('demo', 'logs'), path.join(dir, 'logs'), { recursive: true });
  const config = readFileSync(path.join(dir, '.clawprint.yml'), 'utf8').replaceAll('../../../demo/logs/', 'logs/');
  writeFileSync(path.join(dir, '.clawprint.yml'), config);
  const r = await runCli(['report', '--config', '.clawprint.yml', '--out-dir', 'reports'], { cwd: dir });
  if (r.code !== 1) throw new Error(`report exited ${r.code}: ${r.stderr}`);
  const out = path.join(dir, 'reports');
  return { out, json: JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) };
}
