// The gateway access log schema's fields and their aliases (docs/product.md §3.1), and the test that a
// record is one: shared by gateway-jsonl and gateway-logfmt, and read into an event by
// gateway-fields.ts (readGatewayRecord).
import { isAbsent } from './gateway-event.js';
import { textOf } from './json-line.js';
import type { EventKind, RegistrationKind } from './parser.js';

/** One field by exact (case-sensitive) name; JSON resolves `auth.fingerprint` as dotted key or path. */
export type FieldLookup = (name: string) => unknown;

/**
 * A record's raw values, each read through its aliases: the first alias whose value is not
 * undefined, null or '' (a whitespace-only value is kept, and reads as absent later). Single-name
 * fields are the value as found. gateway-jsonl reads these with one property load per alias
 * (gateway-jsonl.ts): this runs on every line the audit decodes (issue 8).
 */
export interface GatewayValues {
  time: unknown;
  event: unknown;
  method: unknown;
  status: unknown;
  source: unknown;
  userAgent: unknown;
  agent: unknown;
  path: unknown;
  fingerprint: unknown;
  tokenSlot: unknown;
  channels: unknown;
}

// Each field's keys, first found wins; the byte reader's key table is made from these lists
// (gateway-bytes-record.ts).
export const TIME = ['ts', 'time', 'timestamp', '@timestamp'];
export const EVENT = ['event', 'type'];
export const PATH = ['path', 'url', 'uri'];
export const SOURCE = ['remote_addr', 'remote_ip', 'client_ip', 'ip', 'remote'];
export const USER_AGENT = ['user_agent', 'ua'];
export const FINGERPRINT = ['token_fp', 'token_fingerprint', 'auth_fp', 'auth.fingerprint', 'auth.token_fp'];
export const AGENT = ['agent', 'agent_id', 'agent_name'];

export type KnownEvent = { kind: EventKind; registration?: RegistrationKind };

// A Map, not an object literal: an event named `constructor` must not hit Object.prototype.
export const EVENT_KINDS = new Map<string, KnownEvent>([
  ['http.request', { kind: 'request' }],
  ['request', { kind: 'request' }],
  ['ws.connect', { kind: 'connection' }],
  ['agent.connect', { kind: 'connection' }],
  ['agent.register', { kind: 'registration', registration: 'agent' }],
  ['agent.registered', { kind: 'registration', registration: 'agent' }],
  ['channel.register', { kind: 'registration', registration: 'channel' }],
  ['auth.failed', { kind: 'auth-failure' }],
  ['auth.failure', { kind: 'auth-failure' }],
  ['auth.rejected', { kind: 'auth-failure' }],
]);

function first(get: FieldLookup, names: readonly string[]): unknown {
  for (const name of names) {
    const value = get(name);
    if (!isAbsent(value)) return value;
  }
  return undefined;
}

/** The values through a lookup by name (logfmt's pairs; the JSON reader is gateway-jsonl.ts's). */
export function valuesOf(get: FieldLookup): GatewayValues {
  return {
    time: first(get, TIME),
    event: first(get, EVENT),
    method: get('method'),
    status: get('status'),
    source: first(get, SOURCE),
    userAgent: first(get, USER_AGENT),
    agent: first(get, AGENT),
    path: first(get, PATH),
    fingerprint: first(get, FINGERPRINT),
    tokenSlot: get('token_slot'),
    channels: get('channels'),
  };
}

/**
 * Detection: a record of this schema has a time and says what happened (event/type or method). A
 * record without a time is one too when it names a gateway event or a token fingerprint: a log
 * whose time field was dropped (or renamed) must still give its token uses, not read as plain text
 * and report "No findings" (issue 7).
 */
export function isGatewayRecord(v: GatewayValues): boolean {
  if (v.time !== undefined) return v.event !== undefined || v.method !== undefined;
  const name = textOf(v.event);
  return (name !== undefined && EVENT_KINDS.has(name)) || v.fingerprint !== undefined;
}
