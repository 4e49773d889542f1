// Memory bounds that keep what matters and say what they dropped (issue 7): a flood of one kind of
// event must never push the one that matters out of the report, and a bound is never silent.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuditDetector, AuditEvent, AuditRun, DetectorContext, Finished } from '../../src/detectors/detector.js';
import { authFailures } from '../../src/detectors/auth-failures.js';
import { BoundedSet, CountMinSketch, digestOf } from '../../src/detectors/bounded-counts.js';
import { gatewayConfigChange, MAX_FINDINGS } from '../../src/detectors/gateway-config-change.js';
import { SourceRows } from '../../src/detectors/source-aggregate.js';
import { MAX_CANDIDATES, unexpectedRegistration } from '../../src/detectors/unexpected-registration.js';
import { exampleAuditContext } from './example-context.js';

const T = Date.parse('2025-02-21T15:00:00Z');
const context = (): DetectorContext => ({ ...exampleAuditContext(), tokens: [] });
const end = { since: Date.parse('2025-02-21T14:00:00Z'), until: Date.parse('2025-02-21T18:30:00Z'), coverage: [] };
/** The run's findings and limits, as an audit finishes it (from its state). */
function finish<S>(detector: AuditDetector<S>, run: AuditRun<S>): Finished {
  const ctx = context();
  return detector.finish(run.state(true), { ...ctx, known: new Set([...ctx.knownAgents].map(digestOf)), tokens: [] }, end);
}
const ip = (i: number): string => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

function registration(agent: string, source: string, line: number, time = T): AuditEvent {
  return { kind: 'registration', registration: 'agent', agent, source, time, location: { path: 'gw.jsonl', line } };
}

describe('unexpected-registration: bounded, unknown agents first', () => {
  it('10,000 registrations of a known agent followed by one unknown agent: the unknown one is reported', () => {
    const run = unexpectedRegistration.create(context());
    for (let i = 0; i < MAX_CANDIDATES; i++) run.onEvent(registration('researcher', ip(i), i + 1));
    run.onEvent(registration('scraper-x', '198.51.100.9', MAX_CANDIDATES + 1));
    const findings = finish(unexpectedRegistration, run).findings;
    assert.deepEqual(findings.map((f) => [f.agent, f.reason, f.location?.line]), [['scraper-x', 'unknown agent', MAX_CANDIDATES + 1]]);
    assert.deepEqual(finish(unexpectedRegistration, run).limits.map((l) => [l.scope, l.kind, l.count]), [['unexpected-registration', 'dropped', 1]]);
  });
  it('known agents from new sources give way to unknown ones, and every drop is counted', () => {
    const run = unexpectedRegistration.create(context());
    // History makes "known from a new source" findings: 10,000 of them fill the store.
    run.onEvent(registration('researcher', '10.0.0.5', 1, Date.parse('2025-02-21T13:00:00Z')));
    for (let i = 0; i < MAX_CANDIDATES; i++) run.onEvent(registration('researcher', ip(i + 1000), i + 2));
    for (let i = 0; i < 5; i++) run.onEvent(registration(`intruder-${i}`, '198.51.100.9', 20_000 + i));
    const findings = finish(unexpectedRegistration, run).findings;
    assert.equal(findings.length, MAX_CANDIDATES);
    assert.deepEqual(
      findings.filter((f) => f.reason === 'unknown agent').sort((a, b) => a.location!.line - b.location!.line).map((f) => f.agent),
      ['intruder-0', 'intruder-1', 'intruder-2', 'intruder-3', 'intruder-4'],
    );
    assert.deepEqual(finish(unexpectedRegistration, run).limits.map((l) => [l.kind, l.count]), [['dropped', 5]]);
  });
  it('history that arrives after its registrations (inputs are not read in time order) makes them give way too', () => {
    const run = unexpectedRegistration.create(context());
    for (let i = 0; i < MAX_CANDIDATES; i++) run.onEvent(registration('helper', ip(i), i + 1));
    run.onEvent(registration('helper', '10.255.0.1', 10_001, Date.parse('2025-02-21T13:00:00Z')));
    run.onEvent(registration('scraper-x', '198.51.100.9', 10_002));
    assert.ok(finish(unexpectedRegistration, run).findings.some((f) => f.agent === 'scraper-x' && f.reason === 'unknown agent'));
  });
  it('when the store is full of unknown agents, the next ones are counted as dropped, never silently', () => {
    const run = unexpectedRegistration.create(context());
    for (let i = 0; i < MAX_CANDIDATES + 3; i++) run.onEvent(registration(`bot-${i}`, '198.51.100.9', i + 1));
    assert.equal(finish(unexpectedRegistration, run).findings.length, MAX_CANDIDATES);
    const limits = finish(unexpectedRegistration, run).limits;
    assert.deepEqual(limits.map((l) => [l.kind, l.count]), [['dropped', 3]]);
    assert.match(limits[0]!.message, /^3 registrations by unknown agents or devices were not judged/);
  });
});

describe('gateway-config-change: the bound is counted and said', () => {
  it('1,000 findings, then the rest counted in a limit instead of stopping silently', () => {
    const run = gatewayConfigChange.create(context());
    for (let i = 0; i < MAX_FINDINGS + 7; i++) {
      run.onEvent({ kind: 'config-change', reason: 'agents.list', time: T + i * 1000, location: { path: 'openclaw.log', line: i + 1 } });
    }
    assert.equal(finish(gatewayConfigChange, run).findings.length, MAX_FINDINGS);
    assert.deepEqual(finish(gatewayConfigChange, run).limits, [
      { scope: 'gateway-config-change', kind: 'dropped', count: 7, message: '7 more configuration changes inside the window were counted, not listed (the first 1,000 are)' },
    ]);
  });
});

describe('per-source state: exact up to a bound, then a sketch, and said', () => {
  const failure = (source: string, line: number): AuditEvent => ({ kind: 'auth-failure', source, time: T + line, location: { path: 'gw.jsonl', line } });

  it('two million sub-threshold sources keep at most the bound of rows; a burst after the flood is still found', () => {
    // The attack: 2,000,000 one-off IPv6 sources took 2.17 GB; 1,000,000 failed logins ran a 512 MB
    // heap out of memory. Scaled down here (200,000 sources against a table of 1,000), same shape.
    const rows = new SourceRows(10, 1_000);
    let maxRows = 0;
    for (let i = 0; i < 200_000; i++) {
      rows.addKeyed(`2001:db8::${i.toString(16)}`, failure(`2001:db8::${i.toString(16)}`, i + 1));
      if (i % 997 === 0) maxRows = Math.max(maxRows, [...rows.values()].length);
    }
    for (let i = 0; i < 12; i++) rows.addKeyed('192.0.2.44', failure('192.0.2.44', 3_000_000 + i));
    assert.ok(maxRows <= 1_000, `rows grew to ${maxRows}`);
    const bursts = [...rows.entries()].filter(([, use]) => use.count >= 10);
    // Counted exactly when it found a free row; through the sketch, an estimate never below the
    // true 12 and marked approximate.
    assert.deepEqual(bursts.map(([key]) => key), ['192.0.2.44']);
    const burst = bursts[0]![1];
    assert.ok(burst.approximate === true ? burst.count >= 12 && burst.count <= 14 : burst.count === 12, `count ${burst.count}`);
    const limits = rows.limits('auth-failures', 'failed authentications');
    assert.deepEqual(limits.map((l) => [l.kind]), [['approximated']]);
    // Every one-off event but those still in exact rows was counted approximately, and the count says so.
    assert.equal(limits[0]!.count, rows.foldedEvents + rows.sketched);
    assert.ok(limits[0]!.count >= 200_000 - 1_000, `approximated ${limits[0]!.count}`);
  });

  it('a source folded below the threshold that comes back above it is reported again, marked approximate', () => {
    const rows = new SourceRows(10, 100);
    for (let i = 0; i < 5; i++) rows.addKeyed('203.0.113.7', failure('203.0.113.7', i + 1));
    for (let i = 0; i < 1_000; i++) rows.addKeyed(`10.0.${i >> 8}.${i & 255}`, failure(`10.0.${i >> 8}.${i & 255}`, 100 + i));
    for (let i = 0; i < 5; i++) rows.addKeyed('203.0.113.7', failure('203.0.113.7', 2_000 + i));
    const row = [...rows.entries()].find(([key]) => key === '203.0.113.7')?.[1];
    assert.equal(row?.count, 10);
    assert.equal(row?.approximate, true);
    assert.equal(rows.promoted, 1);
  });

  it('threshold 1 (every row a finding): past the bound, sources are counted, not listed, and the sweep is not repeated per source', () => {
    const rows = new SourceRows(1, 100);
    for (let i = 0; i < 10_100; i++) rows.addKeyed(`s${i}`, failure(`s${i}`, i + 1));
    assert.equal([...rows.values()].length, 100);
    assert.equal(rows.unlisted, 10_000);
    assert.deepEqual(rows.limits('token-use', 'uses').map((l) => [l.kind, l.count]), [['dropped', 10_000]]);
  });

  it('the auth-failures rule itself: 120,000 one-off sources and one burst, bounded and said', () => {
    const run = authFailures.create(context());
    for (let i = 0; i < 120_000; i++) run.onEvent(failure(ip(i + 1), i + 1));
    for (let i = 0; i < 10; i++) run.onEvent(failure('192.0.2.44', 2_000_000 + i));
    const findings = finish(authFailures, run).findings;
    assert.deepEqual(findings.map((f) => [f.source, f.count, f.message]), [['192.0.2.44', 10, '10 failed authentications from 192.0.2.44 inside the window']]);
    const limits = finish(authFailures, run).limits;
    assert.equal(limits.length, 1);
    assert.match(limits[0]!.message, /^[\d,]+ failed authentications were counted in a count-min sketch, not exactly, once 50,000 sources filled the exact table \([\d,]+ sources with fewer than 10 folded into it/);
  });
});

describe('CountMinSketch and BoundedSet', () => {
  it('the sketch never underestimates, and with conservative update 500,000 keys mostly stay exact', () => {
    const sketch = new CountMinSketch();
    for (let i = 0; i < 500_000; i++) sketch.add(`k${i}`);
    for (let i = 0; i < 7; i++) sketch.add('heavy');
    assert.ok(sketch.estimate('heavy') >= 7);
    let over = 0;
    for (let i = 0; i < 10_000; i++) {
      const e = sketch.estimate(`k${i}`);
      assert.ok(e >= 1);
      if (e > 1) over++;
    }
    assert.ok(over < 500, `${over} of 10,000 estimates above the true count`);
  });
  it('the set is exact up to its bound, then never forgets a key', () => {
    const set = new BoundedSet(1_000);
    for (let i = 0; i < 100_000; i++) set.add(`k${i}`);
    for (let i = 0; i < 100_000; i++) assert.ok(set.has(`k${i}`));
    assert.equal(set.approximated, 99_000);
    let wrong = 0;
    for (let i = 0; i < 100_000; i++) if (set.has(`other${i}`)) wrong++;
    assert.ok(wrong < 10, `${wrong} false positives in 100,000`);
  });
});
