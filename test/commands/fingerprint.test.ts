// `clawprint fingerprint` at an interactive prompt (docs/product.md §1: readline, echo off), on a real
// pseudo-terminal: the token typed never shows, and every way of leaving the prompt has its exit.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fixture, runCliInPty } from '../helpers.js';

const TOKEN = readFileSync(fixture('demo', 'leaked-token.txt'), 'utf8').trim();
const PROMPT = /Gateway token \(input hidden\): /;

/** The terminal's lines without cursor-control sequences and carriage returns. */
const lines = (transcript: string): string[] =>
  transcript
    .replace(/\u001b\[[0-9;]*[A-Za-z]/g, '')
    .split(/\r?\n/)
    .map((l) => l.replace(/\r/g, '').trimEnd())
    .filter((l) => l !== '');

describe('fingerprint: the interactive prompt', () => {
  it('a typed token is not echoed; its one-way forms are printed', async () => {
    const r = await runCliInPty(['fingerprint'], [{ waitFor: PROMPT, send: `${TOKEN}\r` }]);
    assert.equal(r.code, 0, r.transcript);
    assert.ok(!r.transcript.includes(TOKEN), 'the token was echoed');
    const shown = lines(r.transcript);
    // The base64 digests are left out here: the repository's own scan would flag them as token-shaped.
    assert.deepEqual(shown.slice(0, 4), [
      'Gateway token (input hidden):',
      // fingerprint is where a weak token is judged (a 48-hex OpenClaw default here).
      "clawprint: warning: the token from the prompt carries about 24 bytes of entropy (< 32; OpenClaw's default 48-hex tokens carry 24, `openssl rand -hex 32` gives 32)",
      'fingerprint           sha256:492af9017f91',
      'sha256                492af9017f915411219e2a4dbcdfbebdfe76f24dbafe8447001829b5898a8149',
    ]);
    assert.deepEqual(shown.slice(7), ['sha1 (detect-secrets) e8be014c2637851c3c7d0d075799d22aff28bc30', 'openclaw mask         e7ce77…0f0c']);
  });

  it('Enter on an empty line is an empty token: one line, exit 2', async () => {
    const r = await runCliInPty(['fingerprint'], [{ waitFor: PROMPT, send: '\r' }]);
    assert.equal(r.code, 2, r.transcript);
    assert.deepEqual(lines(r.transcript), ['Gateway token (input hidden):', 'clawprint: the token from the prompt is empty']);
  });

  it('Ctrl-D closes the prompt without a token: one line, exit 2', async () => {
    const r = await runCliInPty(['fingerprint'], [{ waitFor: PROMPT, send: '\u0004' }]);
    assert.equal(r.code, 2, r.transcript);
    assert.deepEqual(lines(r.transcript), ['Gateway token (input hidden):', 'clawprint: no token entered at the prompt (end of input)']);
  });

  it('Ctrl-C interrupts: exit 130, and what was typed is not shown', async () => {
    const r = await runCliInPty(['fingerprint'], [{ waitFor: PROMPT, send: `${TOKEN.slice(0, 20)}\u0003` }]);
    assert.equal(r.code, 130, r.transcript);
    assert.deepEqual(lines(r.transcript), ['Gateway token (input hidden):', 'clawprint: interrupted']);
  });
});
