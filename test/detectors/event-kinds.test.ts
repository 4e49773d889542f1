// Each audit rule declares the event kinds it reads (AuditDetector.reads) and the audit calls it
// for those only (issue 8: every decoded line is an event). A kind left out must change nothing a
// rule keeps, and a kind declared must be one the rule can keep something of.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuditDetector, AuditEvent, DetectorContext } from '../../src/detectors/detector.js';
import { AUDIT_DETECTORS } from '../../src/detectors/index.js';
import type { EventKind, RegistrationKind } from '../../src/parsers/parser.js';
import { EXAMPLE_CONTEXT, exampleAuditContext } from './example-context.js';

const KINDS: readonly EventKind[] = ['request', 'connection', 'registration', 'auth-failure', 'config-change', 'rotation', 'exposure', 'token-text'];
const token = { label: EXAMPLE_CONTEXT.token.label, fingerprint: EXAMPLE_CONTEXT.token.fingerprint };
const context = (): DetectorContext => ({ ...exampleAuditContext(), tokens: [token] });

/** Events of one kind that some rule keeps when it reads that kind: before, inside and after the window, with and without the token. */
function eventsOf(kind: EventKind): AuditEvent[] {
  const times = [EXAMPLE_CONTEXT.since - 3_600_000, EXAMPLE_CONTEXT.since + 60_000, EXAMPLE_CONTEXT.until + 60_000];
  const events: AuditEvent[] = [];
  let line = 0;
  for (const time of times) {
    for (const withToken of [true, false]) {
      for (const registration of ['agent', 'device-pairing'] as RegistrationKind[]) {
        events.push({
          kind,
          time,
          source: `198.51.100.${++line}`,
          method: 'GET',
          path: '/v1/agents',
          status: kind === 'auth-failure' ? 401 : 200,
          auth: 'token',
          agent: 'scraper-x',
          device: 'a'.repeat(64),
          registration,
          reason: 'gateway.auth.token',
          location: { path: 'gw.jsonl', line },
          ...(withToken ? { token } : {}),
        });
      }
    }
  }
  return events;
}

const stateAfter = (detector: AuditDetector, events: readonly AuditEvent[]): string => {
  const run = detector.create(context());
  for (const e of events) run.onEvent(e);
  return JSON.stringify(run.state(true));
};

describe('AuditDetector.reads: the event kinds a rule is called for', () => {
  for (const detector of Object.values(AUDIT_DETECTORS) as AuditDetector[]) {
    const id = detector.meta.id;
    const empty = stateAfter(detector, []);
    for (const kind of KINDS) {
      if (detector.reads.includes(kind)) {
        it(`${id} keeps something of a ${kind} event (it declares it)`, () => {
          assert.notEqual(stateAfter(detector, eventsOf(kind)), empty);
        });
      } else {
        it(`${id} keeps nothing of a ${kind} event (it does not declare it)`, () => {
          assert.equal(stateAfter(detector, eventsOf(kind)), empty);
        });
      }
    }
  }
});
