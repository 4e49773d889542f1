// The attacks a security review reproduced against clawprint (issue 7, sections 1 and 2), each as
// a test named after it that failed before the fix: the token leaking through a way of rendering,
// and hostile text acting on a terminal, a spreadsheet or GitHub.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { everyByte, fingerprintOf, forbiddenWindows, HOSTILE_TOKENS, leakedWindow, nameWith, pyQuote } from './no-leak-corpus.js';
import { runCli } from './helpers.js';

const [HEX, B64URL, B64] = HOSTILE_TOKENS.map((t) => t.value) as [string, string, string];
const WINDOW = ['--since', '2025-02-21T14:00Z', '--until', '2025-02-21T18:30Z', '--no-progress'];

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'clawprint-attack-'));
}

/** A gateway log of the given lines (objects), in a fresh folder; returns the log's path. */
function gatewayLog(lines: ReadonlyArray<Record<string, unknown>>, name = 'gateway.jsonl'): string {
  const file = path.join(tempDir(), name);
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  return file;
}

function assertNoFragment(token: string, ...texts: string[]): void {
  const windows = forbiddenWindows(token);
  for (const text of texts) assert.equal(leakedWindow(text, windows), undefined, 'a 16-character fragment of the token was printed');
}

describe('redaction attacks', () => {
  it('markdown \\_ escaping no longer hides a base64url token with _ from redaction (agent bot.<token>)', async () => {
    assert.ok(B64URL.includes('_'));
    const log = gatewayLog([
      { ts: '2025-02-21T14:10:00Z', event: 'http.request', method: 'GET', path: '/x', status: 200, remote_addr: '203.0.113.50', agent: `bot.${B64URL}`, token_fp: fingerprintOf(B64URL) },
      { ts: '2025-02-21T14:11:00Z', event: 'agent.register', remote_addr: '203.0.113.51', agent: `bot.${B64URL}` },
    ]);
    const r = await runCli(['audit', log, '--token-env', 'T', '--format', 'markdown', ...WINDOW], { env: { T: B64URL } });
    assert.equal(r.code, 1, r.stderr);
    assert.ok(r.stdout.includes(`bot.\\[clawprint ${fingerprintOf(B64URL)}\\]`), r.stdout);
    assertNoFragment(B64URL, r.stdout, r.stderr);
  });

  it('a 48-hex token inside a longer value is not cut to 45 digits next to its fingerprint (table and markdown cells)', async () => {
    const log = gatewayLog([
      { ts: '2025-02-21T14:10:00Z', event: 'http.request', method: 'GET', path: `/api/v1/agents/x${HEX}y/messages`, status: 200, remote_addr: '203.0.113.50', user_agent: `ua-x${HEX}-y`, agent: `agent-${HEX}`, token_fp: fingerprintOf(HEX) },
      { ts: '2025-02-21T14:11:00Z', event: 'agent.register', remote_addr: '203.0.113.51', agent: `agent-${HEX}` },
    ]);
    for (const format of ['table', 'markdown']) {
      const r = await runCli(['audit', log, '--token-env', 'T', '--format', format, ...WINDOW], { env: { T: HEX } });
      assert.ok(r.stdout.includes(fingerprintOf(HEX)), r.stdout);
      // 13 hex digits next to the fingerprint already narrow a brute force; none may stand.
      assert.ok(!r.stdout.includes(HEX.slice(0, 13)) && !r.stdout.includes(HEX.slice(-13)), `${format}: part of the token shows: ${r.stdout}`);
      assertNoFragment(HEX, r.stdout, r.stderr);
    }
  });

  it('mask: a token straddling the 1 MiB cut of a long line is masked', async () => {
    for (const token of [HEX, B64]) {
      const line = `${'a'.repeat((1 << 20) - 20)}${token}${'b'.repeat(300_000)}\n`;
      const r = await runCli(['mask', '--token-env', 'T'], { env: { T: token }, stdin: line });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, line.replace(token, `[clawprint ${fingerprintOf(token)}]`));
    }
  });

  it('a file named after the token: redacted in stderr warnings, the --write-baseline file and the report, and SARIF uris stay valid', async () => {
    for (const token of [HEX, B64]) {
      const dir = tempDir();
      writeFileSync(path.join(dir, `${nameWith(token)}.env`), `OPENCLAW_GATEWAY_TOKEN=${token}\n`);
      writeFileSync(path.join(dir, `${nameWith(token)}.bin`), Buffer.from([0, 1, 0, 2]));
      const out = tempDir();
      const baseline = path.join(out, 'baseline.json');
      const r = await runCli(['scan', dir, '--token-env', 'T', '--format', 'sarif', '--verbose', '--no-progress', '--write-baseline', baseline], { env: { T: token } });
      assert.equal(r.code, 1, r.stderr);
      const marker = `[clawprint ${fingerprintOf(token)}]`;
      assert.match(r.stderr, /binary file/);
      assert.ok(r.stderr.includes(`${marker}.bin`), r.stderr);
      assert.ok(readFileSync(baseline, 'utf8').includes(`${marker}.env`));
      const uris = (JSON.parse(r.stdout) as { runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> }).runs[0]!.results.map((x) => x.locations[0]!.physicalLocation.artifactLocation.uri);
      assert.ok(uris.length > 0);
      for (const uri of uris) {
        assert.match(uri, /^[A-Za-z0-9\-._~!$&'()*+,;=:@%/]+$/, `not a URI reference: ${uri}`);
        assert.ok(decodeURIComponent(uri).endsWith(`${marker}.env`), uri);
      }
      assertNoFragment(token, r.stdout, r.stderr, readFileSync(baseline, 'utf8'));
    }
  });

  it('percent-encoded forms: quote() of a standard-base64 token and every byte as %XX are redacted in audit output and masked', async () => {
    const forms = [pyQuote(B64), encodeURIComponent(B64), everyByte(B64), everyByte(B64, true)];
    const log = gatewayLog(forms.map((form, i) => ({ ts: `2025-02-21T14:1${i}:00Z`, event: 'http.request', method: 'GET', path: `/x?id=${form}`, status: 200, remote_addr: '203.0.113.50', user_agent: `c/${form}`, agent: `a-${form}`, token_fp: fingerprintOf(B64) })));
    for (const format of ['json', 'table', 'csv']) {
      const r = await runCli(['audit', log, '--token-env', 'T', '--format', format, ...WINDOW], { env: { T: B64 } });
      assert.equal(r.code, 1, r.stderr);
      for (const form of forms) assert.ok(!r.stdout.includes(form.slice(0, 20)), `${format}: ${form} printed`);
      assertNoFragment(B64, r.stdout, r.stderr);
    }
    const masked = await runCli(['mask', '--token-env', 'T'], { env: { T: B64 }, stdin: forms.map((f) => `GET /x?id=${f} 200\n`).join('') });
    assert.equal(masked.stdout, forms.map(() => `GET /x?id=[clawprint ${fingerprintOf(B64)}] 200\n`).join(''));
  });

  it('a token inside a path argument (--token-file ./<token>, an input path) is refused or hidden, never echoed', async () => {
    for (const args of [
      ['audit', 'logs', '--token-file', `./${HEX}`],
      ['scan', `./${B64URL}.log`],
      ['audit', `--token-file=secrets/${HEX}.txt`, 'logs'],
    ]) {
      const r = await runCli(args);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /holds something that looks like a raw token \(not shown\)/);
      assertNoFragment(HEX, r.stderr);
      assertNoFragment(B64URL, r.stderr);
    }
    // An existing but unreadable token file: the error names the path with the token piece hidden.
    const dir = tempDir();
    mkdirSync(path.join(dir, HEX));
    const r = await runCli(['scan', dir, '--token-file', path.join(dir, HEX)]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /cannot read the token file: EISDIR \(.*… \(\d+ characters, not shown\)\)/);
    assertNoFragment(HEX, r.stderr);
  });
});

describe('redaction keeps what is not a secret', () => {
  it("leaves the scan's own messages alone (a rule context such as `Authorization: Bearer header` is not a credential)", async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'call.sh'), `curl -H "Authorization: Bearer ${B64URL}"\nx-openclaw-token: ${B64URL}\n`);
    const r = await runCli(['scan', dir, '--format', 'json', '--no-progress']);
    const messages = (JSON.parse(r.stdout) as { findings: Array<{ message: string }> }).findings.map((f) => f.message);
    assert.deepEqual(messages, ['gateway token literal in Authorization: Bearer header', 'gateway token literal in x-openclaw-token header']);
  });
});

describe('escaping attacks', () => {
  const OSC52 = '\u001b]52;c;cm0gLXJmIH4=\u0007';
  const OSC0 = '\u001b]0;owned\u0007';
  const CLEAR = '\u001b[2J';
  const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069]|\udb40[\udc00-\udc7f]/;

  it('OSC 52, OSC 0 and CSI 2J in a file name do not reach the terminal on stderr', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, `a${OSC52}b${OSC0}c${CLEAR}.bin`), Buffer.from([0, 0, 1]));
    writeFileSync(path.join(dir, 'ok.log'), '{"ts":"2025-02-21T14:10:00Z","event":"http.request","method":"GET","path":"/","status":200,"remote_addr":"10.0.0.1"}\n');
    for (const args of [['scan', dir, '--verbose', '--no-progress'], ['audit', dir, '--fingerprint', 'sha256:492af9017f91', ...WINDOW]]) {
      const r = await runCli(args);
      assert.match(r.stderr, /binary/);
      assert.ok(r.stderr.includes('\\x1b]52;c;cm0gLXJmIH4=\\x07'), r.stderr);
      assert.ok(!r.stderr.includes('\u001b'), `${args[0]}: a raw ESC on stderr`);
    }
  });

  const hostileLog = (): string =>
    gatewayLog([
      { ts: '2025-02-21T14:10:00Z', event: 'agent.register', remote_addr: '203.0.113.51', agent: `@octocat fixes #123 see https://evil.example/x`, user_agent: `${OSC52}\u009b2J\u202eexe.txt\u{e0041}\u061c\u200b` },
      { ts: '2025-02-21T14:11:00Z', event: 'agent.register', remote_addr: '203.0.113.52', agent: `a\u202egnp.exe\u2066\u{e0041}\u200b${CLEAR}` },
    ]);

  it('--format csv writes no ESC, OSC or C1 byte', async () => {
    const r = await runCli(['audit', hostileLog(), '--fingerprint', 'sha256:492af9017f91', '--format', 'csv', ...WINDOW]);
    assert.equal(r.code, 1, r.stderr);
    assert.ok(!RAW_CONTROL.test(r.stdout.replace(/\r\n/g, '\n')), JSON.stringify(r.stdout));
    assert.ok(r.stdout.includes('\\x1b]52;c;cm0gLXJmIH4=\\x07\\x9b2J\\u202eexe.txt\\u{e0041}\\u061c\\u200b'), r.stdout);
  });

  it('markdown pings no one and links nothing: @user, #123 and URLs from a log are defused', async () => {
    const r = await runCli(['audit', hostileLog(), '--fingerprint', 'sha256:492af9017f91', '--format', 'markdown', ...WINDOW]);
    assert.ok(r.stdout.includes('@&#8203;octocat fixes #&#8203;123 see https&#8203;://evil.example/x'), r.stdout);
    assert.ok(!/@octocat|#123|https:\/\//.test(r.stdout));
  });

  it('bidi and invisible characters from a log are escaped in table, markdown and csv', async () => {
    for (const format of ['table', 'markdown', 'csv']) {
      const r = await runCli(['audit', hostileLog(), '--fingerprint', 'sha256:492af9017f91', '--format', format, ...WINDOW]);
      assert.ok(!RAW_CONTROL.test(r.stdout.replace(/\r\n/g, '\n')), `${format}: ${JSON.stringify(r.stdout)}`);
      assert.ok(r.stdout.includes('\\u202e'), format);
    }
  });
});
