// The README is the user's manual: every command's --help flags and every rule id must be in it,
// and its Quick start must be exactly the two lines that work on a fresh machine.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { AUDIT_DETECTORS, SCAN_DETECTORS } from '../src/detectors/index.js';
import { ROOT, runCli } from './helpers.js';

const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

describe('README', () => {
  it('starts with a two-line Quick start', () => {
    const quick = /## Quick start\n\n((?: {4}.*\n)+)/.exec(README);
    assert.ok(quick, 'no Quick start block');
    assert.deepEqual(quick[1]!.trim().split('\n').map((l) => l.trim()), ['npm ci && npm run demo', 'npm ci && npm test']);
  });

  for (const command of ['audit', 'scan', 'mask', 'fingerprint']) {
    it(`documents every flag of clawprint ${command} --help`, async () => {
      const r = await runCli([command, '--help']);
      assert.equal(r.code, 0, r.stderr);
      const flags = [...r.stdout.matchAll(/(?:^|\s)(--[a-z][a-z-]+)/g)].map((m) => m[1]!).filter((f) => f !== '--help');
      assert.ok(flags.length > 0, 'no flags parsed from --help');
      const section = README.slice(README.indexOf(`## \`clawprint ${command}\``));
      for (const flag of new Set(flags)) assert.ok(section.includes(flag) || README.includes(`\`${flag}`), `${command}: ${flag} is not in the README`);
    });
  }

  it('has an entry for every rule', () => {
    for (const id of [...Object.keys(AUDIT_DETECTORS), ...Object.keys(SCAN_DETECTORS)]) {
      assert.ok(README.includes(`<a id="${id}"></a>`), `no README anchor for ${id}`);
    }
  });
});
