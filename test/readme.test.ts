// The README is the user's manual and docs/ the product's reference. The registries drive these
// checks: every command (from the commander program), every --help flag, every rule, report
// format, envelope and parser must be documented, so a new one cannot land undocumented. The Quick
// start must be exactly the two lines that work on a fresh machine.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { createProgram } from '../src/cli.js';
import { AUDIT_DETECTORS, SCAN_DETECTORS } from '../src/detectors/index.js';
import { ENVELOPE_ORDER } from '../src/envelopes/index.js';
import { PARSER_ORDER } from '../src/parsers/index.js';
import { FORMAT_IDS } from '../src/reporters/index.js';
import { ROOT, runCli } from './helpers.js';

const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const FORMATS_DOC = readFileSync(path.join(ROOT, 'docs', 'formats.md'), 'utf8');
const PRODUCT_DOC = readFileSync(path.join(ROOT, 'docs', 'product.md'), 'utf8');
const COMMANDS = createProgram(() => {}).commands.map((c) => c.name());

function sectionOf(text: string, heading: string): string {
  const at = text.indexOf(heading);
  assert.ok(at >= 0, `no section ${heading}`);
  const next = text.slice(at + heading.length).search(/\n## /);
  return next < 0 ? text.slice(at) : text.slice(at, at + heading.length + next);
}

describe('README', () => {
  it('starts with a two-line Quick start', () => {
    const quick = /## Quick start\n\n((?: {4}.*\n)+)/.exec(README);
    assert.ok(quick, 'no Quick start block');
    assert.deepEqual(quick[1]!.trim().split('\n').map((l) => l.trim()), ['npm ci && npm run demo', 'npm ci && npm test']);
    assert.equal(/^## .*$/m.exec(README)?.[0], '## Quick start', 'Quick start is not the first section');
  });

  it('walks through an incident before the commands', () => {
    const walk = README.indexOf('## Audit your own incident');
    assert.ok(walk > 0 && walk < README.indexOf('## `clawprint audit`'));
  });

  it('reads the commands from the program', () => {
    for (const command of ['audit', 'fingerprint', 'mask', 'scan']) assert.ok(COMMANDS.includes(command), command);
  });

  for (const command of COMMANDS) {
    it(`documents every flag of clawprint ${command} --help`, async () => {
      const r = await runCli([command, '--help']);
      assert.equal(r.code, 0, r.stderr);
      const flags = [...r.stdout.matchAll(/(?:^|\s)(--[a-z][a-z-]+)/g)].map((m) => m[1]!).filter((f) => f !== '--help');
      assert.ok(flags.length > 0, 'no flags parsed from --help');
      const heading = README.includes(`## \`clawprint ${command}\``) ? `## \`clawprint ${command}\`` : `### \`clawprint ${command}\``;
      assert.ok(README.includes(heading), `no README section for ${command}`);
      // The command's own section, up to the next command's (its ### subsections included).
      const section = sectionOf(README, heading);
      const names = (text: string, flag: string): boolean => new RegExp(`${flag}(?![a-z-])`).test(text);
      for (const flag of new Set(flags)) assert.ok(names(section, flag), `${command}: ${flag} is not in its README section`);
      // A synopsis (a fenced block that starts with the command and its arguments, not a report's
      // heading) lists every flag.
      const synopsis = /```\n(clawprint [^\n]*\n(?:[^`][^\n]*\n)*)```/.exec(section)?.[1];
      if (synopsis !== undefined && new RegExp(`^clawprint ${command} (?:\\[|[A-Z])`).test(synopsis)) {
        for (const flag of new Set(flags)) assert.ok(names(synopsis, flag), `${command}: ${flag} is not in its synopsis`);
      }
    });
  }

  it('has an entry for every rule', () => {
    for (const id of [...Object.keys(AUDIT_DETECTORS), ...Object.keys(SCAN_DETECTORS)]) {
      assert.ok(README.includes(`<a id="${id}"></a>`), `no README anchor for ${id}`);
    }
  });

  it('describes every report format under Output', () => {
    const output = sectionOf(README, '## Output');
    for (const id of FORMAT_IDS) assert.match(output, new RegExp(`^- \`${id}\``, 'm'), `--format ${id} is not under Output`);
  });

  it('lists every envelope and parser under Input formats', () => {
    const formats = sectionOf(README, '## Input formats');
    for (const { id } of [...ENVELOPE_ORDER, ...PARSER_ORDER]) assert.match(formats, new RegExp(`^\\| \`${id}\` \\|`, 'm'), `${id} is not in the README's tables`);
  });

  it('links only to files that exist', () => {
    for (const [, target] of README.matchAll(/\]\(((?:docs|fixtures)\/[^)#]*)/g)) assert.ok(existsSync(path.join(ROOT, target!)), target);
  });
});

describe('docs/', () => {
  it('formats.md has a section for every envelope and parser, in detection order', () => {
    const at = [...ENVELOPE_ORDER, ...PARSER_ORDER].map(({ id }) => {
      const i = FORMATS_DOC.indexOf(`\n### \`${id}\`\n`);
      assert.ok(i >= 0, `docs/formats.md has no section for ${id}`);
      return i;
    });
    const envelopes = at.slice(0, ENVELOPE_ORDER.length);
    assert.deepEqual(envelopes, [...envelopes].sort((a, b) => a - b), 'envelopes are not in detection order');
  });

  it('product.md keeps the numbered sections code comments cite (§1–§10)', () => {
    for (let n = 1; n <= 10; n++) assert.match(PRODUCT_DOC, new RegExp(`^## ${n}\\. `, 'm'), `no §${n}`);
  });

  // Every `docs/<file>.md §N` a comment cites must exist, and no comment cites the steering
  // documents outside the repository (the spec and the formats list) that docs/ replaces.
  const sources = ['src', 'test', 'scripts', 'bin'].flatMap((dir) => filesUnder(path.join(ROOT, dir))).filter((f) => /\.(ts|mjs|js|wat)$/.test(f));
  it('every docs/ citation in code names a file and section that exist', () => {
    for (const file of sources) {
      for (const [, doc, section] of readFileSync(file, 'utf8').matchAll(/docs\/([a-z-]+\.md)(?: §(\d+))?/g)) {
        assert.ok(existsSync(path.join(ROOT, 'docs', doc!)), `${path.relative(ROOT, file)} cites docs/${doc}`);
        if (section !== undefined && doc === 'product.md') assert.match(PRODUCT_DOC, new RegExp(`^## ${section}\\. `, 'm'), `${path.relative(ROOT, file)} cites product.md §${section}`);
      }
    }
  });
  // The README links its history and design notes in docs/, and those link back: a moved file
  // must not leave a reader at a dead link.
  it('every relative link in the README and docs/ names a file that exists', () => {
    const docs = [path.join(ROOT, 'README.md'), ...readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => path.join(ROOT, 'docs', f))];
    const dead: string[] = [];
    for (const doc of docs) {
      for (const [, target] of readFileSync(doc, 'utf8').matchAll(/\]\(([^)\s#]+)(?:#[^)\s]*)?\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue;
        if (!existsSync(path.resolve(path.dirname(doc), target!))) dead.push(`${path.relative(ROOT, doc)} → ${target}`);
      }
    }
    assert.deepEqual(dead, []);
  });
  it('no comment cites a document outside the repository (the spec by section, the formats list)', () => {
    const left = sources.filter((f) => !f.endsWith('readme.test.ts') && /SPEC(?:\.md)? ?§|FORMATS\.md/.test(readFileSync(f, 'utf8'))).map((f) => path.relative(ROOT, f));
    assert.deepEqual(left, []);
  });
});

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}
