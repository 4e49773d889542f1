// Every audit rule against its scenario folders, fixtures/detectors/<rule>/<ok|ng>.<case>/ (STYLE
// §10): the input logs of a folder are read together through runAudit with every audit detector.
// ng.*: expected.json is the exact list of that rule's findings; ok.*: that rule finds nothing.
// UPDATE_FIXTURES=1 rewrites expected.json files; a reviewer reads the diff.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { AuditContext } from '../../src/detectors/detector.js';
import type { Finding } from '../../src/detectors/finding.js';
import { AUDIT_DETECTORS } from '../../src/detectors/index.js';
import { runAudit } from '../../src/pipeline/audit-run.js';
import { parseForcedFormat } from '../../src/pipeline/format.js';
import type { Input } from '../../src/sources/input.js';
import type { TimeContext } from '../../src/time.js';
import { parseWindowTime } from '../../src/time-flags.js';
import { TokenMatcher, type TokenSpec } from '../../src/token.js';
import { assertMatchesFile, fixture, ROOT } from '../helpers.js';
import { EXAMPLE_CONTEXT } from './example-context.js';

/** context.json; every field optional, defaults from EXAMPLE_CONTEXT. */
interface ScenarioContext {
  since?: string;
  until?: string;
  tz?: string;
  knownAgents?: string[];
  /** The exposed token as a fingerprint only. */
  fingerprint?: string;
  /** Several exposed tokens as fingerprints (like repeated --fingerprint). */
  fingerprints?: string[];
  /** The exposed token raw: first line of this file, relative to the repository root; with
   * `fingerprints`, the raw token comes first (like --token-file plus --fingerprint). */
  tokenFile?: string;
  authFailureThreshold?: number;
  gapToleranceSeconds?: number;
}

const CONTEXT_KEYS = new Set(['since', 'until', 'tz', 'knownAgents', 'fingerprint', 'fingerprints', 'tokenFile', 'authFailureThreshold', 'gapToleranceSeconds']);
const NOT_INPUTS = new Set(['context.json', 'expected.json', 'SOURCES']);

interface Scenario {
  context: AuditContext;
  time: TimeContext;
  tokens: TokenMatcher;
  inputs: Input[];
}

function loadScenario(dir: string): Scenario {
  const file = path.join(dir, 'context.json');
  const given: ScenarioContext = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ScenarioContext) : {};
  for (const key of Object.keys(given)) assert.ok(CONTEXT_KEYS.has(key), `${file}: unknown key "${key}"`);
  assert.ok(given.fingerprint === undefined || (given.tokenFile === undefined && given.fingerprints === undefined), `${file}: fingerprint is one token alone`);

  const time: TimeContext = { zone: given.tz ?? EXAMPLE_CONTEXT.zone };
  const now = Date.now();
  const since = given.since !== undefined ? parseWindowTime(given.since, 'since', time, now) : EXAMPLE_CONTEXT.since;
  const until = given.until !== undefined ? parseWindowTime(given.until, 'until', time, now) : EXAMPLE_CONTEXT.until;
  const tokens: TokenSpec[] = [];
  if (given.fingerprint !== undefined) tokens.push({ label: 'exposed', fingerprint: given.fingerprint });
  if (given.tokenFile !== undefined) {
    tokens.push({ label: 'exposed', raw: (readFileSync(path.join(ROOT, given.tokenFile), 'utf8').split(/\r?\n/)[0] ?? '').trim() });
  }
  for (const fingerprint of given.fingerprints ?? []) tokens.push({ label: 'exposed', fingerprint });
  if (tokens.length === 0) tokens.push(EXAMPLE_CONTEXT.token);
  const context: AuditContext = {
    window: { since, until },
    knownAgents: new Set(given.knownAgents ?? EXAMPLE_CONTEXT.knownAgents),
    authFailureThreshold: given.authFailureThreshold ?? EXAMPLE_CONTEXT.authFailureThreshold,
    coverageToleranceMs: given.gapToleranceSeconds !== undefined ? given.gapToleranceSeconds * 1000 : EXAMPLE_CONTEXT.coverageToleranceMs,
  };
  // Display paths are relative to the scenario folder; no mtime, so nothing depends on checkout time.
  const inputs = readdirSync(dir)
    .filter((name) => !NOT_INPUTS.has(name))
    .sort()
    .map((name): Input => {
      const absolutePath = path.join(dir, name);
      assert.ok(statSync(absolutePath).isFile(), `${absolutePath}: a scenario holds files only`);
      return { path: name, absolutePath };
    });
  assert.ok(inputs.length > 0, `${dir}: no input files`);
  return { context, time, tokens: new TokenMatcher(tokens), inputs };
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** What expected.json pins down about a finding. */
function project(f: Finding): Record<string, unknown> {
  const p: Record<string, unknown> = { rule: f.rule, severity: f.severity };
  if (f.time !== undefined) p['time'] = iso(f.time);
  if (f.location !== undefined) {
    p['path'] = f.location.path;
    p['line'] = f.location.line;
  }
  if (f.source !== undefined) p['source'] = f.source;
  if (f.agent !== undefined) p['agent'] = f.agent;
  if (f.device !== undefined) p['device'] = f.device;
  if (f.count !== undefined) p['count'] = f.count;
  // Aggregated findings name their last event too (the finding itself has lastLocation only then).
  if (f.lastLocation !== undefined) {
    p['last'] = { ...(f.lastTime !== undefined ? { time: iso(f.lastTime) } : {}), path: f.lastLocation.path, line: f.lastLocation.line };
  }
  if (f.reason !== undefined) p['reason'] = f.reason;
  if (f.token !== undefined) p['token'] = f.token;
  if (f.from !== undefined) p['from'] = iso(f.from);
  if (f.to !== undefined) p['to'] = iso(f.to);
  return p;
}

async function run(dir: string, rule: string): Promise<{ findings: Finding[]; idle: string[] }> {
  const scenario = loadScenario(dir);
  const result = await runAudit(scenario.inputs, {
    detectors: Object.values(AUDIT_DETECTORS),
    context: scenario.context,
    time: scenario.time,
    forced: parseForcedFormat(undefined),
    tokens: scenario.tokens,
  });
  // An input that yields no event says nothing about any rule: an ok.* scenario must not pass
  // because its lines were not understood.
  const idle = result.coverage.filter((c) => c.events === 0).map((c) => `${c.path} (${c.envelope}/${c.format}, ${c.lines} lines)`);
  return { findings: result.findings.filter((f) => f.rule === rule), idle };
}

for (const rule of Object.keys(AUDIT_DETECTORS)) {
  const ruleDir = fixture('detectors', rule);
  const scenarios = existsSync(ruleDir) ? readdirSync(ruleDir).filter((name) => statSync(path.join(ruleDir, name)).isDirectory()).sort() : [];
  describe(`audit rule ${rule}`, () => {
    it('has scenarios, each named ng.<case> or ok.<case>', () => {
      assert.ok(scenarios.length > 0, `no scenarios in fixtures/detectors/${rule}/`);
      for (const name of scenarios) assert.match(name, /^(ng|ok)\.[a-z0-9][a-z0-9.-]*$/, `fixtures/detectors/${rule}/${name}`);
    });
    for (const name of scenarios) {
      const dir = path.join(ruleDir, name);
      it(name, async () => {
        const { findings, idle } = await run(dir, rule);
        // token-in-unparsed-line and token-exposure are about lines no parser understood (an
        // unknown format, a CI log): their inputs yield no event by design.
        if (rule !== 'token-in-unparsed-line' && rule !== 'token-exposure') assert.deepEqual(idle, [], 'inputs that yielded no event');
        const expectedPath = path.join(dir, 'expected.json');
        if (name.startsWith('ng.')) {
          assertMatchesFile(findings.map(project), expectedPath);
          assert.ok(findings.length > 0, `${name}: an ng.* scenario must yield at least one ${rule} finding`);
        } else {
          assert.ok(!existsSync(expectedPath), `${name}: an ok.* scenario has no expected.json`);
          assert.deepEqual(findings.map(project), [], `${name}: expected no ${rule} finding`);
        }
      });
    }
  });
}
