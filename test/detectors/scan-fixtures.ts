// Scan rules against their scenario folders, fixtures/detectors/<rule>/<ok|ng>.<case>/ (STYLE §10).
// Every file of a folder (nested paths allowed) is fed line by line — split on \n, one trailing
// \r removed, column 0, context `none`, a fresh run per file — through EVERY scan rule, so a
// folder also shows which rule owns each secret. ng.*: expected.json is the exact list of all
// findings and holds at least one of the folder's rule; ok.*: no rule finds anything.
// UPDATE_FIXTURES=1 rewrites expected.json files; a reviewer reads the diff.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { ScanDetector } from '../../src/detectors/detector.js';
import type { LocatedFinding } from '../../src/detectors/finding.js';
import { SCAN_DETECTORS } from '../../src/detectors/index.js';
import { TokenMatcher, type TokenSpec } from '../../src/token.js';
import { assertMatchesFile, fixture } from '../helpers.js';

/** The fake exposed token every scenario and example uses unless case.json says otherwise. */
export const EXAMPLE_TOKEN = readFileSync(fixture('detectors', 'example-token.txt'), 'utf8').trim();

/** case.json (optional): `tokens` replaces the default exposed token (`[]`: none given). */
interface CaseSettings {
  tokens?: Array<{ raw: string } | { fingerprint: string }>;
}
const NOT_INPUTS = new Set(['case.json', 'expected.json']);

export interface ScanRow {
  rule: string;
  severity: string;
  path: string;
  line: number;
  column: number | undefined;
  fingerprint: string | undefined;
  matchesExposedToken: boolean | undefined;
  message: string;
}

export function exampleTokens(): TokenMatcher {
  return new TokenMatcher([{ label: 'exposed', raw: EXAMPLE_TOKEN }]);
}

/** Feeds `text` as the file `filePath` through a fresh run of each detector. */
export function scanText(text: string, filePath: string, tokens: TokenMatcher, detectors: readonly ScanDetector[] = Object.values(SCAN_DETECTORS)): LocatedFinding[] {
  const runs = detectors.map((d) => d.create({ tokens, path: filePath }));
  const findings: LocatedFinding[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = { text: raw.endsWith('\r') ? raw.slice(0, -1) : raw, path: filePath, line: i + 1, column: 0, context: 'none' };
    for (const run of runs) findings.push(...run.onLine(line));
  });
  return findings;
}

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const rel = prefix === '' ? name : `${prefix}/${name}`;
      if (prefix === '' && NOT_INPUTS.has(name)) return [];
      return statSync(path.join(dir, name)).isDirectory() ? filesUnder(path.join(dir, name), rel) : [rel];
    });
}

function tokensFor(dir: string): TokenMatcher {
  const file = path.join(dir, 'case.json');
  if (!existsSync(file)) return exampleTokens();
  const settings = JSON.parse(readFileSync(file, 'utf8')) as CaseSettings;
  const specs: TokenSpec[] = (settings.tokens ?? []).map((t) => ({ label: 'exposed', ...t }));
  return new TokenMatcher(specs);
}

const toRow = (f: LocatedFinding): ScanRow => ({
  rule: f.rule,
  severity: f.severity,
  path: f.location.path,
  line: f.location.line,
  column: f.location.column,
  fingerprint: f.secret?.fingerprint,
  matchesExposedToken: f.matchesExposedToken,
  message: f.message,
});

/** Long token-ish runs of the inputs: none may appear in any finding (redacted at birth). */
function assertRedacted(findings: readonly LocatedFinding[], inputs: readonly string[], where: string): void {
  const json = JSON.stringify(findings);
  for (const text of inputs) {
    for (const run of text.match(/[A-Za-z0-9_\-+/=%]{16,}/g) ?? []) {
      if (!/\d/.test(run)) continue; // key names such as OPENCLAW_GATEWAY_TOKEN appear in messages
      assert.ok(!json.includes(run), `${where}: a finding holds "${run.slice(0, 6)}…" from the input`);
    }
  }
}

export function describeScanRule(rule: string): void {
  const root = fixture('detectors', rule);
  describe(`scan rule ${rule} (fixtures/detectors/${rule})`, () => {
    const folders = readdirSync(root).filter((name) => statSync(path.join(root, name)).isDirectory());
    it('has ng.* and ok.* scenarios', () => {
      assert.ok(folders.some((f) => f.startsWith('ng.')));
      assert.ok(folders.some((f) => f.startsWith('ok.')));
    });
    for (const folder of folders) {
      it(folder, () => {
        const dir = path.join(root, folder);
        const tokens = tokensFor(dir);
        const inputs = filesUnder(dir);
        assert.ok(inputs.length > 0, `${folder} has no input file`);
        const texts = inputs.map((name) => readFileSync(path.join(dir, name), 'utf8'));
        const findings = inputs.flatMap((name, i) => scanText(texts[i]!, name, tokens));
        assertRedacted(findings, texts, folder);
        const rows = findings.map(toRow);
        if (folder.startsWith('ok.')) {
          assert.deepEqual(rows, [], `${folder}: expected no finding of any scan rule`);
          return;
        }
        assert.ok(folder.startsWith('ng.'), `${folder}: scenario folders are named ok.<case> or ng.<case>`);
        assert.ok(rows.some((r) => r.rule === rule), `${folder}: no ${rule} finding`);
        assertMatchesFile(rows, path.join(dir, 'expected.json'));
      });
    }
  });
}
