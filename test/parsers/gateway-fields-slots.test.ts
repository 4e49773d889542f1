// readGatewayFields answers the event, method, source, user agent and path of a line the WebAssembly
// reader read by the value's intern slot (gateway-fields.ts `lineSlots`, issue 8). A slot's entry is
// used only for the very string it answered: the module refills a slot with another value when it
// needs the room, and the answer must follow the value, never the slot. Checked here against the
// reading without slots, with slot numbers drawn from a handful (so most lines find an entry made
// for another value), values that need trimming, absent markers, queries, and non-string values.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readGatewayFields, SLOT_EVENT, SLOT_METHOD, SLOT_PATH, SLOT_SOURCE, SLOT_USER_AGENT } from '../../src/parsers/gateway-fields.js';
import type { ParsedLine } from '../../src/parsers/parser.js';
import { UTC_CONTEXT } from '../../src/time.js';
import { seeded } from '../random.js';

const ctx = { time: UTC_CONTEXT };
const TIME = Date.parse('2025-02-21T14:03:11.201Z');

/** One line's values: event, method, status, source, user agent, agent, path, fingerprint. */
type Values = [unknown, unknown, unknown, unknown, unknown, unknown, unknown, unknown];

function read(v: Values, slots: Int32Array | undefined): ParsedLine {
  return readGatewayFields(TIME, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], undefined, undefined, ctx, TIME, slots);
}

/** Slots for the five fields answered by slot, -1 elsewhere (a value the module did not intern). */
function slotsOf(event: number, method: number, source: number, userAgent: number, path: number): Int32Array {
  const slots = new Int32Array(10).fill(-1);
  slots[SLOT_EVENT] = event;
  slots[SLOT_METHOD] = method;
  slots[SLOT_SOURCE] = source;
  slots[SLOT_USER_AGENT] = userAgent;
  slots[SLOT_PATH] = path;
  return slots;
}

describe('gateway fields answered by intern slot', () => {
  it('answers a slot refilled with another value by that value', () => {
    const slots = slotsOf(1, 2, 3, 4, 5);
    const first = read(['http.request', 'POST', 200, ' 203.0.113.7:51234 ', 'curl/8.5.0', undefined, '/hooks/wake?token=abcdef', 'sha256:9c1185a5c5e9'], slots);
    assert.deepEqual(first, {
      time: TIME,
      event: { kind: 'request', time: TIME, source: '203.0.113.7', userAgent: 'curl/8.5.0', method: 'POST', path: '/hooks/wake', status: 200, tokenFingerprint: 'sha256:9c1185a5c5e9' },
    });
    // The same five slots, now holding other values (the module evicted them).
    const second = read(['ws.connect', 'GET ', 101, '[2001:db8::7]:443', ' ', undefined, '/ws#frag', 'sha256:9c1185a5c5e9'], slots);
    assert.deepEqual(second, {
      time: TIME,
      event: { kind: 'connection', time: TIME, source: '2001:db8::7', method: 'GET', path: '/ws', status: 101, tokenFingerprint: 'sha256:9c1185a5c5e9' },
    });
    // An absent marker in a slot that held an address, and an event clawprint does not audit.
    assert.deepEqual(read(['http.request', 'GET', 401, '-', 'curl/8.5.0', undefined, '/api/v1/agents', undefined], slots), {
      time: TIME,
      event: { kind: 'auth-failure', time: TIME, userAgent: 'curl/8.5.0', method: 'GET', path: '/api/v1/agents', status: 401 },
    });
    assert.deepEqual(read(['gateway.started', 'GET', 200, '10.0.0.1', undefined, undefined, '/', undefined], slots), { time: TIME });
    // And back to the first values: answered again, from the entries just replaced.
    assert.deepEqual(read(['http.request', 'POST', 200, ' 203.0.113.7:51234 ', 'curl/8.5.0', undefined, '/hooks/wake?token=abcdef', 'sha256:9c1185a5c5e9'], slots), first);
  });

  it('reads every line as without slots, whatever slot each value comes in', () => {
    const random = seeded(0x51075);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const events = ['http.request', 'ws.connect', 'agent.register', 'auth.failed', 'other.thing', ' http.request ', '', null, 7];
    const methods = ['GET', 'POST', ' DELETE', 'get', '', null, undefined];
    const sources = ['10.20.0.9', '10.20.0.5', '10.20.0.9:443', '::ffff:10.20.0.9', '[2001:db8::7]:443', '2001:db8::7', '-', 'n/a', ' 185.180.149.70 ', '', null, 42, undefined];
    const agents = ['curl/7.88.1', 'curl/7.88.1 ', 'openclaw-cli/2026.1.28', ' ', '', null, undefined];
    const paths = ['/hooks/wake', '/hooks/wake?token=abcdef', '/api/v1/agents#x', '/api/v1/agents', '', '?', null, 5, undefined];
    const statuses = [200, 401, 403, 204, '200', null, undefined];
    // Lines where some field came with a slot: the comparison must have exercised the slot answers.
    let slotted = 0;
    for (let i = 0; i < 20_000; i++) {
      const v: Values = [pick(events), pick(methods), pick(statuses), pick(sources), pick(agents), pick(['coder', undefined]), pick(paths), pick(['sha256:9c1185a5c5e9', undefined])];
      // A value the module interned has a slot; any other (a number, null, none) comes without one.
      const slot = (value: unknown): number => (typeof value === 'string' && value !== '' && random() < 0.9 ? Math.floor(random() * 6) : -1);
      const slots = slotsOf(slot(v[0]), slot(v[1]), slot(v[3]), slot(v[4]), slot(v[6]));
      assert.deepEqual(read(v, slots), read(v, undefined), JSON.stringify(v));
      if ([...slots].some((s) => s >= 0)) slotted++;
    }
    assert.ok(slotted > 15_000, `${slotted} of 20,000 lines had a slot`);
  });
});
