// Where the report goes (docs/product.md §9): a failed write is one line and exit 2, never a stack trace; a
// reader that goes away (`| head -1`) ends the run quietly with 141, as SIGPIPE ends cat.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, closeSync, linkSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CLI, fixture, ROOT, runCli, unprivileged } from '../helpers.js';

const AUDIT = ['audit', fixture('demo', 'logs', 'proxy', 'access.log'), '--fingerprint', 'sha256:492af9017f91', '--since', '2025-02-21T14:00Z', '--until', '2025-02-21T18:30Z', '--no-progress', '--fail-on', 'none'];
const tmp = (): string => mkdtempSync(path.join(tmpdir(), 'clawprint-output-'));

function assertOneLine(r: { code: number; stdout: string; stderr: string }, line: string): void {
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stderr, `${line}\n`);
  assert.equal(r.stdout, '');
}

/** Runs the CLI with stdout on `fd`; resolves with the exit code and stderr. */
function runWithStdout(args: string[], fd: number): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: ['ignore', fd, 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stderr }));
  });
}

/** Runs the CLI and closes its stdout after the first chunk, as `| head -c 1` would. */
function runAndCloseStdout(args: string[], stdin?: string): Promise<{ code: number; stderr: string; got: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    let got = 0;
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', (d: Buffer) => {
      got = d.length;
      child.stdout.destroy();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stderr, got }));
    child.stdin.on('error', () => {}); // the child may exit before it has read all of stdin
    child.stdin.end(stdin ?? '');
  });
}

describe('--output that cannot be written', () => {
  it('a directory', async () => {
    const dir = tmp();
    assertOneLine(await runCli([...AUDIT, '--output', dir]), `clawprint: cannot write the report: EISDIR (${dir})`);
  });
  it('a full device', async () => {
    assertOneLine(await runCli([...AUDIT, '--output', '/dev/full']), 'clawprint: cannot write the report: ENOSPC (/dev/full)');
  });
  it('a read-only directory', async (t) => {
    // Root writes everywhere, so as root the CLI runs as nobody, from a copy outside the checkout.
    const as = unprivileged();
    if ('skip' in as) return t.skip(as.skip);
    const dir = tmp();
    mkdirSync(path.join(dir, 'ro'));
    chmodSync(dir, 0o755);
    chmodSync(path.join(dir, 'ro'), 0o555);
    const out = path.join(dir, 'ro', 'report.json');
    const args = AUDIT.map((a) => (a === AUDIT[1] ? as.readableCopy(a) : a));
    assertOneLine(await runCli([...args, '--output', out], as.options), `clawprint: cannot write the report: EACCES (${out})`);
  });
  it('a missing parent directory is created', async () => {
    const out = path.join(tmp(), 'a', 'b', 'report.json');
    const r = await runCli([...AUDIT, '--format', 'json', '--output', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
  });
});

describe('standard output that cannot be written', () => {
  it('a full device behind `>`', async () => {
    const fd = openSync('/dev/full', 'w');
    try {
      const r = await runWithStdout(AUDIT, fd);
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stderr, 'clawprint: cannot write the report to standard output: ENOSPC\n');
    } finally {
      closeSync(fd);
    }
  });

  it('audit: a reader that goes away after the first bytes ends the run quietly with 141', async () => {
    // 4,000 token uses from as many sources: a JSONL report of about 2 MB, far more than a pipe holds.
    const file = path.join(tmp(), 'gateway.jsonl');
    const lines = Array.from({ length: 4000 }, (_, i) =>
      `{"ts":"2025-02-21T15:00:00Z","event":"http.request","method":"GET","path":"/api/v1/memory","status":200,"remote_addr":"10.${i >> 8}.${i & 255}.1","token_fp":"sha256:492af9017f91"}`,
    );
    writeFileSync(file, lines.join('\n') + '\n');
    const r = await runAndCloseStdout(['audit', file, '--fingerprint', 'sha256:492af9017f91', '--since', '2025-02-21T14:00Z', '--until', '2025-02-21T18:30Z', '--format', 'jsonl', '--no-progress']);
    assert.ok(r.got > 0);
    assert.deepEqual([r.code, r.stderr], [141, '']);
  });

  it('mask: the same, mid-stream', async () => {
    const input = 'a line of CI output that carries nothing secret at all\n'.repeat(200_000);
    const r = await runAndCloseStdout(['mask'], input);
    assert.ok(r.got > 0);
    assert.deepEqual([r.code, r.stderr], [141, '']);
  });
});

describe('--output never harms the evidence', () => {
  const FP = ['--fingerprint', 'sha256:492af9017f91', '--no-progress', '--fail-on', 'none'];
  it('--output naming an input (itself, a symbolic link to it, a hard link to it) is refused and the log is untouched', async () => {
    const dir = tmp();
    const log = path.join(dir, 'access.log');
    const original = readFileSync(fixture('demo', 'logs', 'proxy', 'access.log'));
    writeFileSync(log, original);
    symlinkSync('access.log', path.join(dir, 'link.txt'));
    linkSync(log, path.join(dir, 'hard.txt'));
    for (const out of ['access.log', 'link.txt', 'hard.txt', './sub/../access.log']) {
      mkdirSync(path.join(dir, 'sub'), { recursive: true });
      assertOneLine(await runCli(['audit', 'access.log', ...FP, '--output', out], { cwd: dir }), `clawprint: --output is one of the inputs; writing there would replace it (${out})`);
      assertOneLine(await runCli(['audit', '.', ...FP, '--output', out], { cwd: dir }), `clawprint: --output is one of the inputs; writing there would replace it (${out})`);
      assert.deepEqual(readFileSync(log), original);
    }
    assertOneLine(await runCli(['scan', 'access.log', '--output', 'link.txt', '--no-progress'], { cwd: dir }), 'clawprint: --output is one of the inputs; writing there would replace it (link.txt)');
    assertOneLine(await runCli(['scan', '.', '--write-baseline', 'hard.txt', '--no-progress'], { cwd: dir }), 'clawprint: --write-baseline is one of the inputs; writing there would replace it (hard.txt)');
    assert.deepEqual(readFileSync(log), original);
    // The other commands that take inputs and --output.
    assertOneLine(
      await runCli(['rotation', '.', '--old-fingerprint', 'sha256:492af9017f91', '--new-fingerprint', 'sha256:cfe29aa51efd', '--no-progress', '--output', 'hard.txt'], { cwd: dir }),
      'clawprint: --output is one of the inputs; writing there would replace it (hard.txt)',
    );
    writeFileSync(path.join(dir, 'gateway.yaml'), 'gateway:\n  token: ${GATEWAY_TOKEN}\n');
    assertOneLine(await runCli(['check-config', '.', '--no-progress', '--output', 'gateway.yaml'], { cwd: dir }), 'clawprint: --output is one of the inputs; writing there would replace it (gateway.yaml)');
    assert.deepEqual(readFileSync(log), original);
  });
  it('--evidence naming an input (or the --output file) is refused before the log is emptied', async () => {
    const dir = tmp();
    const log = path.join(dir, 'access.log');
    const original = readFileSync(fixture('demo', 'logs', 'proxy', 'access.log'));
    writeFileSync(log, original);
    symlinkSync('access.log', path.join(dir, 'link.txt'));
    for (const evidence of ['access.log', 'link.txt']) {
      assertOneLine(await runCli(['audit', '.', ...FP, '--evidence', evidence], { cwd: dir }), `clawprint: --evidence is one of the inputs; writing there would replace it (${evidence})`);
      assert.deepEqual(readFileSync(log), original);
    }
    writeFileSync(path.join(dir, 'out.json'), 'the previous report\n');
    assertOneLine(await runCli(['audit', 'access.log', ...FP, '--output', 'out.json', '--evidence', 'out.json'], { cwd: dir }), 'clawprint: --evidence and --output name the same file; one would replace the other (out.json)');
    assert.equal(readFileSync(path.join(dir, 'out.json'), 'utf8'), 'the previous report\n');
  });
  it('a report replaces the old one whole, by rename: a reader of the old file keeps it entire, and no temporary file stays', async () => {
    const dir = tmp();
    const out = path.join(dir, 'report.json');
    writeFileSync(out, 'the previous report\n');
    chmodSync(out, 0o640);
    const before = statSync(out);
    const reader = openSync(out, 'r');
    try {
      const r = await runCli([...AUDIT, '--format', 'json', '--output', out]);
      assert.equal(r.code, 0, r.stderr);
      const after = statSync(out);
      assert.notEqual(after.ino, before.ino);
      assert.equal(after.mode & 0o777, 0o640);
      assert.equal(readFileSync(reader, 'utf8'), 'the previous report\n');
      assert.equal((JSON.parse(readFileSync(out, 'utf8')) as { command: string }).command, 'audit');
      assert.deepEqual(readdirSync(dir), ['report.json']);
    } finally {
      closeSync(reader);
    }
  });
});
