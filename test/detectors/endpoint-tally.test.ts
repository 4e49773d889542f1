// The endpoints behind every grouped finding (detectors/endpoint-tally.ts): counts and statuses per
// endpoint, the first used kept within the bound whatever the reading order.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ENDPOINTS_CAP, type EndpointActivity, EndpointTally, endpointOf } from '../../src/detectors/endpoint-tally.js';
import { seededInts } from '../random.js';

const T0 = Date.parse('2025-02-21T14:00:00Z');

test('EndpointTally: counts and statuses per endpoint, first used first; a full tally keeps the earliest', () => {
  const tally = new EndpointTally();
  tally.add('GET', '/b', 200, T0 + 2000);
  tally.add('GET', '/b', 403, T0 + 3000);
  tally.add('GET', '/b', 200, T0 + 4000);
  tally.add('GET', '/a', 401, T0 + 1000);
  assert.deepEqual(tally.list(), [
    { endpoint: 'GET /a', count: 1, statuses: { '401': 1 }, firstTime: T0 + 1000 },
    { endpoint: 'GET /b', count: 3, statuses: { '200': 2, '403': 1 }, firstTime: T0 + 2000 },
  ]);
  const full = new EndpointTally();
  for (let i = 0; i < 30; i++) full.add('GET', `/late/${i}`, 200, T0 + 60_000 + i);
  full.add('GET', '/first', 200, T0); // the attacker's first request, read last
  const listed = full.list();
  assert.equal(listed.length, 25);
  assert.equal(listed[0]!.endpoint, 'GET /first');
  assert.equal(full.omittedEndpoints, 6);
  assert.equal(full.omittedUses, 6);
});

/** The tally as it was before rows were found by (verb, path): one Map by endpoint string, a scan to evict. */
class StringTally {
  readonly rows = new Map<string, { endpoint: string; count: number; statuses: Map<number, number>; time?: number }>();
  omittedUses = 0;
  omittedEndpoints = 0;

  private static compare(a: { endpoint: string; time?: number }, b: { endpoint: string; time?: number }): number {
    return (a.time ?? Infinity) - (b.time ?? Infinity) || (a.endpoint < b.endpoint ? -1 : a.endpoint > b.endpoint ? 1 : 0);
  }

  add(endpoint: string, status: number | undefined, time: number | undefined): void {
    let row = this.rows.get(endpoint);
    if (row === undefined) {
      row = { endpoint, count: 0, statuses: new Map() };
      if (time !== undefined) row.time = time;
      if (this.rows.size >= ENDPOINTS_CAP) {
        const latest = [...this.rows.values()].sort(StringTally.compare).pop()!;
        if (StringTally.compare(latest, row) <= 0) {
          this.omittedUses++;
          this.omittedEndpoints++;
          return;
        }
        this.rows.delete(latest.endpoint);
        this.omittedUses += latest.count;
        this.omittedEndpoints++;
      }
      this.rows.set(endpoint, row);
    } else if (time !== undefined && (row.time === undefined || time < row.time)) {
      row.time = time;
    }
    row.count++;
    if (status !== undefined) row.statuses.set(status, (row.statuses.get(status) ?? 0) + 1);
  }

  list(): EndpointActivity[] {
    return [...this.rows.values()].sort(StringTally.compare).map((row) => {
      const a: EndpointActivity = { endpoint: row.endpoint, count: row.count };
      if (row.statuses.size > 0) a.statuses = Object.fromEntries([...row.statuses].sort((x, y) => x[0] - y[0]).map(([k, v]) => [String(k), v]));
      if (row.time !== undefined) a.firstTime = row.time;
      return a;
    });
  }
}

test('EndpointTally keeps and counts what a tally by endpoint string keeps, whatever pairs spell the same endpoint', () => {
  // Pairs that name the same string in several ways (`GET` + `/a b` and `GET /a` + `b`), a
  // connection without a path, verbs and paths with spaces or empty, times that tie or are missing,
  // in an order that fills the table and evicts from it.
  const verbs = ['GET', 'POST', 'GET /a', 'connection', 'request', '', 'GET ', 'a b'];
  const paths = [undefined, '', ' ', '/a', '/a b', 'b', '/a/b', '/x y z', '/a ', ' /a', 'b c', '/p'];
  const rnd = seededInts(42);
  for (let run = 0; run < 200; run++) {
    const tally = new EndpointTally();
    const reference = new StringTally();
    const distinct = 5 + rnd(60);
    let verb = 'GET';
    let path: string | undefined = '/';
    for (let i = 0; i < 400; i++) {
      // A third of the uses repeat the last pair (a source's uses, line after line: the tally
      // answers those from its last row).
      if (rnd(3) !== 0) {
        verb = verbs[rnd(verbs.length)]!;
        path = rnd(4) === 0 ? paths[rnd(paths.length)] : `/n/${rnd(distinct)}`;
      }
      const time = rnd(10) === 0 ? undefined : T0 + rnd(50) * 1000;
      const status = rnd(5) === 0 ? undefined : [200, 401, 403][rnd(3)]!;
      tally.add(verb, path, status, time);
      reference.add(endpointOf(verb, path), status, time);
    }
    assert.deepEqual(tally.list(), reference.list(), `run ${run}`);
    assert.equal(tally.omittedUses, reference.omittedUses, `run ${run}`);
    assert.equal(tally.omittedEndpoints, reference.omittedEndpoints, `run ${run}`);
  }
});
