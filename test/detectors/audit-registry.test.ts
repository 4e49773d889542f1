// STYLE §11: the registry stays honest. Every audit detector is registered under its own id, is
// built to dist/src/detectors/<id>.js, has examples that pass through the real pipeline, ok./ng.
// fixtures, and a README entry.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type { AuditDetector } from '../../src/detectors/detector.js';
import { AUDIT_DETECTORS } from '../../src/detectors/index.js';
import { runAudit } from '../../src/pipeline/audit-run.js';
import { parseForcedFormat } from '../../src/pipeline/format.js';
import { scanExamples } from '../../src/detectors/scan-examples.js';
import { TokenMatcher } from '../../src/token.js';
import { fixture, ROOT } from '../helpers.js';
import { EXAMPLE_CONTEXT, exampleAuditContext, exampleTime } from './example-context.js';

const { EXAMPLE_EXPOSED_TOKEN } = scanExamples();

const scratch = mkdtempSync(path.join(tmpdir(), 'clawprint-examples-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** The lines written as ONE input file, read through runAudit with EXAMPLE_CONTEXT. */
async function findingsOf(detector: AuditDetector, lines: readonly string[], name: string): Promise<string[]> {
  const file = path.join(scratch, `${detector.meta.id}.${name}.log`);
  writeFileSync(file, lines.join('\n') + '\n');
  const result = await runAudit([{ path: path.basename(file), absolutePath: file }], {
    detectors: Object.values(AUDIT_DETECTORS),
    context: exampleAuditContext(),
    time: exampleTime(),
    forced: parseForcedFormat(undefined),
    // The raw example token too: token-exposure needs a raw credential to recognise a printed one.
    tokens: new TokenMatcher([EXAMPLE_CONTEXT.token, { label: 'exposed', raw: EXAMPLE_EXPOSED_TOKEN }]),
  });
  return result.findings.filter((f) => f.rule === detector.meta.id).map((f) => f.message);
}

function scenarioFolders(id: string): string[] {
  const dir = fixture('detectors', id);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((name) => statSync(path.join(dir, name)).isDirectory());
}

/** The id as a whole word: `token-use` must not be satisfied by `token-use-after-window`. */
function mentions(text: string, id: string): boolean {
  const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\w-])${escaped}(?![\\w-])`).test(text);
}

describe('AUDIT_DETECTORS registry (STYLE §11)', () => {
  it('has detectors', () => {
    assert.ok(Object.keys(AUDIT_DETECTORS).length > 0);
  });

  for (const [key, detector] of Object.entries(AUDIT_DETECTORS) as Array<[string, AuditDetector]>) {
    const id = detector.meta.id;
    describe(key, () => {
      it('is registered under its own meta.id', () => {
        assert.equal(key, id);
      });

      it(`is built from a file of the same name (dist/src/detectors/${key}.js)`, () => {
        const built = path.join(ROOT, 'dist', 'src', 'detectors', `${key}.js`);
        assert.ok(existsSync(built), `missing ${path.relative(ROOT, built)}: the detector file must be named after its id`);
      });

      it('has match and noMatch examples', () => {
        assert.ok(detector.examples.match.length > 0, `${id}: examples.match is empty`);
        assert.ok(detector.examples.noMatch.length > 0, `${id}: examples.noMatch is empty`);
      });

      it('finds its match examples, read together as one input', async () => {
        const found = await findingsOf(detector, detector.examples.match, 'match');
        assert.ok(found.length >= 1, `${id}: the match examples yield no ${id} finding`);
      });

      it('finds nothing in its noMatch examples, read together as one input', async () => {
        const found = await findingsOf(detector, detector.examples.noMatch, 'nomatch');
        assert.deepEqual(found, [], `${id}: the noMatch examples yield ${id} findings`);
      });

      it(`has ng.* and ok.* scenarios in fixtures/detectors/${key}/`, () => {
        const folders = scenarioFolders(key);
        assert.ok(folders.some((f) => f.startsWith('ng.')), `fixtures/detectors/${key}/ has no ng.* scenario`);
        assert.ok(folders.some((f) => f.startsWith('ok.')), `fixtures/detectors/${key}/ has no ok.* scenario`);
      });

      it('is documented in README.md', () => {
        const readme = path.join(ROOT, 'README.md');
        assert.ok(existsSync(readme), `README.md does not exist yet, so it cannot document the audit rule ${id}`);
        assert.ok(mentions(readFileSync(readme, 'utf8'), id), `README.md does not mention the audit rule ${id}`);
      });
    });
  }
});
