// Inputs that are not plain files (issue 7 §3, §5): FIFOs and process substitution report size 0
// and can be read only once; devices never end; a link out of a walked tree can lead anywhere.
// Each case is the attack that was reproduced, against the built CLI.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { fingerprintOf } from '../../src/token.js';
import { fixture, runCli, type RunResult, spawnCli } from '../helpers.js';

const tmp = (): string => realpathSync(mkdtempSync(path.join(tmpdir(), 'clawprint-special-')));
// A fake gateway token computed here, so that this file holds none (CI scans the repository).
const TOKEN = createHash('sha256').update('clawprint special-inputs test').digest('hex').slice(0, 48);
const AUDIT = ['--fingerprint', 'sha256:492af9017f91', '--since', '2025-02-21T14:00Z', '--until', '2025-02-21T18:30Z', '--no-progress', '--fail-on', 'none', '--format', 'json'];

interface Finding {
  rule: string;
  time?: string;
  location?: { path: string; line: number };
  secret?: { fingerprint: string };
}

/** 20,000 plain lines (about 1.3 MB, far more than a pipe holds) and a token on line 20,001. */
function bigSource(): string {
  const lines = Array.from({ length: 20_000 }, (_, i) => `line ${i + 1} of an ordinary file, nothing secret in it`);
  return `${lines.join('\n')}\nOPENCLAW_GATEWAY_TOKEN=${TOKEN}\n`;
}

/**
 * Runs the CLI with `fifo` as an input while this process writes `data` into it. In a process of
 * its own: the CLI reads files synchronously, which in this process would block the writer.
 */
async function withFifo(fifo: string, data: Buffer | string, args: string[]): Promise<RunResult> {
  execFileSync('mkfifo', [fifo]);
  const writer = new Promise<void>((resolve, reject) => {
    const out = createWriteStream(fifo);
    out.on('error', reject);
    out.end(data, resolve);
  });
  const [r] = await Promise.all([spawnCli(args), writer]);
  return r;
}

const findingsOf = (r: RunResult): Finding[] => (JSON.parse(r.stdout) as { findings: Finding[] }).findings;

describe('a FIFO (mkfifo, or <(zcat x.gz)) is read whole, in full chunks', () => {
  it('scan: a token on line 20,001 behind a FIFO is found, as in the file', async () => {
    const dir = tmp();
    const r = await withFifo(path.join(dir, 'pipe'), bigSource(), ['scan', path.join(dir, 'pipe'), '--no-progress', '--format', 'json', '--fail-on', 'none']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      findingsOf(r).map((f) => [f.rule, f.location?.path, f.location?.line, f.secret?.fingerprint]),
      [['gateway-token-literal', path.join(dir, 'pipe'), 20_001, fingerprintOf(TOKEN)]],
    );
  });

  it('audit <(zcat log.gz): the text behind a FIFO gives the same six findings as the file (it gave one), and so does the gzip', async () => {
    const gz = fixture('demo', 'logs', 'gateway-access.log.1.gz');
    const fromFile = await runCli(['audit', gz, ...AUDIT]);
    const shape = (r: RunResult): unknown[] => findingsOf(r).map((f) => [f.rule, f.time, f.location?.line]);
    assert.equal(findingsOf(fromFile).length, 6);
    for (const data of [gunzipSync(readFileSync(gz)), readFileSync(gz)]) {
      const dir = tmp();
      const fromFifo = await withFifo(path.join(dir, 'pipe'), data, ['audit', path.join(dir, 'pipe'), ...AUDIT]);
      assert.equal(fromFifo.code, 0, fromFifo.stderr);
      assert.deepEqual(shape(fromFifo), shape(fromFile));
    }
  });
});

describe('devices are refused, links out of a walked tree are not followed', () => {
  it('a character device named on the command line (/dev/urandom) is one line and exit 2, at once', async () => {
    const r = await runCli(['scan', '/dev/urandom', '--no-progress']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'clawprint: a device, not a file; not read (/dev/urandom)\n');
    const a = await runCli(['audit', '/dev/zero', ...AUDIT]);
    assert.equal(a.code, 2);
    assert.equal(a.stderr, 'clawprint: no input could be read, so the audit cannot clear any part of the window: a device, not a file; not read (/dev/zero)\n');
  });

  it('devices and FIFOs inside a walked tree are one counted warning', async () => {
    const dir = tmp();
    mkdirSync(path.join(dir, 'tree'));
    writeFileSync(path.join(dir, 'tree', 'a.txt'), 'nothing here\n');
    symlinkSync('/dev/urandom', path.join(dir, 'tree', 'random'));
    symlinkSync('/dev/null', path.join(dir, 'tree', 'null'));
    execFileSync('mkfifo', [path.join(dir, 'tree', 'pipe')]);
    const r = await runCli(['scan', 'tree', '--no-progress', '--follow-links'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, 'clawprint: 3 devices, FIFOs or sockets skipped: not files (tree)\n');
    assert.match(r.stdout, /Scanned 1 input, 1 lines?\./);
  });

  it('ln -s / root inside a scanned tree: reported, not followed (the scan ends in a moment, /proc unread)', async () => {
    const dir = tmp();
    mkdirSync(path.join(dir, 'tree'));
    writeFileSync(path.join(dir, 'tree', 'config.env'), `OPENCLAW_GATEWAY_TOKEN=${TOKEN}\n`);
    symlinkSync('/', path.join(dir, 'tree', 'root'));
    symlinkSync('config.env', path.join(dir, 'tree', 'inside.env'));
    for (const command of [['scan', 'tree'], ['audit', 'tree', '--token-env', 'T']]) {
      const started = Date.now();
      const r = await runCli([...command, '--no-progress', '--format', 'json', '--fail-on', 'none'], { cwd: dir, env: { T: TOKEN } });
      assert.ok(Date.now() - started < 10_000);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr.split('\n').filter((l) => l.includes('tree/root')).join('\n'), 'clawprint: symbolic link leads out of the walked tree; not followed (--follow-links follows it) (tree/root)');
      const report = JSON.parse(r.stdout) as { inputs: Array<{ path: string }>; issues: Array<{ path: string; kind: string }> };
      assert.deepEqual(report.inputs.map((i) => i.path), ['tree/config.env']);
      assert.deepEqual(report.issues.map((i) => [i.path, i.kind]), [['tree/root', 'link-outside']]);
    }
  });

  it('--follow-links follows a link out of the tree', async () => {
    const dir = tmp();
    mkdirSync(path.join(dir, 'tree'));
    mkdirSync(path.join(dir, 'shared'));
    writeFileSync(path.join(dir, 'shared', 'prod.env'), `OPENCLAW_GATEWAY_TOKEN=${TOKEN}\n`);
    symlinkSync('../shared', path.join(dir, 'tree', 'shared'));
    writeFileSync(path.join(dir, 'tree', 'README'), 'see shared/\n');
    const off = await runCli(['scan', 'tree', '--no-progress', '--format', 'json'], { cwd: dir });
    assert.deepEqual([off.code, findingsOf(off).length], [0, 0]);
    const on = await runCli(['scan', 'tree', '--no-progress', '--format', 'json', '--follow-links'], { cwd: dir });
    assert.equal(on.code, 1, on.stderr);
    assert.deepEqual(findingsOf(on).map((f) => [f.rule, f.location?.path]), [['gateway-token-literal', 'tree/shared/prod.env']]);
  });
});
