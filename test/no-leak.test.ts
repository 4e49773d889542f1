// The raw token must never reach stdout, stderr or a written file, in any form a reader could
// reverse (raw, base64, base64url, percent-encoded, JSON-escaped) — whatever the command or format.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { createProgram } from '../src/cli.js';
import { FORMAT_IDS } from '../src/reporters/index.js';
import { fixture, runCli } from './helpers.js';
import { buildCorpus, fingerprintOf, forbiddenWindows, type HostileCorpus, type HostileToken, HOSTILE_TOKENS, leakedWindow } from './no-leak-corpus.js';

const TOKEN = readFileSync(fixture('demo', 'leaked-token.txt'), 'utf8').trim();
const FORMS = [
  TOKEN,
  Buffer.from(TOKEN).toString('base64').replace(/=+$/, ''),
  Buffer.from(TOKEN).toString('base64url'),
  encodeURIComponent(TOKEN),
  JSON.stringify(TOKEN).slice(1, -1),
];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

function assertOneLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.trimEnd().split('\n').filter((l) => !l.startsWith('(run with --help'));
  assert.equal(lines.length, 1, stderr);
  assert.match(lines[0]!, pattern);
}

function assertClean(label: string, ...texts: string[]): void {
  for (const text of texts) {
    for (const form of FORMS) assert.ok(!text.includes(form), `${label}: a reversible form of the token was printed`);
  }
}

const env = { LEAKED: TOKEN };
const demoLogs = fixture('demo', 'logs');
// A file that carries the token in every form, to scan and to mask.
const leakyFile = fixture('no-leak', 'every-form.log');

// Every report format from the reporters' registry: a new one is covered without editing this test.
const runs: Array<{ label: string; args: string[]; stdin?: string }> = [];
for (const format of FORMAT_IDS) {
  runs.push({ label: `audit ${format} (token-env)`, args: ['audit', demoLogs, '--token-env', 'LEAKED', '--since', '2025-02-21T14:00Z', '--until', '2025-02-21T18:30Z', '--format', format, '--verbose'] });
  runs.push({ label: `scan ${format}`, args: ['scan', leakyFile, demoLogs, '--token-env', 'LEAKED', '--format', format, '--verbose'] });
}
// With only the fingerprint nothing can recognise the raw token, yet this log carries it in the
// agent, user agent, path and reason fields: values in credential positions and token-shaped
// strings are replaced at birth (src/detectors/redact-finding.ts).
const tokenInFields = fixture('no-leak', 'token-in-fields.jsonl');
for (const format of FORMAT_IDS) {
  runs.push({ label: `audit ${format} (fingerprint only, token in log fields)`, args: ['audit', tokenInFields, '--fingerprint', 'sha256:492af9017f91', '--since', '2025-02-21T14:00Z', '--until', '2025-02-21T18:30Z', '--format', format, '--verbose'] });
}
runs.push({ label: 'audit token-stdin', args: ['audit', demoLogs, '--token-stdin', '--format', 'json'], stdin: `${TOKEN}\n` });
runs.push({ label: 'audit token-file', args: ['audit', demoLogs, '--token-file', fixture('demo', 'leaked-token.txt')] });
runs.push({ label: 'mask', args: ['mask', '--token-env', 'LEAKED'], stdin: readFileSync(leakyFile, 'utf8') });
runs.push({ label: 'fingerprint text', args: ['fingerprint', '--token-env', 'LEAKED'] });
runs.push({ label: 'fingerprint json stdin', args: ['fingerprint', '--format', 'json'], stdin: `${TOKEN}\n` });
runs.push({ label: 'audit bad flag', args: ['audit', demoLogs, '--token-env', 'LEAKED', '--since', 'soon'] });

// A token with /, +, &, < and >: its percent-encoded, base64, base64url and JSON-escaped forms
// (PHP's \/, Go's and Docker's \u0026) all differ from the raw token and from each other, where a
// hex token's collapse into one.
const NON_HEX = readFileSync(fixture('token', 'non-hex-token.txt'), 'utf8').trim();
const NON_HEX_FORMS = [
  ...Object.values(JSON.parse(readFileSync(fixture('token', 'non-hex-forms.json'), 'utf8')) as Record<string, string>),
  Buffer.from(NON_HEX).toString('base64').replace(/=+$/, ''),
  JSON.stringify(NON_HEX).slice(1, -1),
];
const nonHexFile = fixture('no-leak', 'every-form-non-hex.log');
const nonHexRuns: Array<{ label: string; args: string[]; stdin?: string }> = [
  ...['table', 'json', 'sarif', 'csv'].map((format) => ({ label: `scan ${format}, non-hex token`, args: ['scan', nonHexFile, '--token-env', 'LEAKED', '--format', format, '--verbose', '--no-progress'] })),
  { label: 'mask, non-hex token', args: ['mask', '--token-env', 'LEAKED'], stdin: readFileSync(nonHexFile, 'utf8') },
  { label: 'fingerprint, non-hex token', args: ['fingerprint', '--token-env', 'LEAKED', '--format', 'json'] },
];

describe('no raw non-hex token in any output', () => {
  for (const run of nonHexRuns) {
    it(run.label, async () => {
      const r = await runCli(run.args, { env: { LEAKED: NON_HEX }, ...(run.stdin !== undefined ? { stdin: run.stdin } : {}) });
      assert.ok(r.code >= 0 && r.code <= 2, `${run.label}: exit ${r.code}: ${r.stderr}`);
      for (const text of [r.stdout, r.stderr]) {
        for (const form of NON_HEX_FORMS) assert.ok(!text.includes(form), `${run.label}: a reversible form of the token was printed`);
      }
      if (run.args[0] === 'mask') assert.equal(r.stdout.split('[clawprint sha256:').length - 1, 8, 'mask missed a form');
      if (run.args[0] === 'scan' && run.args.includes('json')) {
        const report = JSON.parse(r.stdout) as { findings: Array<{ rule: string; location: { line: number } }> };
        assert.deepEqual(report.findings.filter((f) => f.rule === 'exposed-token').map((f) => f.location.line), [2, 3, 4, 5, 6, 7, 8, 9]);
      }
    });
  }
});

describe('no raw token in any output', () => {
  for (const run of runs) {
    it(run.label, async () => {
      const out = mkdtempSync(path.join(tmpdir(), 'clawprint-noleak-'));
      const args = run.args[0] === 'audit' || run.args[0] === 'scan' ? [...run.args, '--output', path.join(out, 'report.out'), '--no-progress'] : run.args;
      const r = await runCli(args, { env, ...(run.stdin !== undefined ? { stdin: run.stdin } : {}) });
      assert.ok(r.code >= 0 && r.code <= 2, `${run.label}: exit ${r.code}: ${r.stderr}`);
      assert.ok(!/\n\s+at /.test(r.stderr), `${run.label}: stack trace on stderr: ${r.stderr}`);
      const written = filesUnder(out).map((f) => readFileSync(f, 'utf8'));
      if (run.args[0] === 'audit' && !run.label.includes('bad flag')) assert.equal(written.length, 1, `${run.label}: no report written`);
      assertClean(run.label, r.stdout, r.stderr, ...written);
      if (run.label === 'mask') assert.ok(r.stdout.includes('[clawprint sha256:'), 'mask replaced nothing');
      // Table cells may cut the marker short.
      if (run.label.includes('token in log fields')) assert.ok(written[0]!.includes('[clawprint sha256:492af'), 'nothing was redacted');
    });
  }

  it('refuses a token pasted as a positional argument or a command name, without echoing it', async () => {
    for (const args of [['audit', TOKEN], ['scan', TOKEN], [TOKEN], ['audit', demoLogs, '--', TOKEN]]) {
      const r = await runCli([...args, '--fingerprint', 'sha256:492af9017f91']);
      assert.equal(r.code, 2, `${args[0]}: ${r.stderr}`);
      assertOneLine(r.stderr, /^clawprint: an argument looks like a raw token \(not shown\); tokens are never taken from the command line/);
      assertClean(String(args[0]), r.stdout, r.stderr);
    }
  });

  // Every option of every command that takes a value, read from the commander program itself, so a
  // flag added later is covered too; `--flag=VALUE` for a few (one code path serves every flag).
  const valueOptions = createProgram(() => {}).commands.flatMap((command) =>
    command.options.filter((o) => (o.required || o.optional) && o.long !== undefined && !o.long.endsWith('fingerprint')).map((o) => [command.name(), o.long!] as const),
  );
  it('knows the options a pasted token could land in', () => {
    const audit = valueOptions.filter(([c]) => c === 'audit').map(([, flag]) => flag);
    for (const flag of ['--token-env', '--token-file', '--tz', '--since', '--until', '--known-agents', '--agents-dir', '--input-format', '--display-tz', '--output', '--format', '--auth-failure-threshold']) {
      assert.ok(audit.includes(flag), flag);
    }
    assert.ok(valueOptions.some(([c, flag]) => c === 'fingerprint' && flag === '--token-env'));
    assert.ok(valueOptions.some(([c, flag]) => c === 'mask' && flag === '--token-env'));
  });
  for (const [command, flag] of valueOptions) {
    it(`refuses a token pasted as the value of ${command} ${flag}, naming the flag, not the value`, async () => {
      const forms = [[command, flag, TOKEN]];
      if (flag === '--token-env' || flag === '--since') forms.push([command, `${flag}=${TOKEN}`]);
      for (const args of forms) {
        const r = await runCli(command === 'audit' || command === 'scan' ? [...args, demoLogs] : args, { env });
        assert.equal(r.code, 2, r.stderr);
        assertOneLine(r.stderr, new RegExp(`^clawprint: the value of ${flag} looks like a raw token \\(not shown\\)`));
        assertClean(`${command} ${flag}`, r.stdout, r.stderr);
      }
    });
  }

  // Shorter than what argv refuses, but letters and digits: could be someone's token. Each error
  // that names the value shows its first 4 characters and length only.
  const SHORT = 'Zq7wK2pX9mR4tL8v';
  for (const [label, args, said] of [
    ['an unset --token-env', ['audit', demoLogs, '--token-env', SHORT], /environment variable Zq7w… \(16 characters, not shown\) is not set/],
    ['an unreadable --token-file', ['audit', demoLogs, '--token-file', SHORT], /cannot read the token file: ENOENT \(Zq7w… \(16 characters, not shown\)\)/],
    ['a bad --since', ['audit', demoLogs, '--fingerprint', 'sha256:492af9017f91', '--since', SHORT], /--since is not a time clawprint can read: Zq7w… \(16 characters, not shown\)/],
    ['a bad --tz', ['audit', demoLogs, '--fingerprint', 'sha256:492af9017f91', '--tz', SHORT], /--tz is not an IANA time zone: Zq7w…/],
    ['a bad --display-tz', ['audit', demoLogs, '--fingerprint', 'sha256:492af9017f91', '--display-tz', SHORT], /--display-tz is not an IANA time zone: Zq7w…/],
    ['a bad --input-format', ['audit', demoLogs, '--fingerprint', 'sha256:492af9017f91', '--input-format', SHORT], /--input-format does not know Zq7w…/],
    ['a missing --known-agents', ['audit', demoLogs, '--fingerprint', 'sha256:492af9017f91', '--known-agents', SHORT], /cannot read the known-agents file: ENOENT \(Zq7w…/],
    ['a bad --format', ['audit', demoLogs, '--fingerprint', 'sha256:492af9017f91', '--format', SHORT], /--format must be one of .*: Zq7w…/],
    ['a bad --fingerprint', ['audit', demoLogs, '--fingerprint', `${SHORT}${SHORT}-xx`], /--fingerprint takes .*: Zq7w… \(35 characters, not shown\)/],
    ['fingerprint --token-env', ['fingerprint', '--token-env', SHORT], /environment variable Zq7w… \(16 characters, not shown\) is not set/],
    ['mask --token-file', ['mask', '--token-file', SHORT], /cannot read the token file: ENOENT \(Zq7w…/],
  ] as const) {
    it(`never echoes a value that could be a token: ${label}`, async () => {
      const r = await runCli([...args]);
      assert.equal(r.code, 2, r.stderr);
      assertOneLine(r.stderr, said);
      assert.ok(!r.stderr.includes(SHORT), r.stderr);
    });
  }

  it('still echoes values that cannot be a token (a zone name, a time, a variable name)', async () => {
    assert.match((await runCli(['audit', demoLogs, '--fingerprint', 'sha256:492af9017f91', '--tz', 'Mars/Olympus_Mons'])).stderr, /--tz is not an IANA time zone: "Mars\/Olympus_Mons"/);
    assert.match((await runCli(['audit', demoLogs, '--fingerprint', 'sha256:492af9017f91', '--since', '2025-02-30T14:00Z'])).stderr, /"2025-02-30T14:00Z"/);
    assert.match((await runCli(['audit', demoLogs, '--token-env', 'OPENCLAW_GATEWAY_TOKEN_2'])).stderr, /environment variable OPENCLAW_GATEWAY_TOKEN_2 is not set/);
  });

  it('refuses a raw 48-hex token given as --fingerprint, without echoing it', async () => {
    const r = await runCli(['audit', demoLogs, '--fingerprint', TOKEN]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /shape of a raw gateway token/);
    assertClean('fingerprint flag', r.stdout, r.stderr);
  });

  it('with only the fingerprint, the exposed token in log fields is replaced by its marker in every field', async () => {
    const r = await runCli(['audit', tokenInFields, '--fingerprint', 'sha256:492af9017f91', '--since', '2025-02-21T14:00Z', '--until', '2025-02-21T18:30Z', '--format', 'json', '--no-progress']);
    const report = JSON.parse(r.stdout) as { findings: Array<Record<string, unknown>> };
    const M = '[clawprint sha256:492af9017f91]';
    const pick = (rule: string, keys: string[]) => {
      const f = report.findings.find((x) => x['rule'] === rule)!;
      return keys.map((k) => f[k]);
    };
    assert.deepEqual(pick('token-use', ['agent', 'userAgent', 'request', 'endpoints', 'userAgents', 'agents']), [
      M,
      `curl/8.5.0 (Bearer ${M})`,
      `POST /hooks/${M}/run`,
      [`POST /hooks/${M}/run`, 'connection'],
      [`curl/8.5.0 (Bearer ${M})`, `x-openclaw-token: ${M}`],
      [M],
    ]);
    assert.deepEqual(pick('unexpected-registration', ['agent', 'userAgent', 'message']), [M, `Basic ${M}`, `registration of agent ${M} from 203.0.113.51: unknown agent`]);
    assert.deepEqual(pick('unattributed-shared-token-use', ['agent', 'userAgent']), [M, M]);
    assert.deepEqual(pick('auth-failures', ['userAgent', 'request']), [`probe/${M}`, `GET /api/${M}`]);
  });

  it('has no --token option that would take the raw value', async () => {
    const r = await runCli(['audit', demoLogs, '--token', TOKEN]);
    assert.equal(r.code, 2);
    assertClean('--token', r.stdout, r.stderr);
  });
});

// Every command of the program × every format it takes, found from the registries (the commander
// program and REPORTERS), so a new command or reporter is covered without editing this test; each
// against a hostile corpus per token shape (test/no-leak-corpus.ts). No 16-character window of any
// reversible form may reach stdout, stderr or any written file (report, baseline) — also once
// backslash escapes and %XX are undone.
describe('no fragment of the token, for every command and format', () => {
  const program = createProgram(() => {});
  interface MatrixRun {
    label: string;
    args: string[];
    stdin?: string;
    out: string;
    /** A command that reads state files (merge): the state an audit of the corpus writes first, here. */
    shard?: string;
  }
  /** What a file holds as text: a state file (`--emit-state`) is gzip'd. */
  const textOf = (file: string): string => (file.endsWith('.gz') ? gunzipSync(readFileSync(file)) : readFileSync(file)).toString('utf8');
  const has = (command: (typeof program.commands)[number], flag: string): boolean => command.options.some((o) => o.long === flag);
  function runsFor(token: HostileToken, corpus: HostileCorpus): MatrixRun[] {
    const runs: MatrixRun[] = [];
    for (const command of program.commands) {
      const name = command.name();
      const formatOption = command.options.find((o) => o.long === '--format');
      // A command whose --format names the reporters takes all of them; another (fingerprint: text
      // or json) its default and json.
      const formats: Array<string | undefined> = formatOption === undefined ? [undefined] : FORMAT_IDS.every((f) => formatOption.description.includes(f)) ? [...FORMAT_IDS] : [undefined, 'json'];
      // A command about two tokens (rotation) gets the leaked one as the old token.
      const tokenEnv = has(command, '--token-env') ? ['--token-env', 'LEAKED'] : has(command, '--old-token-env') ? ['--old-token-env', 'LEAKED', '--new-fingerprint', 'sha256:0123456789ab'] : [];
      const ways: Array<[string, string[]]> = [['token-env', tokenEnv]];
      if (has(command, '--fingerprint') && command.registeredArguments.length > 0) ways.push(['fingerprint only', ['--fingerprint', fingerprintOf(token.value)]]);
      // merge reads what `--emit-state` wrote: an audit of the corpus given the raw token.
      const takesStates = command.registeredArguments[0]?.name() === 'states';
      for (const [way, tokenArgs] of ways) {
        for (const format of formats) {
          if (way === 'fingerprint only' && format !== undefined && !['table', 'markdown', 'json', 'sarif'].includes(format)) continue;
          const out = mkdtempSync(path.join(tmpdir(), 'clawprint-matrix-'));
          const shard = takesStates ? path.join(out, 'shard.json.gz') : undefined;
          const args = [name, ...(command.registeredArguments.length > 0 ? [shard ?? corpus.logs] : []), ...tokenArgs];
          if (format !== undefined) args.push('--format', format);
          if (has(command, '--since')) args.push('--since', '2025-02-21T14:00Z', '--until', '2025-02-21T18:30Z');
          if (has(command, '--verbose')) args.push('--verbose');
          if (has(command, '--output')) args.push('--output', path.join(out, 'report.out'));
          if (has(command, '--write-baseline')) args.push('--write-baseline', path.join(out, 'baseline.json'));
          if (has(command, '--emit-state')) args.push('--emit-state', path.join(out, 'state.json.gz'));
          const run: MatrixRun = { label: `${name} ${format ?? '(default format)'} ${way}, ${token.label} token`, args, out, ...(shard !== undefined ? { shard } : {}) };
          // A command without inputs reads stdin (mask) or may ignore it (fingerprint given --token-env).
          if (command.registeredArguments.length === 0) run.stdin = corpus.stdin;
          if (has(command, '--no-progress')) args.push('--no-progress');
          runs.push(run);
        }
      }
    }
    return runs;
  }

  it('covers every command and every reporter', () => {
    const names = program.commands.map((c) => c.name());
    for (const c of ['audit', 'scan', 'mask', 'fingerprint', 'merge']) assert.ok(names.includes(c), c);
    const labels = runsFor(HOSTILE_TOKENS[0]!, { logs: 'x', stdin: '' }).map((r) => r.label);
    for (const f of FORMAT_IDS) for (const c of ['audit', 'scan', 'merge']) assert.ok(labels.some((l) => l.startsWith(`${c} ${f} token-env`)), `${c} ${f}`);
  });

  for (const token of HOSTILE_TOKENS) {
    describe(`${token.label} token`, () => {
      const corpus = buildCorpus(token.value);
      const windows = forbiddenWindows(token.value);
      for (const run of runsFor(token, corpus)) {
        it(run.label, async () => {
          if (run.shard !== undefined) {
            const audit = await runCli(['audit', corpus.logs, '--token-env', 'LEAKED', '--since', '2025-02-21T14:00Z', '--until', '2025-02-21T18:30Z', '--emit-state', run.shard, '--output', path.join(run.out, 'shard-report.out'), '--no-progress'], { env: { LEAKED: token.value } });
            assert.ok(audit.code <= 2 && textOf(run.shard).includes('"format":"clawprint-state"'), `no state written: ${audit.stderr}`);
            for (const text of [audit.stdout, audit.stderr]) assert.equal(leakedWindow(text, windows), undefined, 'the shard audit printed a fragment of the token');
          }
          const r = await runCli(run.args, { env: { LEAKED: token.value }, ...(run.stdin !== undefined ? { stdin: run.stdin } : {}) });
          assert.ok(r.code >= 0 && r.code <= 2, `exit ${r.code}: ${r.stderr}`);
          assert.ok(!/\n\s+at /.test(r.stderr), `stack trace on stderr: ${r.stderr}`);
          // A command given no token (check-config) cannot know which string to hide; it still runs here
          // (exit 0-2, no stack trace); a file named after a secret it finds is its own matter.
          if (!run.args.some((a) => a.endsWith('token-env')) && run.shard === undefined) return;
          const files = filesUnder(run.out);
          for (const [where, text] of [['stdout', r.stdout], ['stderr', r.stderr], ...files.map((f) => [path.basename(f), textOf(f)])] as const) {
            const leak = leakedWindow(text, windows);
            assert.equal(leak, undefined, `${where} holds a fragment of the token`);
          }
          if (run.args[0] === 'mask') assert.ok(r.stdout.split('[clawprint ').length > 5, 'mask replaced (almost) nothing');
          if (run.args[0] === 'rotation' || run.args[0] === 'check-config') assert.ok(r.code === 0 || r.code === 1, `${run.args[0]} did not run: ${r.stderr}`);
          if (run.args.includes('--emit-state')) {
            // Nothing vacuous: the state holds the token-named file's row, redacted.
            const state = textOf(path.join(run.out, 'state.json.gz'));
            assert.ok(state.includes(`[clawprint ${fingerprintOf(token.value)}]`), 'no marker in the state file');
          }
          if (run.args[0] === 'audit' || run.args[0] === 'scan' || run.args[0] === 'merge') {
            const report = readFileSync(path.join(run.out, 'report.out'), 'utf8');
            // Nothing vacuous: the token-named file was read and its finding is in the report, redacted.
            const marker = `[clawprint ${fingerprintOf(token.value)}]`;
            assert.ok([report, report.replace(/\\(.)/g, '$1'), decodeURIComponent(report.replace(/%(?![0-9A-Fa-f]{2})/g, '%25'))].some((v) => v.includes(marker)), 'no marker in the report');
            if (run.args.includes('sarif')) {
              for (const uri of report.match(/"uri": "([^"]*)"/g) ?? []) assert.match(uri, /^"uri": "[A-Za-z0-9\-._~!$&'()*+,;=:@%/]+"$/, 'a SARIF uri that is not a valid URI reference');
            }
          }
          if (run.args.includes('--write-baseline') && run.args.includes('--token-env')) {
            const baseline = readFileSync(path.join(run.out, 'baseline.json'), 'utf8');
            assert.ok(baseline.includes(`[clawprint ${fingerprintOf(token.value)}].log`), 'the token-named file is not in the baseline, redacted');
          }
        });
      }
    });
  }
});
