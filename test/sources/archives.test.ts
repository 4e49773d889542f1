// Archives read entry by entry (sources/open-input.ts): a GitHub Actions run's log zip, gateway logs
// as .tar.gz, archives inside archives, and hostile archives (a zip bomb, `../` names, limits).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { parseSize } from '../../src/sources/archive-limits.js';
import { fixture, runCli } from '../helpers.js';
import { entriesOf, renameInZip, tarOf, tgzOf, zipOf } from './archive-fixtures.js';

const RUN = fixture('sources', 'archives', 'github-actions-run');
// The fake bearer value in the step log (fixtures/sources/archives/SOURCES.md).
const STEP_TOKEN = /Bearer ([0-9a-f]{48})/.exec(readFileSync(path.join(RUN, 'build', '2_Run deploy.txt'), 'utf8'))![1]!;
const DEMO_TOKEN = fixture('demo', 'leaked-token.txt');
const WINDOW = ['--since', '2025-02-21T14:00Z', '--until', '2025-02-21T18:30Z', '--known-agents', fixture('demo', 'agents.txt'), '--fail-on', 'none'];

function workdir(): string {
  return mkdtempSync(path.join(tmpdir(), 'clawprint-archives-'));
}

interface Located {
  rule: string;
  location: { path: string; line: number; column?: number };
}

/** stderr without the entropy warning the short fixture tokens give. */
const warnings = (stderr: string): string[] => stderr.split('\n').filter((l) => l !== '' && !l.includes('bytes of entropy'));

describe('a GitHub Actions log archive (zip, as "Download log archive" writes it)', async () => {
  const dir = workdir();
  writeFileSync(path.join(dir, 'logs.zip'), await zipOf(entriesOf(RUN)));
  const env = { STEP: STEP_TOKEN };

  it('finds the token at its entry, line and column (BOM and 7-digit times removed by the envelope)', async () => {
    const r = await runCli(['scan', 'logs.zip', '--token-env', 'STEP', '--format', 'json', '--no-progress'], { cwd: dir, env });
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as { findings: Array<Located & { context: string }>; inputs: Array<{ path: string; envelope: string; lines: number }> };
    assert.deepEqual(
      report.findings.map((f) => [f.rule, f.location.path, f.location.line, f.location.column, f.context]),
      [
        ['exposed-token', 'logs.zip!/1_build.txt', 8, 65, 'github-actions'],
        ['exposed-token', 'logs.zip!/build/2_Run deploy.txt', 6, 65, 'github-actions'],
      ],
    );
    // Each entry is an input of its own in the coverage section.
    assert.deepEqual(
      report.inputs.map((c) => [c.path, c.envelope, c.lines]),
      [
        ['logs.zip!/1_build.txt', 'github-actions', 9],
        ['logs.zip!/build/1_Set up job.txt', 'github-actions', 6],
        ['logs.zip!/build/2_Run deploy.txt', 'github-actions', 7],
        ['logs.zip!/build/3_Complete job.txt', 'github-actions', 1],
      ],
    );
    assert.deepEqual(warnings(r.stderr), []);
  });

  it('carries the entry path into SARIF (percent-encoded) and the baseline', async () => {
    const sarif = await runCli(['scan', 'logs.zip', '--token-env', 'STEP', '--format', 'sarif', '--write-baseline', 'baseline.json', '--no-progress'], { cwd: dir, env });
    const results = (JSON.parse(sarif.stdout) as { runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }> }> }> }).runs[0]!.results;
    assert.deepEqual(
      results.map((x) => x.locations[0]!.physicalLocation).map((p) => [p.artifactLocation.uri, p.region.startLine, p.region.startColumn]),
      [
        ['logs.zip!/1_build.txt', 8, 65],
        ['logs.zip!/build/2_Run%20deploy.txt', 6, 65],
      ],
    );
    const baseline = JSON.parse(readFileSync(path.join(dir, 'baseline.json'), 'utf8')) as { findings: Array<{ path: string }> };
    assert.deepEqual(baseline.findings.map((f) => f.path), ['logs.zip!/1_build.txt', 'logs.zip!/build/2_Run deploy.txt']);
    const again = await runCli(['scan', 'logs.zip', '--token-env', 'STEP', '--baseline', 'baseline.json', '--no-progress'], { cwd: dir, env });
    assert.equal(again.code, 0, again.stdout);
  });

  it('reads the same zip from stdin (in memory: a zip index is at its end)', async () => {
    const r = await runCli(['scan', '-', '--token-env', 'STEP', '--format', 'json', '--no-progress'], { cwd: dir, env, stdin: readFileSync(path.join(dir, 'logs.zip')) });
    const report = JSON.parse(r.stdout) as { findings: Located[] };
    assert.deepEqual(report.findings.map((f) => [f.location.path, f.location.line, f.location.column]), [
      ['-!/1_build.txt', 8, 65],
      ['-!/build/2_Run deploy.txt', 6, 65],
    ]);
  });

  it('is read inside a directory only with --archives; named on the command line, always', async () => {
    mkdirSync(path.join(dir, 'tree'));
    writeFileSync(path.join(dir, 'tree', 'run-logs.zip'), readFileSync(path.join(dir, 'logs.zip')));
    const walked = await runCli(['scan', 'tree', '--token-env', 'STEP', '--format', 'json', '--no-progress'], { cwd: dir, env });
    assert.equal(walked.code, 0);
    assert.deepEqual((JSON.parse(walked.stdout) as { findings: unknown[] }).findings, []);
    assert.deepEqual(warnings(walked.stderr), ['clawprint: 1 archive not read (--verbose lists them and why; --archives reads those found in directories)']);
    const withFlag = await runCli(['scan', 'tree', '--archives', '--token-env', 'STEP', '--format', 'json', '--no-progress'], { cwd: dir, env });
    assert.deepEqual((JSON.parse(withFlag.stdout) as { findings: Located[] }).findings.map((f) => f.location.path), ['tree/run-logs.zip!/1_build.txt', 'tree/run-logs.zip!/build/2_Run deploy.txt']);
    const verbose = await runCli(['scan', 'tree', '--verbose', '--no-progress'], { cwd: dir });
    assert.deepEqual(warnings(verbose.stderr), ['clawprint: zip archive found in a directory walk; not read (--archives reads it) (tree/run-logs.zip)']);
    const named = await runCli(['scan', 'tree', 'tree/run-logs.zip', '--token-env', 'STEP', '--format', 'json', '--no-progress'], { cwd: dir, env });
    assert.equal((JSON.parse(named.stdout) as { findings: unknown[] }).findings.length, 2);
  });
});

describe('gateway logs as .tar.gz', async () => {
  const dir = workdir();
  const logs = entriesOf(fixture('demo', 'logs'), 'logs/');
  writeFileSync(path.join(dir, 'gateway-logs.tar.gz'), await tgzOf(logs));
  writeFileSync(path.join(dir, 'gateway-logs.tar'), await tarOf(logs));
  for (const [name, data] of logs) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), data);
  }
  const audit = async (input: string) => {
    const r = await runCli(['audit', input, '--token-file', DEMO_TOKEN, ...WINDOW, '--format', 'json', '--no-progress'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const inside = (p: string): string => p.replace(/gateway-logs\.tar(\.gz)?!\//, '');
    // The demo's CI log: read as plain text (it covers no time) and the token printed in it.
    assert.deepEqual(warnings(r.stderr).map(inside), [
      'clawprint: github-actions output, its lines in no request-log format, read as plain text: it covers no time of the window (--input-format forces a format) (logs/ci/deploy-smoke-test.log)',
      'clawprint: the token was printed in a log at 2025-02-21T13:59:52.000Z (logs/ci/deploy-smoke-test.log:4): it was exposed from then on; suggested --since 2025-02-21T13:59:52.000Z',
    ]);
    const report = JSON.parse(r.stdout) as { findings: Array<Record<string, unknown> & Located & { uses?: Array<{ location: { path: string } }> }>; inputs: Array<{ path: string; lines: number; events: number; gzip: boolean }> };
    // Ids hash the path; the rest of each finding must be the same.
    const findings = report.findings.map(({ id, location, lastLocation, uses, ...rest }) => {
      void id;
      void lastLocation;
      const at = uses?.map((u) => ({ ...u, location: { ...u.location, path: inside(u.location.path) } }));
      // Messages that name an input (a printed token, a log that covers no time) name it inside the archive.
      return { ...rest, message: inside(String(rest['message'])), ...(at !== undefined ? { uses: at } : {}), at: `${inside(location.path)}:${location.line}` };
    });
    const inputs = report.inputs.map((c) => ({ ...c, path: c.path.replace(/^gateway-logs\.tar(\.gz)?!\//, '') })).sort((a, b) => (a.path < b.path ? -1 : 1));
    return { findings, inputs };
  };

  it('audits to the same findings and coverage as the extracted folder (gzip entries inside too)', async () => {
    const folder = await audit('logs');
    assert.equal(folder.findings.length, 13);
    for (const archive of ['gateway-logs.tar.gz', 'gateway-logs.tar']) {
      const read = await audit(archive);
      assert.deepEqual(read.findings, folder.findings, archive);
      assert.deepEqual(read.inputs, folder.inputs, archive);
    }
  });

  it('reads archives inside archives, each entry named through every level', async () => {
    writeFileSync(path.join(dir, 'bundle.zip'), await zipOf([['incident/gateway-logs.tar.gz', readFileSync(path.join(dir, 'gateway-logs.tar.gz'))]]));
    const r = await runCli(['audit', 'bundle.zip', '--token-file', DEMO_TOKEN, ...WINDOW, '--format', 'json', '--no-progress'], { cwd: dir });
    const report = JSON.parse(r.stdout) as { inputs: Array<{ path: string }> };
    assert.deepEqual(report.inputs.map((c) => c.path).sort(), [
      'bundle.zip!/incident/gateway-logs.tar.gz!/logs/ci/deploy-smoke-test.log',
      'bundle.zip!/incident/gateway-logs.tar.gz!/logs/gateway-access.log',
      'bundle.zip!/incident/gateway-logs.tar.gz!/logs/gateway-access.log.1.gz',
      'bundle.zip!/incident/gateway-logs.tar.gz!/logs/openclaw/openclaw-2025-02-21.log',
      'bundle.zip!/incident/gateway-logs.tar.gz!/logs/proxy/access.log',
    ]);
    const shallow = await runCli(['audit', 'bundle.zip', '--token-file', DEMO_TOKEN, ...WINDOW, '--archive-max-depth', '1', '--no-progress'], { cwd: dir });
    // The only archive inside is past the limit: nothing is read, which the audit says in one line.
    assert.equal(shallow.code, 2);
    assert.deepEqual(warnings(shallow.stderr), [
      'clawprint: no input could be read, so the audit cannot clear any part of the window: tar archive at nesting level 2, past the limit of 1; not read (--archive-max-depth raises the limit) (bundle.zip!/incident/gateway-logs.tar.gz)',
    ]);
  });
});

describe('hostile archives', async () => {
  const dir = workdir();
  // Built from parts: written out, the assignment would be a finding of the repository's own scan.
  const literal = `${['OPENCLAW', 'GATEWAY', 'TOKEN'].join('_')}=${STEP_TOKEN}\n`;

  it('a zip bomb: the entry is not read, one line says so, the other entries are', async () => {
    // 24 MiB of zeros deflate to ~24 KiB: 1,000:1, over the default 200:1 past 16 MiB.
    writeFileSync(path.join(dir, 'bomb.zip'), await zipOf([['zeros.bin', Buffer.alloc(24 << 20)], ['app.env', literal]]));
    const r = await runCli(['scan', 'bomb.zip', '--format', 'json', '--no-progress'], { cwd: dir });
    assert.deepEqual(warnings(r.stderr), [
      "clawprint: entry decompresses more than 200:1 (24 MiB from 23.9 KiB), a zip bomb's shape; not read (--archive-max-ratio raises the limit) (bomb.zip!/zeros.bin)",
    ]);
    const report = JSON.parse(r.stdout) as { findings: Located[]; issues: Array<{ kind: string }> };
    assert.deepEqual(report.findings.map((f) => [f.rule, f.location.path]), [['gateway-token-literal', 'bomb.zip!/app.env']]);
    assert.deepEqual(report.issues.map((i) => i.kind), ['archive-limit']);
    const raised = await runCli(['scan', 'bomb.zip', '--archive-max-ratio', '5000', '--verbose', '--no-progress'], { cwd: dir });
    assert.ok(!raised.stderr.includes('zip bomb'), raised.stderr);
  });

  it('a gzip bomb inside a tar is cut where the ratio passes the limit, on its own coverage row', async () => {
    writeFileSync(path.join(dir, 'gz-bomb.tar'), await tarOf([['app.env', literal], ['big.log.gz', gzipSync(Buffer.alloc(64 << 20, 'a'))]]));
    const r = await runCli(['scan', 'gz-bomb.tar', '--format', 'json', '--no-progress'], { cwd: dir });
    const report = JSON.parse(r.stdout) as { inputs: Array<{ path: string; issues: Array<{ kind: string }> }> };
    assert.deepEqual(report.inputs.map((c) => [c.path, c.issues.map((i) => i.kind)]), [
      ['gz-bomb.tar!/app.env', []],
      ['gz-bomb.tar!/big.log.gz', ['archive-limit', 'long-line']],
    ]);
    assert.match(warnings(r.stderr)[0]!, /^clawprint: gzip data decompresses more than 200:1 \(\d+ MiB so far\), a zip bomb's shape; the rest was not read \(--archive-max-ratio raises the limit\) \(gz-bomb\.tar!\/big\.log\.gz\)$/);
  });

  it('an entry named ../../x is read in memory, shown as written, and nothing is written to disk', async () => {
    const zip = renameInZip(await zipOf([['zz/zz/x', literal]], false), 'zz/zz/x', '../../x');
    const nested = path.join(dir, 'a', 'b');
    mkdirSync(nested, { recursive: true });
    writeFileSync(path.join(nested, 'evil.zip'), zip);
    const r = await runCli(['scan', 'evil.zip', '--format', 'json', '--no-progress'], { cwd: nested });
    assert.deepEqual(warnings(r.stderr), ['clawprint: entry name is absolute or climbs out with `..`: read in memory as any entry, nothing is extracted (evil.zip!/../../x)']);
    const report = JSON.parse(r.stdout) as { findings: Located[] };
    assert.deepEqual(report.findings.map((f) => [f.rule, f.location.path, f.location.line, f.location.column]), [['gateway-token-literal', 'evil.zip!/../../x', 1, 24]]);
    assert.equal(existsSync(path.join(dir, 'x')), false);
    const sarif = await runCli(['scan', 'evil.zip', '--format', 'sarif', '--no-progress'], { cwd: nested });
    assert.match(sarif.stdout, /"uri": "evil\.zip!\/%2E%2E\/%2E%2E\/x"/);
  });

  it('the entry and size limits stop reading and count what they left', async () => {
    writeFileSync(path.join(dir, 'many.zip'), await zipOf([['1.log', 'a\n'], ['2.log', 'b\n'], ['3.log', 'c\n']]));
    const entries = await runCli(['scan', 'many.zip', '--archive-max-entries', '1', '--no-progress'], { cwd: dir });
    assert.deepEqual(warnings(entries.stderr), ['clawprint: entry limit of 1 reached; 2 more entries were not read (--archive-max-entries raises the limit) (many.zip)']);
    const size = await runCli(['scan', 'many.zip', '--archive-max-size', '3', '--no-progress'], { cwd: dir });
    assert.deepEqual(warnings(size.stderr), ['clawprint: size limit of 3 bytes read out of the archive reached; 2 more entries were not read (--archive-max-size raises the limit) (many.zip)']);
    const bad = await runCli(['scan', 'many.zip', '--archive-max-size', 'lots', '--no-progress'], { cwd: dir });
    assert.equal(bad.code, 2);
    assert.deepEqual(warnings(bad.stderr).length, 1);
  });

  it('a .tar.gz that is itself a gzip bomb is cut where its ratio passes the limit', async () => {
    writeFileSync(path.join(dir, 'bomb.tar.gz'), gzipSync(await tarOf([['app.env', literal], ['big.log', Buffer.alloc(64 << 20, 'a')], ['after.env', literal]])));
    const r = await runCli(['scan', 'bomb.tar.gz', '--format', 'json', '--no-progress'], { cwd: dir });
    const report = JSON.parse(r.stdout) as { findings: Located[]; issues: Array<{ path: string; kind: string; message: string }> };
    assert.deepEqual(report.findings.map((f) => f.location.path), ['bomb.tar.gz!/app.env']);
    assert.deepEqual(report.issues.map((i) => [i.path, i.kind]), [['bomb.tar.gz', 'archive-limit']]);
    assert.match(report.issues[0]!.message, /decompresses more than 200:1 .*; the rest of the archive was not read/);
  });

  it('an encrypted entry is skipped, counted and said', async () => {
    const zip = await zipOf([['secret.env', literal], ['open.env', literal]]);
    // Set bit 0 (encrypted) of the first entry's flags, in its local header and its central directory record.
    zip.writeUInt16LE(zip.readUInt16LE(6) | 1, 6);
    const central = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zip.writeUInt16LE(zip.readUInt16LE(central + 8) | 1, central + 8);
    writeFileSync(path.join(dir, 'encrypted.zip'), zip);
    const r = await runCli(['scan', 'encrypted.zip', '--format', 'json', '--no-progress'], { cwd: dir });
    assert.deepEqual(warnings(r.stderr), ['clawprint: encrypted entry; not read (encrypted.zip!/secret.env)']);
    assert.deepEqual((JSON.parse(r.stdout) as { findings: Located[] }).findings.map((f) => f.location.path), ['encrypted.zip!/open.env']);
  });

  it('a damaged zip is one line and exit 2; a tar cut short keeps the entries before the cut', async () => {
    const zip = await zipOf([['a.log', literal]]);
    writeFileSync(path.join(dir, 'cut.zip'), zip.subarray(0, zip.length - 10));
    const r = await runCli(['scan', 'cut.zip', '--no-progress'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.equal(warnings(r.stderr).length, 1);
    assert.match(warnings(r.stderr)[0]!, /^clawprint: not a readable zip archive: .+ \(cut\.zip\)$/);
    const tar = await tarOf([['a.log', literal], ['b.log', 'x'.repeat(4096)]]);
    writeFileSync(path.join(dir, 'cut.tar'), tar.subarray(0, 1536));
    const t = await runCli(['scan', 'cut.tar', '--format', 'json', '--no-progress'], { cwd: dir });
    const report = JSON.parse(t.stdout) as { findings: Located[]; issues: Array<{ kind: string }> };
    assert.deepEqual(report.findings.map((f) => f.location.path), ['cut.tar!/a.log']);
    assert.ok(report.issues.some((i) => i.kind === 'corrupt-archive'), t.stdout);
  });
});

describe('an empty archive', () => {
  it('is said, never a silent clean', async () => {
    const dir = workdir();
    writeFileSync(path.join(dir, 'empty.zip'), await zipOf([]));
    const r = await runCli(['scan', 'empty.zip', '--no-progress'], { cwd: dir });
    assert.deepEqual(warnings(r.stderr), ['clawprint: zip archive holds no files (empty.zip)']);
    const a = await runCli(['audit', 'empty.zip', '--fingerprint', 'sha256:492af9017f91', '--since', '2025-02-21T14:00Z', '--no-progress'], { cwd: dir });
    assert.equal(a.code, 2);
    assert.deepEqual(warnings(a.stderr), ['clawprint: no input could be read, so the audit cannot clear any part of the window: zip archive holds no files (empty.zip)']);
  });
});

describe('archive size flags', () => {
  it('parses bytes and K/M/G/T (powers of 1024)', () => {
    assert.deepEqual(['1048576', '512K', '64M', '10G', '1T', '2GiB', 'lots', '', '-1'].map(parseSize), [1048576, 524288, 64 << 20, 10 * 1024 ** 3, 1024 ** 4, 2 * 1024 ** 3, undefined, undefined, undefined]);
  });
});
