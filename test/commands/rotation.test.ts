// `clawprint rotation` over one generated incident: scout switches to the new token, planner never
// does, courier only ever had the new one (by Seed's token_slot), archivist stops using the old
// token without appearing on the new one. The same events are written as plain gateway JSONL and
// inside Docker json-file and CRI envelopes: every envelope must give the same clients and verdict.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fingerprintOf } from '../../src/token.js';
import { fixture, runCli } from '../helpers.js';

const OLD_FILE = fixture('commands', 'rotation', 'old-token.txt');
const NEW_FILE = fixture('commands', 'rotation', 'new-token.txt');
const OLD_FP = fingerprintOf(readFileSync(OLD_FILE, 'utf8').trim());
const NEW_FP = fingerprintOf(readFileSync(NEW_FILE, 'utf8').trim());
const T0 = Date.parse('2026-03-10T08:00:00Z');
const MIN = 60_000;

interface Use {
  minute: number;
  agent: string;
  token?: 'old' | 'new';
  slot?: 'primary' | 'secondary';
}

function uses(withPlanner: boolean, archivistLast: number): Use[] {
  const out: Use[] = [];
  for (let m = 0; m < 60; m += 10) out.push({ minute: m, agent: 'scout', token: 'old' });
  for (let m = 60; m <= 240; m += 10) out.push({ minute: m, agent: 'scout', token: 'new' });
  if (withPlanner) for (let m = 5; m <= 235; m += 10) out.push({ minute: m, agent: 'planner', token: 'old' });
  for (let m = 30; m <= 230; m += 20) out.push({ minute: m, agent: 'courier', slot: 'primary' });
  for (let m = 0; m <= archivistLast; m += 15) out.push({ minute: m, agent: 'archivist', token: 'old' });
  return out.sort((a, b) => a.minute - b.minute || a.agent.localeCompare(b.agent));
}

function jsonLine(u: Use): { time: string; line: string } {
  const time = new Date(T0 + u.minute * MIN).toISOString();
  const fields: Record<string, unknown> = { ts: time, event: 'http.request', method: 'POST', path: `/api/v1/agents/${u.agent}/messages`, status: 200, remote_addr: '10.0.0.9', user_agent: 'openclaw-agent/2026.3.1', agent: u.agent };
  if (u.token !== undefined) fields['token_fp'] = u.token === 'old' ? OLD_FP : NEW_FP;
  if (u.slot !== undefined) fields['token_slot'] = u.slot;
  return { time, line: JSON.stringify(fields) };
}

const ENVELOPES: Record<string, (u: Use) => string> = {
  'gateway-jsonl': (u) => jsonLine(u).line,
  'docker-json': (u) => {
    const { time, line } = jsonLine(u);
    return JSON.stringify({ log: `${line}\n`, stream: 'stdout', time: time.replace('Z', '123456Z') });
  },
  cri: (u) => {
    const { time, line } = jsonLine(u);
    return `${time.replace('Z', '123456789Z').replace('.000123456789', '.000123456')} stdout F ${line}`;
  },
};

function writeLog(envelope: string, list: Use[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'clawprint-rotation-'));
  const file = path.join(dir, `${envelope}.log`);
  writeFileSync(file, list.map(ENVELOPES[envelope]!).join('\n') + '\n');
  return file;
}

interface Result {
  code: number;
  verdict: string;
  clients: string[];
}

async function rotation(file: string, ...extra: string[]): Promise<Result> {
  const r = await runCli(['rotation', file, '--old-token-file', OLD_FILE, '--new-token-file', NEW_FILE, '--format', 'json', ...extra]);
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  const report = JSON.parse(r.stdout) as { findings: Array<{ rule: string; reason: string; severity: string; agent?: string }> };
  const verdict = report.findings.find((f) => f.rule === 'rotation-verdict')!;
  const clients = report.findings.filter((f) => f.rule === 'rotation-client').map((f) => `${f.agent} ${f.reason} ${f.severity}`);
  return { code: r.code, verdict: verdict.reason, clients: clients.sort() };
}

describe('rotation', () => {
  for (const envelope of Object.keys(ENVELOPES)) {
    it(`classifies every client and holds the rotation back for planner (${envelope})`, async () => {
      const result = await rotation(writeLog(envelope, uses(true, 90)));
      assert.deepEqual(result, {
        code: 1,
        verdict: 'not-ready',
        clients: ['archivist old-only-gone-quiet medium', 'courier new-only info', 'planner still-on-old high', 'scout migrated info'],
      });
    });
  }

  it('is ready once nobody is on the old token and its last use is older than the quiet period', async () => {
    const file = writeLog('gateway-jsonl', uses(false, 165));
    // The evidence ends at minute 240; archivist last used the old token at minute 165.
    assert.deepEqual(await rotation(file), { code: 0, verdict: 'ready', clients: ['archivist old-only-gone-quiet medium', 'courier new-only info', 'scout migrated info'] });
    assert.deepEqual(await rotation(file, '--quiet-period', '90m'), {
      code: 1,
      verdict: 'not-ready',
      clients: ['archivist still-on-old high', 'courier new-only info', 'scout migrated info'],
    });
  });

  it('--until ends the evidence: uses after it are not counted', async () => {
    const file = writeLog('gateway-jsonl', uses(false, 165));
    const result = await rotation(file, '--until', '2026-03-10T10:00:00Z');
    assert.equal(result.verdict, 'not-ready');
  });

  it('refuses the same token as old and new, and a raw token in argv', async () => {
    const same = await runCli(['rotation', OLD_FILE, '--old-token-file', OLD_FILE, '--new-token-file', OLD_FILE]);
    assert.equal(same.code, 2);
    assert.match(same.stderr, /the old and the new token are the same token/);
    const raw = await runCli(['rotation', OLD_FILE, '--old-token-env', readFileSync(OLD_FILE, 'utf8').trim(), '--new-token-file', NEW_FILE]);
    assert.equal(raw.code, 2);
    assert.doesNotMatch(raw.stderr, new RegExp(readFileSync(OLD_FILE, 'utf8').trim().slice(0, 16)));
  });

  it('never prints either token, in any format', async () => {
    const file = writeLog('docker-json', uses(true, 90));
    for (const format of ['table', 'json', 'jsonl', 'markdown', 'csv', 'sarif']) {
      const r = await runCli(['rotation', file, '--old-token-file', OLD_FILE, '--new-token-file', NEW_FILE, '--format', format]);
      for (const token of [OLD_FILE, NEW_FILE].map((f) => readFileSync(f, 'utf8').trim())) {
        for (let i = 0; i + 16 <= token.length; i++) assert.ok(!r.stdout.includes(token.slice(i, i + 16)) && !r.stderr.includes(token.slice(i, i + 16)), `${format} prints part of a token`);
      }
    }
  });
});
