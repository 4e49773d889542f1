// STYLE §11 for scan rules: every detector in SCAN_DETECTORS is registered under its own id, is
// built from a file of that name, has examples that behave as they claim, and has ok./ng.
// scenario folders. Examples are single lines; `path:<name> <line>` scans the line as file <name>.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { ScanDetector } from '../../src/detectors/detector.js';
import { SCAN_DETECTORS } from '../../src/detectors/index.js';
import { scanExamples } from '../../src/detectors/scan-examples.js';
import { fixture, ROOT } from '../helpers.js';
import { EXAMPLE_TOKEN, exampleTokens } from './scan-fixtures.js';

const { EXAMPLE_EXPOSED_TOKEN } = scanExamples();

const tokens = exampleTokens();

/** The rules of `detector` that one example line yields, run through `create(ctx).onLine(...)`. */
function rulesOf(detector: ScanDetector, example: string): string[] {
  const named = /^path:(\S+) /.exec(example);
  const filePath = named === null ? 'example.txt' : named[1]!;
  const text = named === null ? example : example.slice(named[0].length);
  const run = detector.create({ tokens, path: filePath });
  return run.onLine({ text, path: filePath, line: 1, column: 0, context: 'none' }).map((f) => f.rule);
}

describe('SCAN_DETECTORS registry (STYLE §11)', () => {
  it('has the four scan rules', () => {
    assert.deepEqual(Object.keys(SCAN_DETECTORS).sort(), ['exposed-token', 'gateway-token-literal', 'masked-token', 'token-shaped-string']);
  });

  it('uses the exposed token of fixtures/detectors/example-token.txt in its examples', () => {
    assert.equal(EXAMPLE_TOKEN, EXAMPLE_EXPOSED_TOKEN, 'src/detectors/scan-examples.ts and fixtures/detectors/example-token.txt disagree');
  });

  for (const [key, detector] of Object.entries(SCAN_DETECTORS) as Array<[string, ScanDetector]>) {
    const id = detector.meta.id;
    describe(key, () => {
      it('is registered under its own meta.id', () => {
        assert.equal(key, id);
      });

      it(`is built from a file of the same name (dist/src/detectors/${key}.js)`, () => {
        assert.ok(existsSync(path.join(ROOT, 'dist', 'src', 'detectors', `${key}.js`)), `the detector file must be named ${key}.ts`);
      });

      it('has match and noMatch examples', () => {
        assert.ok(detector.examples.match.length > 0, `${id}: examples.match is empty`);
        assert.ok(detector.examples.noMatch.length > 0, `${id}: examples.noMatch is empty`);
      });

      for (const example of detector.examples.match) {
        it(`finds its match example ${JSON.stringify(example.slice(0, 60))}`, () => {
          assert.ok(rulesOf(detector, example).includes(id), `${id} finds nothing in ${example}`);
        });
      }

      for (const example of detector.examples.noMatch) {
        it(`finds nothing in its noMatch example ${JSON.stringify(example.slice(0, 60))}`, () => {
          assert.deepEqual(rulesOf(detector, example), [], `${id} reports ${example}`);
        });
      }

      it(`has ng.* and ok.* scenarios in fixtures/detectors/${key}/`, () => {
        const dir = fixture('detectors', key);
        const folders = existsSync(dir) ? readdirSync(dir).filter((name) => statSync(path.join(dir, name)).isDirectory()) : [];
        assert.ok(folders.some((f) => f.startsWith('ng.')), `fixtures/detectors/${key}/ has no ng.* scenario`);
        assert.ok(folders.some((f) => f.startsWith('ok.')), `fixtures/detectors/${key}/ has no ok.* scenario`);
      });
    });
  }
});
