// Bad input gets a one-line error (exit 2) or a counted skip in the coverage section — never a
// stack trace and never a silent clean result.
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fixture, runCli, type RunResult, unprivileged } from '../helpers.js';

const FP = ['--fingerprint', 'sha256:492af9017f91'];
const WINDOW = ['--since', '2025-02-21T14:00Z', '--until', '2025-02-21T18:30Z'];

function assertOneLineError(r: RunResult, pattern: RegExp): void {
  assert.equal(r.code, 2, r.stderr);
  const lines = r.stderr.trim().split('\n').filter((l) => !l.startsWith('(run with --help'));
  assert.equal(lines.length, 1, `expected one line on stderr, got:\n${r.stderr}`);
  assert.match(lines[0]!, /^clawprint: /);
  assert.match(lines[0]!, pattern);
  assert.equal(r.stdout, '');
}

interface JsonReport {
  inputs: Array<{ path: string; lines: number; unparsed: number; examined: number; issues: Array<{ kind: string; line?: number }> }>;
  findings: Array<{ rule: string }>;
}

async function auditJson(args: string[]): Promise<{ r: RunResult; report: JsonReport }> {
  const r = await runCli(['audit', ...args, ...FP, ...WINDOW, '--format', 'json', '--no-progress', '--fail-on', 'none']);
  assert.ok(!/\n\s+at /.test(r.stderr), `stack trace: ${r.stderr}`);
  return { r, report: JSON.parse(r.stdout) as JsonReport };
}

const tmp = (): string => mkdtempSync(path.join(tmpdir(), 'clawprint-bad-'));

describe('audit: usage errors are one line, exit 2', () => {
  it('--since after --until', async () => {
    assertOneLineError(await runCli(['audit', fixture('demo', 'logs'), ...FP, '--since', '2025-02-22T00:00Z', '--until', '2025-02-21T00:00Z']), /--since is later than --until/);
  });
  it('an unknown --tz', async () => {
    assertOneLineError(await runCli(['audit', fixture('demo', 'logs'), ...FP, '--tz', 'Mars/Olympus_Mons']), /--tz is not an IANA time zone/);
  });
  it('an unreadable --since', async () => {
    assertOneLineError(await runCli(['audit', fixture('demo', 'logs'), ...FP, '--since', 'yesterday-ish']), /--since is not a time/);
  });
  it('no token at all, and two raw token sources at once (one raw token plus --fingerprint is fine)', async () => {
    assertOneLineError(await runCli(['audit', fixture('demo', 'logs')]), /a token is required/);
    assertOneLineError(
      await runCli(['audit', fixture('demo', 'logs'), '--token-env', 'X', '--token-file', fixture('demo', 'leaked-token.txt')], { env: { X: 'a'.repeat(40) } }),
      /give the raw token one way only/,
    );
  });
  it('an empty token, a token with whitespace, an unset variable, a missing token file', async () => {
    assertOneLineError(await runCli(['audit', fixture('demo', 'logs'), '--token-env', 'T'], { env: { T: '' } }), /is empty/);
    assertOneLineError(await runCli(['audit', fixture('demo', 'logs'), '--token-env', 'T'], { env: { T: 'abc def' } }), /contains whitespace/);
    assertOneLineError(await runCli(['audit', fixture('demo', 'logs'), '--token-env', 'NOPE']), /NOPE is not set/);
    assertOneLineError(await runCli(['audit', fixture('demo', 'logs'), '--token-file', '/nonexistent/token.txt']), /cannot read the token file.*\(\/nonexistent\/token.txt\)/);
  });
  it('an unknown --input-format and --format', async () => {
    assertOneLineError(await runCli(['audit', fixture('demo', 'logs'), ...FP, '--input-format', 'syslog-ng']), /--input-format does not know "syslog-ng"/);
    assertOneLineError(await runCli(['audit', fixture('demo', 'logs'), ...FP, '--format', 'pdf']), /--format must be one of/);
  });
  it('numeric flags take whole numbers in digits, within their range', async () => {
    for (const [flag, value, range] of [
      ['--auth-failure-threshold', '0', 'a whole number of at least 1'],
      ['--auth-failure-threshold', '-3', 'a whole number of at least 1'],
      ['--auth-failure-threshold', '', 'a whole number of at least 1'],
      ['--auth-failure-threshold', '1e1', 'a whole number of at least 1'],
      ['--auth-failure-threshold', '2.5', 'a whole number of at least 1'],
      ['--gap-tolerance', '-5', 'a whole number of at least 0'],
      ['--gap-tolerance', '0x10', 'a whole number of at least 0'],
      ['--year', '25', 'a whole number from 1970 to 9999'],
    ] as const) {
      const r = await runCli(['audit', fixture('demo', 'logs'), ...FP, flag, value]);
      assertOneLineError(r, new RegExp(`^clawprint: ${flag} takes ${range}: "${value.replace('.', '\\.')}"$`));
    }
    // The smallest values each flag accepts.
    const ok = await runCli(['audit', fixture('demo', 'logs'), ...FP, ...WINDOW, '--auth-failure-threshold', '1', '--gap-tolerance', '0', '--year', '2025', '--no-progress', '--format', 'json', '--fail-on', 'none']);
    assert.equal(ok.code, 0, ok.stderr);
  });
  it('--token-stdin together with logs on stdin', async () => {
    assertOneLineError(await runCli(['audit', '-', '--token-stdin']), /--token-stdin takes stdin/);
  });
});

describe('audit: unreadable inputs exit 2 but still report what was read', () => {
  it('a missing file next to a good one fails before anything is read or reported', async () => {
    const r = await runCli(['audit', fixture('demo', 'logs', 'proxy', 'access.log'), '/nonexistent/x.log', ...FP, ...WINDOW, '--format', 'json', '--no-progress']);
    assertOneLineError(r, /^clawprint: input not found: no such file or directory \(\/nonexistent\/x.log\)$/);
  });
  it('an empty directory as the only input: one stderr line, and the whole window is a gap tied to no input', async () => {
    const dir = tmp();
    const r = await runCli(['audit', dir, ...FP, ...WINDOW, '--no-progress', '--format', 'json']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `clawprint: no input could be read, so the audit cannot clear any part of the window: directory holds no files (${dir})\n`);
    const report = JSON.parse(r.stdout) as { inputs: unknown[]; findings: Array<Record<string, unknown>> };
    assert.deepEqual(report.inputs, []);
    assert.deepEqual(
      report.findings.map((f) => [f['rule'], f['severity'], f['time'], f['from'], f['to'], 'location' in f]),
      [['log-coverage-gap', 'medium', '2025-02-21T14:00:00.000Z', '2025-02-21T14:00:00.000Z', '2025-02-21T18:30:00.000Z', false]],
    );
    // SARIF stays valid: a result may have no locations (3.27.12), never a made-up `stdin` one.
    const sarif = JSON.parse((await runCli(['audit', dir, ...FP, ...WINDOW, '--no-progress', '--format', 'sarif'])).stdout) as {
      runs: Array<{ results: Array<Record<string, unknown>>; tool: { driver: { rules: Array<{ id: string }> } } }>;
    };
    const [result] = sarif.runs[0]!.results;
    assert.equal(result!['ruleId'], 'log-coverage-gap');
    assert.equal(sarif.runs[0]!.tool.driver.rules[result!['ruleIndex'] as number]!.id, 'log-coverage-gap');
    assert.ok(!('locations' in result!));
    const table = await runCli(['audit', dir, ...FP, ...WINDOW, '--no-progress']);
    assert.match(table.stdout, /│ log-coverage-gap │ 2025-02-21T14:00:00\.000Z +│ - +│ - +│ no input covers/);
    assert.ok(!/stdin/.test(table.stdout));
  });
  it('a directory with two links to itself: read once, each link reported with its path', async () => {
    const dir = tmp();
    mkdirSync(path.join(dir, 'L'));
    copyFileSync(fixture('demo', 'logs', 'proxy', 'access.log'), path.join(dir, 'L', 'access.log'));
    symlinkSync('.', path.join(dir, 'L', 'a'));
    symlinkSync('.', path.join(dir, 'L', 'b'));
    for (const arg of ['L', 'L/**/*.log']) {
      const r = await runCli(['audit', arg, ...FP, ...WINDOW, '--format', 'json', '--no-progress', '--fail-on', 'none'], { cwd: dir });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(
        r.stderr,
        'clawprint: directory reached again through a link; read once (L/a)\nclawprint: directory reached again through a link; read once (L/b)\n',
      );
      const report = JSON.parse(r.stdout) as JsonReport & { issues: Array<{ path: string; kind: string }> };
      assert.deepEqual(report.inputs.map((i) => [i.path, i.lines]), [['L/access.log', 10]]);
      assert.deepEqual(report.issues.map((i) => [i.path, i.kind]), [['L/a', 'directory-loop'], ['L/b', 'directory-loop']]);
    }
  });
  it('a file this user cannot read', async (t) => {
    // Root reads every file, so as root the CLI runs as nobody, from a copy outside the checkout
    // (which may sit in a directory nobody cannot enter: issue 13).
    const as = unprivileged();
    if ('skip' in as) return t.skip(as.skip);
    const dir = tmp();
    const file = path.join(dir, 'secret.log');
    writeFileSync(file, '{"ts":"2025-02-21T14:00:00Z","event":"http.request"}\n');
    chmodSync(file, 0o000);
    chmodSync(dir, 0o755);
    const r = await runCli(['audit', file, ...FP, ...WINDOW, '--no-progress'], as.options);
    assert.equal(r.code, 2, r.stderr);
    // Next to a readable input too: the audit cannot speak for the part it could not read.
    const readable = as.readableCopy(fixture('demo', 'logs', 'proxy', 'access.log'));
    const both = await runCli(['audit', file, readable, ...FP, ...WINDOW, '--no-progress', '--fail-on', 'none'], as.options);
    assert.equal(both.code, 2, both.stderr);
    assert.match(both.stdout, /access\.log/);
    assert.match(both.stdout, /│ 10 +│ 3 +│/);
    assert.match(r.stderr, /permission denied|EACCES/i);
    assert.ok(!/\n\s+at /.test(r.stderr));
  });
});

describe('audit: damaged input is a counted skip in the coverage section', () => {
  it('a truncated gzip keeps the lines before the cut and says so', async () => {
    const { report } = await auditJson([fixture('sources', 'truncated.log.gz')]);
    assert.equal(report.inputs[0]!.issues[0]!.kind, 'truncated-gzip');
    assert.ok(report.inputs[0]!.lines > 100);
  });
  it('a binary file is skipped with an issue', async () => {
    const { r, report } = await auditJson([fixture('sources', 'binary.bin'), fixture('demo', 'logs', 'proxy', 'access.log')]);
    assert.deepEqual(report.inputs.find((i) => i.path.endsWith('binary.bin'))!.issues.map((i) => i.kind), ['binary']);
    assert.match(r.stderr, /binary file .*skipped \(.*binary.bin\)/);
  });
  it('a 10 MB line is cut at 1 MiB, reported with its line number, and the lines after it are read', async () => {
    const dir = tmp();
    const file = path.join(dir, 'huge.log');
    const line = (s: string, fp = '0123456789ab'): string => `{"ts":"${s}","event":"http.request","method":"GET","path":"/x","status":200,"remote_addr":"203.0.113.9","token_fp":"sha256:${fp}"}\n`;
    writeFileSync(file, line('2025-02-21T14:01:00Z') + `{"ts":"2025-02-21T14:02:00Z","junk":"${'x'.repeat(10 * 1024 * 1024)}"}\n` + line('2025-02-21T14:03:00Z', '492af9017f91'));
    const { report } = await auditJson([file]);
    assert.deepEqual(report.inputs[0]!.issues, [{ path: report.inputs[0]!.path, kind: 'long-line', line: 2, message: 'line 2 is longer than 1 MiB; only its first 1 MiB was read' }]);
    assert.equal(report.inputs[0]!.lines, 3);
    assert.deepEqual(report.findings.filter((f) => f.rule === 'token-use').length, 1);
  });
  it('malformed JSON lines are counted as unparsed, and good lines around them still count', async () => {
    const dir = tmp();
    const file = path.join(dir, 'gateway.log');
    writeFileSync(
      file,
      [
        '{"ts":"2025-02-21T14:01:00Z","event":"http.request","method":"GET","path":"/a","status":200,"remote_addr":"203.0.113.9","token_fp":"sha256:492af9017f91"}',
        '{"ts":"2025-02-21T14:02:00Z","event":"http.request","method":"GET","path":"/b"',
        '{"ts":"2025-02-21T14:03:00Z","token_fp":"sha256:492af9017f91",,,}',
        // {…}-shaped and no needle: cannot matter, so it is counted in `lines` but never decoded.
        '{"ts":"2025-02-21T14:03:30Z",,,}',
        '{"ts":"2025-02-21T14:04:00Z","event":"http.request","method":"GET","path":"/c","status":200,"remote_addr":"203.0.113.9","token_fp":"sha256:492af9017f91"}',
      ].join('\n') + '\n',
    );
    const { report } = await auditJson([file]);
    assert.deepEqual(
      { lines: report.inputs[0]!.lines, examined: report.inputs[0]!.examined, unparsed: report.inputs[0]!.unparsed },
      { lines: 5, examined: 4, unparsed: 2 },
    );
    const uses = report.findings.filter((f) => f.rule === 'token-use') as Array<{ rule: string; count: number }>;
    assert.deepEqual(uses.map((f) => f.count), [2]);
  });
  it('a malformed payload inside a Docker envelope is decoded and counted as unparsed, like an unframed one', async () => {
    const dir = tmp();
    const file = path.join(dir, 'gateway-json.log');
    const record = (log: string, time: string): string => JSON.stringify({ log: `${log}\n`, stream: 'stdout', time });
    writeFileSync(
      file,
      [
        record('{"ts":"2025-02-21T14:01:00Z","event":"http.request","method":"GET","path":"/a","status":200,"remote_addr":"203.0.113.9","token_fp":"sha256:0123456789ab"}', '2025-02-21T14:01:00.000000001Z'),
        // No needle, cut short: only its shape says it is damaged.
        record('{"ts":"2025-02-21T14:02:00Z","event":"http.request","method":"GET","path":"/b"', '2025-02-21T14:02:00.000000001Z'),
        record('{"ts":"2025-02-21T14:03:00Z","event":"http.request","method":"GET","path":"/c","status":200,"remote_addr":"203.0.113.9","token_fp":"sha256:0123456789ab"}', '2025-02-21T14:03:00.000000001Z'),
        record('{"ts":"2025-02-21T14:04:00Z","event":"http.request","method":"GET","path":"/d","status":200,"remote_addr":"203.0.113.9","token_fp":"sha256:492af9017f91"}', '2025-02-21T14:04:00.000000001Z'),
      ].join('\n') + '\n',
    );
    const { report } = await auditJson([file]);
    assert.deepEqual(
      { lines: report.inputs[0]!.lines, examined: report.inputs[0]!.examined, unparsed: report.inputs[0]!.unparsed },
      { lines: 4, examined: 3, unparsed: 1 },
    );
    assert.deepEqual(report.findings.filter((f) => f.rule === 'token-use').length, 1);
  });
  it('an empty file reads as zero lines and the run is not clean', async () => {
    const dir = tmp();
    const file = path.join(dir, 'empty.log');
    writeFileSync(file, '');
    const r = await runCli(['audit', file, ...FP, ...WINDOW, '--no-progress']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'clawprint: no input could be read, so the audit cannot clear any part of the window\n');
  });
  it('time fields that hold no readable time are counted per input, never dropped silently', async () => {
    const file = path.join(tmp(), 'gateway.jsonl');
    const use = (ts: string, p: string): string => `{"ts":"${ts}","event":"http.request","method":"GET","path":"${p}","status":200,"remote_addr":"203.0.113.9","token_fp":"sha256:492af9017f91"}`;
    const lines = [
      use('2025-02-21T14:01:00Z', '/a'),
      use('2025-02-30T14:02:00Z', '/b'), // no February 30th
      use('garbage', '/c'),
      '{"ts":"2025-02-21T14:04:00+25:00","event":"auth.failed","remote_addr":"203.0.113.10"}', // no +25:00 offset
      ...Array.from({ length: 4 }, (_, i) => `{"ts":"2025-02-21T99:0${i}:00Z","event":"auth.failed","remote_addr":"203.0.113.10"}`),
      '{"ts":"2025-02-21T18:29:00Z","event":"http.request","method":"GET","path":"/d","status":200,"remote_addr":"203.0.113.9"}',
    ];
    writeFileSync(file, lines.join('\n') + '\n');
    const r = await runCli(['audit', file, ...FP, ...WINDOW, '--format', 'json', '--no-progress', '--fail-on', 'none']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, `clawprint: 7 lines with a time field clawprint cannot read, not placed in time (--verbose lists the first ones) (${file})\n`);
    const report = JSON.parse(r.stdout) as JsonReport & { inputs: Array<{ unreadableTimes?: number; first?: string; last?: string }> };
    const input = report.inputs[0]!;
    assert.deepEqual([input.lines, input.unreadableTimes, input.first, input.last], [9, 7, '2025-02-21T14:01:00.000Z', '2025-02-21T18:29:00.000Z']);
    // The first 5 are kept with their line; the count has them all (constant memory).
    assert.deepEqual(input.issues.map((i) => [i.kind, i.line]), [['timestamp', 2], ['timestamp', 3], ['timestamp', 4], ['timestamp', 5], ['timestamp', 6]]);
    // A line that cannot be placed in time is not placed outside the window either: it counts.
    const uses = report.findings.filter((f) => f.rule === 'token-use') as Array<{ rule: string; severity: string; count: number; time: string }>;
    assert.deepEqual(uses.map((f) => [f.severity, f.time, f.count]), [['critical', '2025-02-21T14:01:00.000Z', 3]]);
    const verbose = await runCli(['audit', file, ...FP, ...WINDOW, '--format', 'json', '--no-progress', '--fail-on', 'none', '--verbose']);
    assert.deepEqual(verbose.stderr.trimEnd().split('\n'), [
      ...[2, 3, 4, 5, 6].map((n) => `clawprint: line ${n}: the time field holds no date and time clawprint can read; the line is not placed in time (${file})`),
      `clawprint: 2 more lines with a time field clawprint cannot read, not placed in time (${file})`,
    ]);
  });

  it('zone-less timestamps are read in --tz (a log in the wrong zone moves in or out of the window)', async () => {
    const dir = tmp();
    const file = path.join(dir, 'gateway.log');
    // 10:30 in New York is 15:30 UTC: inside the window only when read as New York time.
    writeFileSync(file, '{"ts":"2025-02-21 10:30:00","event":"http.request","method":"GET","path":"/a","status":200,"remote_addr":"203.0.113.9","token_fp":"sha256:492af9017f91"}\n');
    const utc = await auditJson([file]);
    assert.equal(utc.report.findings.filter((f) => f.rule === 'token-use').length, 0);
    const ny = await auditJson([file, '--tz', 'America/New_York']);
    const uses = ny.report.findings.filter((f) => f.rule === 'token-use') as Array<{ rule: string; time: string }>;
    assert.deepEqual(uses.map((f) => f.time), ['2025-02-21T15:30:00.000Z']);
  });
});

describe('audit: hostile window flags (issue 7)', () => {
  it('--since 300000000d is one line and exit 2, not a RangeError', async () => {
    assertOneLineError(await runCli(['audit', fixture('demo', 'logs'), ...FP, '--since', '300000000d']), /--since is out of range/);
  });
  it('a --since inside a DST gap that lands after --until says why in the same line', async () => {
    assertOneLineError(
      await runCli(['audit', fixture('demo', 'logs'), ...FP, '--tz', 'America/New_York', '--since', '2025-03-09 02:30', '--until', '2025-03-09 03:00']),
      /--since is later than --until; --since names a clock time that did not exist in America\/New_York .*read as 2025-03-09T03:30:00-04:00/,
    );
  });
});

describe('audit: epochs in finer units (issue 7)', () => {
  const line = (ts: string): string =>
    `{"ts":${ts},"event":"http.request","method":"GET","path":"/api/v1/agents","status":200,"remote_addr":"198.51.100.9","token_fp":"sha256:492af9017f91"}\n`;
  for (const [unit, ts] of [['microsecond', '1740146591201000'], ['nanosecond', '1740146591201000000']] as const) {
    it(`a ${unit} epoch is a use inside the window, not a crash or an invented token-use-after-window`, async () => {
      const dir = tmp();
      writeFileSync(path.join(dir, 'gw.jsonl'), line(ts));
      const { r, report } = await auditJson([path.join(dir, 'gw.jsonl')]);
      assert.equal(r.code, 0, r.stderr);
      const uses = report.findings.filter((f) => f.rule.startsWith('token-use')) as Array<{ rule: string; time?: string }>;
      assert.deepEqual(uses.map((f) => [f.rule, f.time]), [['token-use', '2025-02-21T14:03:11.201Z']]);
    });
  }
});
