// `fingerprint --token-stdin` (the flag every command takes), where the weak-token warning is said
// (fingerprint only: OpenClaw's own default 48-hex tokens would trigger it on every audit, scan and
// mask run), and what `scan` does not take (--display-tz: a scan report holds no time).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fixture, runCli } from '../helpers.js';

const TOKEN = readFileSync(fixture('demo', 'leaked-token.txt'), 'utf8').trim();
const WEAK = /warning: the token from .* carries about 24 bytes of entropy/;

describe('fingerprint --token-stdin', () => {
  it('reads the token from stdin and prints its one-way forms, with the weak-token warning', async () => {
    const r = await runCli(['fingerprint', '--token-stdin', '--format', 'json'], { stdin: `${TOKEN}\n` });
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { fingerprint: string }).fingerprint, 'sha256:492af9017f91');
    assert.match(r.stderr, /the token from standard input carries about 24 bytes/);
  });

  it('is the same as no flag at all', async () => {
    const explicit = await runCli(['fingerprint', '--token-stdin'], { stdin: `${TOKEN}\n` });
    const implicit = await runCli(['fingerprint'], { stdin: `${TOKEN}\n` });
    assert.deepEqual(explicit, implicit);
  });

  it('with --token-env too is two raw sources: a usage error', async () => {
    const r = await runCli(['fingerprint', '--token-stdin', '--token-env', 'T'], { stdin: `${TOKEN}\n`, env: { T: TOKEN } });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /give the raw token one way only/);
  });
});

describe('the weak-token warning', () => {
  it('fingerprint says it for every token source', async () => {
    const r = await runCli(['fingerprint', '--token-env', 'T'], { env: { T: TOKEN } });
    assert.match(r.stderr, WEAK);
  });

  for (const [label, args, stdin] of [
    ['audit', ['audit', fixture('demo', 'logs'), '--token-env', 'T', '--format', 'json', '--fail-on', 'none', '--no-progress'], undefined],
    ['scan', ['scan', fixture('demo', 'agents.txt'), '--token-env', 'T', '--no-progress'], undefined],
    ['mask', ['mask', '--token-env', 'T'], 'a line\n'],
  ] as const) {
    it(`${label} does not repeat it on every run`, async () => {
      const r = await runCli([...args], { env: { T: TOKEN }, ...(stdin !== undefined ? { stdin } : {}) });
      assert.ok(r.code === 0 || r.code === 1, r.stderr);
      assert.doesNotMatch(r.stderr, /entropy/);
    });
  }
});

describe('scan --display-tz', () => {
  it('is not an option of scan (its report has no time to display)', async () => {
    const r = await runCli(['scan', fixture('demo', 'agents.txt'), '--display-tz', 'Asia/Kolkata']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown option '--display-tz'/);
    assert.match((await runCli(['scan', '--help'])).stdout, /^(?![\s\S]*--display-tz)/);
  });
});
