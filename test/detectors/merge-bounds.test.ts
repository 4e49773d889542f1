// The bounded samples of a finding (the first 100 uses, the first 25 endpoints, user agents and
// agents) are chosen by a total order, so a state merged from any split of the events, in any
// grouping, keeps what one run over all of them keeps (issue 14).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuditEvent } from '../../src/detectors/detector.js';
import { mergeRows, type RowsState } from '../../src/detectors/row-state.js';
import { TokenSourceUses } from '../../src/detectors/source-aggregate.js';
import { seededInts } from '../random.js';

const T0 = Date.parse('2025-02-21T14:00:00Z');

/** A deterministic stream of one source's uses: 400 events, 60 endpoints, 40 user agents, times out of order. */
function events(): AuditEvent[] {
  const next = seededInts(7);
  return Array.from({ length: 400 }, (_, i) => ({
    kind: 'request',
    source: '203.0.113.7',
    time: T0 + next(3_600) * 1000,
    location: { path: `shard-${i % 4}.jsonl`, line: i + 1 },
    method: 'GET',
    path: `/api/v1/items/${next(60)}`,
    status: next(2) === 0 ? 200 : 403,
    userAgent: `client/${next(40)}`,
    agent: `agent-${next(30)}`,
  }));
}

const stateOf = (list: readonly AuditEvent[]): RowsState => {
  const rows = new TokenSourceUses();
  for (const e of list) rows.add(e);
  return rows.state(() => 'id');
};
const merge = (a: RowsState, b: RowsState): RowsState => mergeRows(a, b, 1, 50_000);

describe('bounded samples merge to what one run keeps', () => {
  const all = events();
  const single = stateOf(all).rows[0]!;

  for (const parts of [2, 3, 7]) {
    it(`${parts} shards (events dealt round the table), merged left to right and right to left`, () => {
      const shards = Array.from({ length: parts }, (_, k) => stateOf(all.filter((_, i) => i % parts === k)));
      for (const merged of [shards.reduce(merge), shards.reduceRight((acc, s) => merge(s, acc))]) {
        const row = merged.rows[0]!;
        assert.equal(row.count, single.count);
        assert.deepEqual(row.uses, single.uses, 'the first 100 uses');
        assert.deepEqual(row.userAgents, single.userAgents, 'the first 25 user agents');
        assert.deepEqual(row.agents, single.agents, 'the first 25 agents');
        assert.deepEqual(row.first, single.first);
        assert.deepEqual(row.last, single.last);
        // Which 25 endpoints are kept, and since when, whatever the split; their counts hold the
        // uses seen while they were kept (README "clawprint merge": past the cap).
        assert.deepEqual(row.endpoints.rows.map((r) => [r.endpoint, r.time]), single.endpoints.rows.map((r) => [r.endpoint, r.time]));
      }
    });
  }

  it('a time order, not the reading order: the events read backwards keep the same', () => {
    const backwards = stateOf([...all].reverse()).rows[0]!;
    assert.deepEqual(backwards.uses, single.uses);
    assert.deepEqual(backwards.userAgents, single.userAgents);
    assert.deepEqual(backwards.endpoints.rows.map((r) => r.endpoint), single.endpoints.rows.map((r) => r.endpoint));
    assert.equal(single.uses!.uses.length, 100);
    assert.equal(single.uses!.dropped, 300);
    assert.equal(single.userAgents.length, 25);
  });

  it('under the caps, every count is exact in any split', () => {
    const few = all.filter((e) => Number(e.path!.split('/').pop()) < 20);
    const one = stateOf(few).rows[0]!;
    const halves = merge(stateOf(few.filter((_, i) => i % 2 === 0)), stateOf(few.filter((_, i) => i % 2 === 1))).rows[0]!;
    assert.deepEqual(halves.endpoints, one.endpoints);
    assert.ok(one.endpoints.rows.length === 20 && one.endpoints.omittedUses === 0);
  });
});
