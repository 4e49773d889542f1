// Memory bounds that keep what matters and say what they dropped (issue 7): a flood of one kind of
// event must never push the one that matters out of the report, and a bound is never silent.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuditEvent, AuditRun, DetectorContext } from '../../src/detectors/detector.js';
import { gatewayConfigChange, MAX_FINDINGS } from '../../src/detectors/gateway-config-change.js';
import { MAX_CANDIDATES, unexpectedRegistration } from '../../src/detectors/unexpected-registration.js';
import { exampleAuditContext } from './example-context.js';

const T = Date.parse('2025-02-21T15:00:00Z');
const context = (): DetectorContext => ({ ...exampleAuditContext(), tokens: [] });
const end = { since: Date.parse('2025-02-21T14:00:00Z'), until: Date.parse('2025-02-21T18:30:00Z'), coverage: [] };
const ip = (i: number): string => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

function registration(agent: string, source: string, line: number, time = T): AuditEvent {
  return { kind: 'registration', registration: 'agent', agent, source, time, location: { path: 'gw.jsonl', line } };
}

describe('unexpected-registration: bounded, unknown agents first', () => {
  it('10,000 registrations of a known agent followed by one unknown agent: the unknown one is reported', () => {
    const run: AuditRun = unexpectedRegistration.create(context());
    for (let i = 0; i < MAX_CANDIDATES; i++) run.onEvent(registration('researcher', ip(i), i + 1));
    run.onEvent(registration('scraper-x', '198.51.100.9', MAX_CANDIDATES + 1));
    const findings = run.onEnd(end);
    assert.deepEqual(findings.map((f) => [f.agent, f.reason, f.location?.line]), [['scraper-x', 'unknown agent', MAX_CANDIDATES + 1]]);
    assert.deepEqual(run.limits?.().map((l) => [l.scope, l.kind, l.count]), [['unexpected-registration', 'dropped', 1]]);
  });
  it('known agents from new sources give way to unknown ones, and every drop is counted', () => {
    const run: AuditRun = unexpectedRegistration.create(context());
    // History makes "known from a new source" findings: 10,000 of them fill the store.
    run.onEvent(registration('researcher', '10.0.0.5', 1, Date.parse('2025-02-21T13:00:00Z')));
    for (let i = 0; i < MAX_CANDIDATES; i++) run.onEvent(registration('researcher', ip(i + 1000), i + 2));
    for (let i = 0; i < 5; i++) run.onEvent(registration(`intruder-${i}`, '198.51.100.9', 20_000 + i));
    const findings = run.onEnd(end);
    assert.equal(findings.length, MAX_CANDIDATES);
    assert.deepEqual(
      findings.filter((f) => f.reason === 'unknown agent').map((f) => f.agent),
      ['intruder-0', 'intruder-1', 'intruder-2', 'intruder-3', 'intruder-4'],
    );
    assert.deepEqual(run.limits?.().map((l) => [l.kind, l.count]), [['dropped', 5]]);
  });
  it('history that arrives after its registrations (inputs are not read in time order) makes them give way too', () => {
    const run: AuditRun = unexpectedRegistration.create(context());
    for (let i = 0; i < MAX_CANDIDATES; i++) run.onEvent(registration('helper', ip(i), i + 1));
    run.onEvent(registration('helper', '10.255.0.1', 10_001, Date.parse('2025-02-21T13:00:00Z')));
    run.onEvent(registration('scraper-x', '198.51.100.9', 10_002));
    assert.ok(run.onEnd(end).some((f) => f.agent === 'scraper-x' && f.reason === 'unknown agent'));
  });
  it('when the store is full of unknown agents, the next ones are counted as dropped, never silently', () => {
    const run: AuditRun = unexpectedRegistration.create(context());
    for (let i = 0; i < MAX_CANDIDATES + 3; i++) run.onEvent(registration(`bot-${i}`, '198.51.100.9', i + 1));
    assert.equal(run.onEnd(end).length, MAX_CANDIDATES);
    const limits = run.limits?.() ?? [];
    assert.deepEqual(limits.map((l) => [l.kind, l.count]), [['dropped', 3]]);
    assert.match(limits[0]!.message, /^3 registrations by unknown agents or devices were not judged/);
  });
});

describe('gateway-config-change: the bound is counted and said', () => {
  it('1,000 findings, then the rest counted in a limit instead of stopping silently', () => {
    const run: AuditRun = gatewayConfigChange.create(context());
    for (let i = 0; i < MAX_FINDINGS + 7; i++) {
      run.onEvent({ kind: 'config-change', reason: 'agents.list', time: T + i * 1000, location: { path: 'openclaw.log', line: i + 1 } });
    }
    assert.equal(run.onEnd(end).length, MAX_FINDINGS);
    assert.deepEqual(run.limits?.(), [
      { scope: 'gateway-config-change', kind: 'dropped', count: 7, message: '7 more configuration changes inside the window were counted, not listed (the first 1,000 are)' },
    ]);
  });
});
