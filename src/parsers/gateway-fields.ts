// The gateway access log schema (docs/product.md §3.1), shared by gateway-jsonl and gateway-logfmt: every
// field is read through its aliases, so one mapping serves both encodings.
import { parsedLine, readTimeField } from './gateway-event.js';
import { clientAddress, httpStatus, isAuthFailureStatus, pathOnly } from './http-fields.js';
import { textOf } from './json-line.js';
import type { EventKind, GatewayEvent, ParseContext, ParsedLine, RegistrationKind } from './parser.js';

/** One field by exact (case-sensitive) name; JSON resolves `auth.fingerprint` as dotted key or path. */
export type FieldLookup = (name: string) => unknown;

const TIME = ['ts', 'time', 'timestamp', '@timestamp'];
const EVENT = ['event', 'type'];
const PATH = ['path', 'url', 'uri'];
const SOURCE = ['remote_addr', 'remote_ip', 'client_ip', 'ip', 'remote'];
const USER_AGENT = ['user_agent', 'ua'];
const FINGERPRINT = ['token_fp', 'token_fingerprint', 'auth_fp', 'auth.fingerprint', 'auth.token_fp'];
const AGENT = ['agent', 'agent_id', 'agent_name'];

// A Map, not an object literal: an event named `constructor` must not hit Object.prototype.
const EVENT_KINDS = new Map<string, { kind: EventKind; registration?: RegistrationKind }>([
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
    if (value !== undefined && value !== null && value !== '') return value;
  }
  return undefined;
}

/**
 * Detection: a record of this schema has a time and says what happened (event/type or method). A
 * record without a time is one too when it names a gateway event or a token fingerprint: a log
 * whose time field was dropped (or renamed) must still give its token uses, not read as plain text
 * and report "No findings" (issue 7).
 */
export function isGatewayRecord(get: FieldLookup): boolean {
  if (first(get, TIME) !== undefined) return first(get, EVENT) !== undefined || get('method') !== undefined;
  const name = textOf(first(get, EVENT));
  return (name !== undefined && EVENT_KINDS.has(name)) || first(get, FINGERPRINT) !== undefined;
}

/** `channels`: an array, or a comma-separated string (logfmt cannot write arrays). */
function readChannels(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  const channels = items.map(textOf).filter((c): c is string => c !== undefined);
  return channels.length > 0 ? channels : undefined;
}

/** One gateway access log record: an event when its kind is one clawprint audits, else just its time. */
export function readGatewayRecord(get: FieldLookup, ctx: ParseContext): ParsedLine {
  // Time: a §2 string or an epoch number (seconds or milliseconds); else the envelope's time.
  const own = readTimeField(first(get, TIME), ctx);
  const time = own.time ?? ctx.envelopeTime;
  const name = textOf(first(get, EVENT));
  const method = textOf(get('method'));
  let kind: EventKind;
  let registration: RegistrationKind | undefined;
  if (name !== undefined) {
    const known = EVENT_KINDS.get(name);
    if (known === undefined) return parsedLine(time, undefined, own.unreadable);
    kind = known.kind;
    registration = known.registration;
  } else if (method !== undefined) {
    kind = 'request';
  } else {
    return parsedLine(time, undefined, own.unreadable);
  }
  const status = httpStatus(get('status'));
  if (kind === 'request' && isAuthFailureStatus(status)) kind = 'auth-failure';
  // Built field by field in gatewayEvent's order (the JSON report's key order), without the
  // fields object and its copy: this runs on every line the audit decodes (docs/product.md §10).
  const event: GatewayEvent = { kind, time: undefined as unknown as number };
  const source = clientAddress(textOf(first(get, SOURCE)));
  if (source !== undefined) event.source = source;
  const userAgent = textOf(first(get, USER_AGENT));
  if (userAgent !== undefined) event.userAgent = userAgent;
  const agent = textOf(first(get, AGENT));
  if (agent !== undefined) event.agent = agent;
  if (method !== undefined) event.method = method;
  const path = pathOnly(textOf(first(get, PATH)));
  if (path !== undefined) event.path = path;
  if (status !== undefined) event.status = status;
  const tokenFingerprint = textOf(first(get, FINGERPRINT));
  if (tokenFingerprint !== undefined) event.tokenFingerprint = tokenFingerprint;
  const tokenSlot = textOf(get('token_slot'));
  if (tokenSlot !== undefined) event.tokenSlot = tokenSlot;
  const channels = readChannels(get('channels'));
  if (channels !== undefined) event.channels = channels;
  if (registration !== undefined) event.registration = registration;
  return parsedLine(time, event, own.unreadable);
}
