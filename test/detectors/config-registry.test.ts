// STYLE §11 for check-config's rules: each is registered under its own id, built from a file of
// that name, documented in the README, and its examples behave as they claim when read through
// the real readers (files in memory; facts default to mode 0600, outside git, age 0).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { readConfigText, readerFor } from '../../src/configs/index.js';
import { environmentResolver } from '../../src/configs/environment.js';
import type { ConfigExample, ConfigDetector } from '../../src/detectors/detector.js';
import { CONFIG_DETECTORS } from '../../src/detectors/index.js';
import { ROOT } from '../helpers.js';

function rulesOf(detector: ConfigDetector, example: ConfigExample): string[] {
  const settings = Object.entries(example.files).flatMap(([file, text]) => {
    const reader = readerFor(file, text);
    assert.ok(reader !== undefined, `no reader for ${file}`);
    return readConfigText(reader, text, file).settings;
  });
  const { ageHours, ...facts } = example.facts ?? {};
  const findings = detector.check(settings, {
    facts: () => ({ mode: 0o600, ...facts }),
    environmentOf: environmentResolver([]),
    lineAge: () => ({ ms: (ageHours ?? 0) * 3_600_000, from: 'mtime' }),
    maxRotationAgeMs: 24 * 3_600_000,
  });
  return findings.map((f) => f.rule);
}

const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

describe('CONFIG_DETECTORS registry (STYLE §11)', () => {
  for (const [key, detector] of Object.entries(CONFIG_DETECTORS) as Array<[string, ConfigDetector]>) {
    const id = detector.meta.id;
    describe(key, () => {
      it('is registered under its own meta.id, from a file of that name', () => {
        assert.equal(key, id);
        assert.ok(existsSync(path.join(ROOT, 'dist', 'src', 'detectors', `${key}.js`)), `the rule file must be named ${key}.ts`);
      });
      it('is documented in the README', () => {
        assert.ok(README.includes(`\`${id}\``), `README has no entry for ${id}`);
      });
      it('has match and noMatch examples', () => {
        assert.ok(detector.examples.match.length > 0 && detector.examples.noMatch.length > 0);
      });
      detector.examples.match.forEach((example, i) => {
        it(`finds its match example ${i + 1} (${Object.keys(example.files).join(', ')})`, () => {
          assert.ok(rulesOf(detector, example).includes(id), `${id} finds nothing in match example ${i + 1}`);
        });
      });
      detector.examples.noMatch.forEach((example, i) => {
        it(`finds nothing in its noMatch example ${i + 1} (${Object.keys(example.files).join(', ')})`, () => {
          assert.deepEqual(rulesOf(detector, example), [], `${id} reports noMatch example ${i + 1}`);
        });
      });
    });
  }

  it('rotation-in-progress is high past --max-rotation-age', () => {
    const example = { files: { 'gateway.yaml': 'gateway:\n  token_secondary: ${OLD}\n' }, facts: { ageHours: 25 } };
    const settings = readerFor('gateway.yaml', undefined)!.read(example.files['gateway.yaml'], 'gateway.yaml').settings;
    const [finding] = CONFIG_DETECTORS['rotation-in-progress'].check(settings, {
      facts: () => ({}),
      environmentOf: () => 'default',
      lineAge: () => ({ ms: 25 * 3_600_000, from: 'git' }),
      maxRotationAgeMs: 24 * 3_600_000,
    });
    assert.equal(finding?.severity, 'high');
    assert.match(finding?.message ?? '', /1d 1h old \(from git blame\)/);
  });
});
