// End to end on the demo incident (scripts/make-demo.mjs tells its story): exact findings, the
// coverage section, exit codes, and every output format.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixture, runCli } from '../helpers.js';

const BASE = ['audit', fixture('demo', 'logs'), '--token-file', fixture('demo', 'leaked-token.txt'), '--since', '2025-02-21T14:00Z', '--until', '2025-02-21T18:30Z', '--known-agents', fixture('demo', 'agents.txt'), '--no-progress'];

interface JsonFinding {
  id: string;
  rule: string;
  severity: string;
  time: string;
  location: { path: string; line: number };
  source?: string;
  agent?: string;
  device?: string;
  count?: number;
  token?: string;
  reason?: string;
  from?: string;
  to?: string;
}

const project = (f: JsonFinding): unknown[] => [
  f.rule, f.severity, f.time, f.location.path.replace('fixtures/demo/logs/', ''), f.location.line, f.source ?? f.device?.slice(0, 12) ?? null, f.count ?? null,
];

describe('audit: the demo incident', () => {
  it('reports exactly the incident', async () => {
    const r = await runCli([...BASE, '--format', 'json']);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as { findings: JsonFinding[]; window: unknown; tokens: unknown; inputs: Array<Record<string, unknown>> };
    assert.deepEqual(report.window, { since: '2025-02-21T14:00:00.000Z', until: '2025-02-21T18:30:00.000Z' });
    assert.deepEqual(report.tokens, [{ fingerprint: 'sha256:492af9017f91', label: 'exposed' }]);
    assert.deepEqual(report.findings.map(project), [
      // The deploy job echoed its curl with the token 8 s before --since: an exposure, not a use.
      ['token-exposure', 'high', '2025-02-21T13:59:52.000Z', 'ci/deploy-smoke-test.log', 4, null, 1],
      ['token-use', 'high', '2025-02-21T14:00:07.000Z', 'gateway-access.log.1.gz', 123, '10.0.0.5', 38],
      ['token-use', 'high', '2025-02-21T14:00:31.000Z', 'gateway-access.log.1.gz', 124, '10.0.0.6', 38],
      // Six uses: the refused POST /api/v1/config (403) is one of them.
      ['token-use', 'critical', '2025-02-21T14:38:09.000Z', 'proxy/access.log', 6, '203.0.113.7', 6],
      ['unexpected-registration', 'critical', '2025-02-21T15:05:03.000Z', 'gateway-access.log.1.gz', 154, '203.0.113.7', 1],
      ['unexpected-registration', 'critical', '2025-02-21T15:12:40.000Z', 'gateway-access.log.1.gz', 160, '198.51.100.9', 1],
      ['log-coverage-gap', 'medium', '2025-02-21T15:15:31.000Z', 'gateway-access.log.1.gz', 162, null, null],
      ['unexpected-registration', 'critical', '2025-02-21T15:30:00.000Z', 'openclaw/openclaw-2025-02-21.log', 1, '90f9c76fecdb', 1],
      ['gateway-config-change', 'medium', '2025-02-21T16:10:02.000Z', 'openclaw/openclaw-2025-02-21.log', 3, null, null],
      ['auth-failures', 'medium', '2025-02-21T16:45:00.000Z', 'gateway-access.log', 3, '192.0.2.44', 12],
      ['unattributed-shared-token-use', 'medium', '2025-02-21T17:05:44.000Z', 'openclaw/openclaw-2025-02-21.log', 5, '198.51.100.23', 1],
      ['gateway-config-change', 'medium', '2025-02-21T18:29:30.000Z', 'openclaw/openclaw-2025-02-21.log', 7, null, 1],
      ['token-use-after-window', 'critical', '2025-02-21T18:30:31.000Z', 'gateway-access.log', 58, '10.0.0.6', 3],
    ]);
    assert.match(r.stderr, /^clawprint: the token was printed in a log at 2025-02-21T13:59:52\.000Z \(.*ci\/deploy-smoke-test\.log:4\): it was exposed from then on; suggested --since 2025-02-21T13:59:52\.000Z$/m);
    const attacker = report.findings.find((f) => f.rule === 'token-use' && f.source === '203.0.113.7') as JsonFinding & { uses: Array<{ time: string; method: string; path: string; status: number }> };
    assert.deepEqual(
      attacker.uses.map((u) => [u.time, u.method, u.path, u.status]),
      [
        ['2025-02-21T14:38:09.000Z', 'GET', '/hooks/wake?token=[clawprint sha256:492af9017f91]&mode=now', 200],
        ['2025-02-21T14:40:12.000Z', 'GET', '/api/v1/memory', 200],
        ['2025-02-21T14:41:12.000Z', 'GET', '/api/v1/memory?scope=all', 200],
        ['2025-02-21T14:45:30.000Z', 'POST', '/api/v1/config', 403],
        ['2025-02-21T14:52:12.000Z', 'POST', '/api/v1/agents/researcher/messages', 200],
        ['2025-02-21T15:11:12.000Z', 'POST', '/api/v1/tasks', 200],
      ],
    );
    // docs/product.md §9: ids are what SARIF partialFingerprints and baselines key on, so no two may share one.
    assert.equal(new Set(report.findings.map((f) => f.id)).size, report.findings.length);
    const byRule = (rule: string) => report.findings.filter((f) => f.rule === rule);
    assert.deepEqual(byRule('unexpected-registration').map((f) => f.reason), ['known agent from a new source', 'unknown agent', 'unknown device']);
    assert.deepEqual(byRule('token-use').map((f) => f.reason), [
      'this source used the token before the window too',
      'this source used the token before the window too',
      'this source never used the token before the window',
    ]);
    const gap = byRule('log-coverage-gap')[0]!;
    assert.deepEqual([gap.from, gap.to], ['2025-02-21T15:15:31.000Z', '2025-02-21T15:30:00.000Z']);
    assert.deepEqual(
      report.inputs.map((i) => [String(i['path']).replace('fixtures/demo/logs/', ''), `${i['envelope']}/${i['format']}`, i['lines'], i['first'], i['last']]),
      [
        // A CI log holds no gateway event: it covers no time (format not recognised).
        ['ci/deploy-smoke-test.log', 'github-actions/plain', 7, '2025-02-21T13:59:41.000Z', '2025-02-21T13:59:54.000Z'],
        ['gateway-access.log', 'none/gateway-jsonl', 73, '2025-02-21T16:40:07.000Z', '2025-02-21T19:05:31.000Z'],
        ['gateway-access.log.1.gz', 'none/gateway-jsonl', 162, '2025-02-21T09:00:01.000Z', '2025-02-21T15:15:31.000Z'],
        ['openclaw/openclaw-2025-02-21.log', 'none/openclaw-file', 8, '2025-02-21T15:30:00.000Z', '2025-02-21T18:31:00.000Z'],
        ['proxy/access.log', 'none/access-log', 10, '2025-02-21T13:50:00.000Z', '2025-02-21T15:00:00.000Z'],
      ],
    );
  });

  it('finds the same token use from the fingerprint alone, except where only the raw token can tell', async () => {
    const r = await runCli([...BASE.filter((a, i) => a !== '--token-file' && BASE[i - 1] !== '--token-file'), '--fingerprint', 'sha256:492af9017f91', '--format', 'json']);
    const report = JSON.parse(r.stdout) as { findings: JsonFinding[] };
    // The ?token= use in the proxy log is still found: its value is hashed and compared.
    const attacker = report.findings.find((f) => f.rule === 'token-use' && f.source === '203.0.113.7');
    assert.equal(attacker?.count, 6);
  });

  it('exit code follows --fail-on', async () => {
    assert.equal((await runCli([...BASE, '--fail-on', 'none'])).code, 0);
    assert.equal((await runCli([...BASE, '--fail-on', 'critical'])).code, 1);
    const quiet = await runCli([...BASE, '--since', '2025-02-21T20:00Z', '--until', '2025-02-21T21:00Z', '--fail-on', 'critical', '--format', 'json']);
    assert.equal(quiet.code, 0, quiet.stderr);
    const findings = (JSON.parse(quiet.stdout) as { findings: JsonFinding[] }).findings;
    // The CI log's exposure (13:59) is before this window: reported whatever the window, it says the window starts too late.
    assert.deepEqual(findings.map((f) => f.rule), ['token-exposure', 'log-coverage-gap'], 'a window no log covers is never reported clean');
  });

  it('prints every format', async () => {
    for (const [format, check] of [
      ['table', /Token use by source[\s\S]*203\.0\.113\.7[\s\S]*Coverage/],
      ['markdown', /^# clawprint audit/],
      ['csv', /^id,rule,severity,time,path,line/],
      ['jsonl', /^\{"id":"[0-9a-f]{16}","rule":"token-exposure"/],
      ['sarif', /"version": "2\.1\.0"/],
    ] as const) {
      const r = await runCli([...BASE, '--format', format, '--fail-on', 'none']);
      assert.equal(r.code, 0, `${format}: ${r.stderr}`);
      assert.match(r.stdout, check, format);
    }
  });

  it('prints times in --display-tz', async () => {
    const r = await runCli([...BASE, '--format', 'jsonl', '--display-tz', 'Asia/Kolkata', '--fail-on', 'none']);
    assert.match(r.stdout.split('\n')[1]!, /"time":"2025-02-21T19:30:07\.000\+05:30"/);
  });
});
