// `clawprint merge` (issue 14): the states of any split of an incident's inputs into shards,
// merged in any grouping, print byte for byte the report of one audit over all of them — by file,
// by time within one log, one source spread over shards, a registration before the window in
// another shard than its use, an auth-failure burst in two shards, coverage gaps united. Reads
// fixtures/commands/merge/incident.jsonl and the demo incident.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { FORMAT_IDS } from '../../src/reporters/index.js';
import { fixture, runCli } from '../helpers.js';

const FP = 'sha256:492af9017f91';
const ROTATED = readFileSync(fixture('demo', 'rotated-token.txt'), 'utf8').trim();
const SETTINGS = ['--fingerprint', FP, '--since', '2025-02-21T14:00Z', '--until', '2025-02-21T18:30Z', '--known-agents', fixture('demo', 'agents.txt'), '--no-progress'];
const tmp = (): string => mkdtempSync(path.join(tmpdir(), 'clawprint-merge-'));

/** The incident cut by time into four logs: before the window, its start, its middle, its end and after. */
function incidentByTime(): string[] {
  const dir = tmp();
  const lines = readFileSync(fixture('commands', 'merge', 'incident.jsonl'), 'utf8').trimEnd().split('\n');
  const cuts = ['2025-02-21T14:00', '2025-02-21T15:00', '2025-02-21T17:00'];
  const part = (line: string): number => cuts.filter((c) => (JSON.parse(line) as { ts: string }).ts >= c).length;
  return ['a', 'b', 'c', 'd'].map((name, i) => {
    const file = path.join(dir, `gateway-${name}.jsonl`);
    writeFileSync(file, lines.filter((l) => part(l) === i).map((l) => `${l}\n`).join(''));
    return file;
  });
}

async function audit(inputs: string[], format: string, extra: string[] = []): Promise<string> {
  const r = await runCli(['audit', ...inputs, ...SETTINGS, '--format', format, '--fail-on', 'none', ...extra]);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
}

/** Each shard's state file. */
async function shards(groups: string[][]): Promise<string[]> {
  const dir = tmp();
  const states: string[] = [];
  for (const [i, inputs] of groups.entries()) {
    const state = path.join(dir, `state-${i}.json.gz`);
    await audit(inputs, 'json', ['--emit-state', state]);
    states.push(state);
  }
  return states;
}

async function merge(states: string[], format: string, extra: string[] = []): Promise<string> {
  const r = await runCli(['merge', ...states, '--format', format, '--fail-on', 'none', ...extra]);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
}

/** merge(a, b) written as a state itself, to merge again. */
async function mergedState(states: string[]): Promise<string> {
  const file = path.join(tmp(), 'merged.json.gz');
  await merge(states, 'json', ['--emit-state', file]);
  return file;
}

interface JsonReport {
  findings: Array<{ rule: string; severity: string; source?: string; count?: number; reason?: string; from?: string; to?: string }>;
  inputs: Array<{ path: string }>;
}

describe('merge: shards of an incident give the single audit, byte for byte', () => {
  it('cut by time into four logs, one shard each, merged at once in any order: every format', async () => {
    const parts = incidentByTime();
    const states = await shards(parts.map((p) => [p]));
    for (const format of FORMAT_IDS) {
      const single = await audit(parts, format);
      assert.equal(await merge(states, format), single, `${format}: merge differs from the single audit`);
      assert.equal(await merge([...states].reverse(), format), single, `${format}: the order of the states changed the report`);
    }
  });

  it('what one shard cannot see, the merge does: the burst, the known agent, the veteran, the gaps', async () => {
    const parts = incidentByTime();
    const states = await shards(parts.map((p) => [p]));
    const report = JSON.parse(await merge(states, 'json')) as JsonReport;
    const brief = report.findings.map((f) => [f.rule, f.severity, f.source ?? '', f.count ?? 0, f.reason ?? f.from ?? '']);
    assert.deepEqual(brief, [
      ['token-use', 'high', '10.0.0.5', 2, 'this source used the token before the window too'],
      ['token-use', 'critical', '203.0.113.7', 4, 'this source never used the token before the window'],
      ['auth-failures', 'medium', '192.0.2.50', 12, ''],
      ['unattributed-shared-token-use', 'medium', '198.51.100.23', 2, 'source not seen before the window'],
      ['log-coverage-gap', 'medium', '', 0, '2025-02-21T14:21:00.000Z'],
      ['unexpected-registration', 'critical', '198.51.100.77', 1, 'known agent from a new source'],
      ['unexpected-registration', 'critical', '203.0.113.7', 1, 'unknown agent'],
      ['token-use', 'critical', '203.0.113.8', 1, 'this source never used the token before the window'],
      ['log-coverage-gap', 'medium', '', 0, '2025-02-21T15:40:06.000Z'],
      ['token-use-after-window', 'critical', '203.0.113.7', 1, 'rotation incomplete: the gateway still accepts the exposed token'],
    ]);
    // No shard alone holds the burst (6 + 6 failures), nor the veteran's history next to its use.
    for (const part of parts.slice(1, 3)) {
      const alone = JSON.parse(await audit([part], 'json')) as JsonReport;
      assert.ok(!alone.findings.some((f) => f.rule === 'auth-failures' && f.source === '192.0.2.50'), part);
      assert.ok(!alone.findings.some((f) => f.rule === 'token-use' && f.source === '10.0.0.5' && f.severity === 'high'), part);
    }
  });

  it('merged states merge again: any grouping gives the same report', async () => {
    const parts = incidentByTime();
    const [a, b, c, d] = await shards(parts.map((p) => [p]));
    const single = await audit(parts, 'json');
    const singleTable = await audit(parts, 'table');
    const groupings = [
      [await mergedState([a!, b!]), await mergedState([c!, d!])],
      [a!, await mergedState([b!, await mergedState([c!, d!])])],
      [await mergedState([d!, a!]), c!, b!],
      [await mergedState([a!, b!, c!, d!])],
    ];
    for (const [i, states] of groupings.entries()) {
      assert.equal(await merge(states, 'json'), single, `grouping ${i}`);
      assert.equal(await merge(states, 'table'), singleTable, `grouping ${i}, table`);
    }
  });

  it('two shards that each hold part of two logs (a source spread over shards, history in another shard)', async () => {
    const [a, b, c, d] = incidentByTime();
    const states = await shards([[a!, c!], [b!, d!]]);
    for (const format of ['json', 'table', 'markdown']) assert.equal(await merge(states, format), await audit([a!, b!, c!, d!], format), format);
  });

  it('the demo incident split by file: gateway logs, CI, OpenClaw and proxy logs on three hosts', async () => {
    const logs = fixture('demo', 'logs');
    const groups = [
      [path.join(logs, 'gateway-access.log'), path.join(logs, 'ci')],
      [path.join(logs, 'gateway-access.log.1.gz'), path.join(logs, 'openclaw')],
      [path.join(logs, 'proxy')],
    ];
    const states = await shards(groups);
    for (const format of ['json', 'table', 'sarif']) assert.equal(await merge(states, format), await audit([logs], format), format);
  });

  it('rotation states merge too, to the single rotation report', async () => {
    const logs = fixture('demo', 'logs');
    const dir = tmp();
    const args = ['--old-fingerprint', FP, '--new-token-env', 'ROTATED', '--until', '2025-02-21T18:30Z', '--no-progress', '--format', 'json', '--fail-on', 'none'];
    const run = async (inputs: string[], extra: string[] = []): Promise<string> => {
      const r = await runCli(['rotation', ...inputs, ...args, ...extra], { env: { ROTATED } });
      assert.ok(r.code === 0 || r.code === 1, r.stderr);
      return r.stdout;
    };
    await run([path.join(logs, 'gateway-access.log')], ['--emit-state', path.join(dir, 'a.gz')]);
    await run([path.join(logs, 'gateway-access.log.1.gz'), path.join(logs, 'proxy'), path.join(logs, 'openclaw'), path.join(logs, 'ci')], ['--emit-state', path.join(dir, 'b.gz')]);
    const r = await runCli(['merge', path.join(dir, 'b.gz'), path.join(dir, 'a.gz'), '--format', 'json', '--fail-on', 'none']);
    assert.equal(r.stdout, await run([logs]));
    assert.match(r.stdout, /"rule": "rotation-client"/);
  });
});

describe('merge: refuses what it cannot merge, in one line', () => {
  async function refused(args: string[], pattern: RegExp): Promise<void> {
    const r = await runCli(args);
    assert.equal(r.code, 2, r.stderr);
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, pattern);
    assert.ok(!/\n\s+at /.test(r.stderr));
  }

  it('states made with other settings (--until, --auth-failure-threshold, tokens), naming the setting', async () => {
    const [a] = incidentByTime();
    const [s1] = await shards([[a!]]);
    const dir = tmp();
    for (const [flag, value] of [['--until', '2025-02-21T19:00Z'], ['--auth-failure-threshold', '5'], ['--fingerprint', 'sha256:0123456789ab'], ['--tz', 'Europe/Paris']] as const) {
      const other = path.join(dir, `${flag.slice(2)}.gz`);
      const args = ['audit', a!, ...SETTINGS.filter((x, i, all) => x !== flag && all[i - 1] !== flag), flag, value, '--emit-state', other, '--fail-on', 'none'];
      if (flag === '--fingerprint') args.push('--fingerprint', FP);
      assert.equal((await runCli(args)).code, 0);
      await refused(['merge', s1!, other], new RegExp(`^clawprint: "${path.basename(other).replace('.', '\\.')}" was made with other settings .*\\(${flag === '--fingerprint' ? 'the tokens' : flag}`));
    }
  });

  it('a state of an unknown version, a file that is no state, a damaged gzip, audit and rotation states together', async () => {
    const [a] = incidentByTime();
    const [s1] = await shards([[a!]]);
    const dir = tmp();
    const future = path.join(dir, 'future.json.gz');
    const state = JSON.parse(gunzipSync(readFileSync(s1!)).toString('utf8')) as Record<string, unknown>;
    writeFileSync(future, gzipSync(JSON.stringify({ ...state, version: 99 })));
    await refused(['merge', s1!, future], /^clawprint: state file version 99 is not one this clawprint reads \(version 1\)/);
    await refused(['merge', a!], /^clawprint: not a clawprint state file/);
    const cut = path.join(dir, 'cut.json.gz');
    writeFileSync(cut, readFileSync(s1!).subarray(0, 40));
    await refused(['merge', cut], /^clawprint: not a clawprint state file \(its gzip is damaged\)/);
    const rotation = path.join(dir, 'rotation.gz');
    await runCli(['rotation', a!, '--old-fingerprint', FP, '--new-fingerprint', 'sha256:0123456789ab', '--emit-state', rotation, '--no-progress']);
    await refused(['merge', s1!, rotation], /is the state of clawprint rotation, .* of clawprint audit: merge states of one command/);
  });

  it('a shard counted twice: the same state twice, or a state next to one merged from it', async () => {
    const [a, b] = incidentByTime();
    const [s1, s2] = await shards([[a!], [b!]]);
    await refused(['merge', s1!, s1!], /holds a shard that is already in the states before it/);
    const both = await mergedState([s1!, s2!]);
    await refused(['merge', both, s2!], /^clawprint: "state-1\.json\.gz" holds a shard that is already in the states before it \(a state merged from it, or the same file twice\): its events would be counted twice$/);
  });

  it('never writes a state over an input, nor the report and the state to one file', async () => {
    const [a] = incidentByTime();
    await refused(['audit', a!, ...SETTINGS, '--emit-state', a!], /^clawprint: --emit-state is one of the inputs/);
    const [s1] = await shards([[a!]]);
    await refused(['merge', s1!, '--emit-state', s1!], /^clawprint: --emit-state is one of the inputs/);
    // An existing file: a path that does not exist yet may look random enough to be refused as a pasted token.
    const out = path.join(tmp(), 'same');
    writeFileSync(out, '');
    await refused(['audit', a!, ...SETTINGS, '--emit-state', out, '--output', out], /^clawprint: --emit-state and --output name the same file/);
  });
});
