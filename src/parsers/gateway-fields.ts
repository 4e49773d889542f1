// The gateway access log schema (docs/product.md §3.1), shared by gateway-jsonl and gateway-logfmt: every
// field is read through its aliases, so one mapping serves both encodings (gateway-jsonl.ts spells
// the same aliases out as property loads; a test checks the two readings agree).
import { EventRecord, isAbsent, parsedLine, timeOf } from './gateway-event.js';
import { clientAddress, httpStatus, isAuthFailureStatus, pathOnly } from './http-fields.js';
import { textOf } from './json-line.js';
import type { EventKind, GatewayEvent, ParseContext, ParsedLine, RegistrationKind } from './parser.js';
import { StringMemo } from './string-memo.js';

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

type KnownEvent = { kind: EventKind; registration?: RegistrationKind };

// A Map, not an object literal: an event named `constructor` must not hit Object.prototype.
const EVENT_KINDS = new Map<string, KnownEvent>([
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

/** `channels`: an array, or a comma-separated string (logfmt cannot write arrays). */
function readChannels(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  // A loop, not map and filter: two arrays and a closure per registration, and the calls took
  // TurboFan three compiles (issue 8).
  const channels: string[] = [];
  for (let i = 0; i < items.length; i++) {
    const c = textOf(items[i]);
    if (c !== undefined) channels.push(c);
  }
  return channels.length > 0 ? channels : undefined;
}

/** An event name clawprint does not audit. */
const OTHER_EVENT: KnownEvent = { kind: 'request' };

/** The event field's kind: undefined when blank, OTHER_EVENT when not one clawprint audits. */
function eventKind(value: unknown): KnownEvent | undefined {
  const name = textOf(value);
  return name === undefined ? undefined : (EVENT_KINDS.get(name) ?? OTHER_EVENT);
}

// The values a log repeats on most lines, read once each (string-memo.ts).
const EVENTS = new StringMemo(eventKind);
const SOURCES = new StringMemo((value) => clientAddress(textOf(value)));
const PATHS = new StringMemo((value) => pathOnly(textOf(value)));
const TEXTS = new StringMemo(textOf);

// The last values of the hottest fields and their answers, before StringMemo (issue 8): the byte
// reader hands a value seen before as the very string it handed before (byte-strings.ts), so `===`
// finds a repeat without StringMemo's call (the CLI does not inline calls). Two for the fields a
// log's clients alternate (address, path, user agent), one for those most lines share (event,
// method, fingerprint). An empty entry is '' with its answer, undefined for every field here, so
// every comparison is of two strings. Entries are replaced oldest first; eight strings at most.
let event0 = '';
let eventKind0: KnownEvent | undefined;
let method0 = '';
let methodText0: string | undefined;
let fingerprint0 = '';
let fingerprintText0: string | undefined;
let source0 = '';
let address0: string | undefined;
let source1 = '';
let address1: string | undefined;
let target0 = '';
let path0: string | undefined;
let target1 = '';
let path1: string | undefined;
let agentString0 = '';
let userAgent0: string | undefined;
let agentString1 = '';
let userAgent1: string | undefined;

/** One gateway access log record: an event when its kind is one clawprint audits, else just its time. */
export function readGatewayRecord(v: GatewayValues, ctx: ParseContext, parsedTime?: number): ParsedLine {
  return readGatewayFields(v.time, v.event, v.method, v.status, v.source, v.userAgent, v.agent, v.path, v.fingerprint, v.tokenSlot, v.channels, ctx, parsedTime);
}

/**
 * readGatewayRecord on the values one by one: the byte reader (gateway-bytes-record.ts) calls it
 * without a GatewayValues object, ~115 bytes of garbage per decoded line (13% of what the audit
 * of the standard bench log allocates; issue 8).
 */
export function readGatewayFields(
  vTime: unknown,
  vEvent: unknown,
  vMethod: unknown,
  vStatus: unknown,
  vSource: unknown,
  vUserAgent: unknown,
  vAgent: unknown,
  vPath: unknown,
  vFingerprint: unknown,
  vTokenSlot: unknown,
  vChannels: unknown,
  ctx: ParseContext,
  parsedTime: number | undefined,
): ParsedLine {
  // Time: a §2 string or an epoch number (seconds or milliseconds); else the envelope's time.
  // `parsedTime`: vTime's, already read from the line's bytes (gateway-bytes.ts).
  const own = parsedTime !== undefined ? parsedTime : timeOf(vTime, ctx);
  const unreadable = own === undefined && !isAbsent(vTime);
  const time = own ?? ctx.envelopeTime;
  // The memos above written out per field: a helper would be a call per field (issue 8).
  let known: KnownEvent | undefined;
  if (typeof vEvent === 'string' && vEvent === event0) known = eventKind0;
  else {
    known = EVENTS.get(vEvent);
    if (typeof vEvent === 'string') {
      event0 = vEvent;
      eventKind0 = known;
    }
  }
  let method: string | undefined;
  if (typeof vMethod === 'string' && vMethod === method0) method = methodText0;
  else {
    method = TEXTS.get(vMethod);
    if (typeof vMethod === 'string') {
      method0 = vMethod;
      methodText0 = method;
    }
  }
  let kind: EventKind;
  let registration: RegistrationKind | undefined;
  if (known !== undefined) {
    if (known === OTHER_EVENT) return parsedLine(time, undefined, unreadable);
    kind = known.kind;
    registration = known.registration;
  } else if (method !== undefined) {
    kind = 'request';
  } else {
    return parsedLine(time, undefined, unreadable);
  }
  const status = httpStatus(vStatus);
  if (kind === 'request' && isAuthFailureStatus(status)) kind = 'auth-failure';
  // Built field by field in gatewayEvent's order (the JSON report's key order), without the
  // fields object and its copy: this runs on every line the audit decodes (docs/product.md §10).
  const event = new EventRecord(kind);
  let source: string | undefined;
  if (typeof vSource !== 'string') source = SOURCES.get(vSource);
  else if (vSource === source0) source = address0;
  else if (vSource === source1) source = address1;
  else {
    source = SOURCES.get(vSource);
    source1 = source0;
    address1 = address0;
    source0 = vSource;
    address0 = source;
  }
  if (source !== undefined) event.source = source;
  // Fields many lines lack: no call when absent (the CLI does not inline calls; issue 8).
  let userAgent: string | undefined;
  if (typeof vUserAgent !== 'string') userAgent = vUserAgent === undefined ? undefined : TEXTS.get(vUserAgent);
  else if (vUserAgent === agentString0) userAgent = userAgent0;
  else if (vUserAgent === agentString1) userAgent = userAgent1;
  else {
    userAgent = TEXTS.get(vUserAgent);
    agentString1 = agentString0;
    userAgent1 = userAgent0;
    agentString0 = vUserAgent;
    userAgent0 = userAgent;
  }
  if (userAgent !== undefined) event.userAgent = userAgent;
  const agent = vAgent === undefined ? undefined : TEXTS.get(vAgent);
  if (agent !== undefined) event.agent = agent;
  if (method !== undefined) event.method = method;
  let path: string | undefined;
  if (typeof vPath !== 'string') path = PATHS.get(vPath);
  else if (vPath === target0) path = path0;
  else if (vPath === target1) path = path1;
  else {
    path = PATHS.get(vPath);
    target1 = target0;
    path1 = path0;
    target0 = vPath;
    path0 = path;
  }
  if (path !== undefined) event.path = path;
  if (status !== undefined) event.status = status;
  let tokenFingerprint: string | undefined;
  if (typeof vFingerprint !== 'string') tokenFingerprint = vFingerprint === undefined ? undefined : TEXTS.get(vFingerprint);
  else if (vFingerprint === fingerprint0) tokenFingerprint = fingerprintText0;
  else {
    tokenFingerprint = TEXTS.get(vFingerprint);
    fingerprint0 = vFingerprint;
    fingerprintText0 = tokenFingerprint;
  }
  if (tokenFingerprint !== undefined) event.tokenFingerprint = tokenFingerprint;
  const tokenSlot = vTokenSlot === undefined ? undefined : textOf(vTokenSlot);
  if (tokenSlot !== undefined) event.tokenSlot = tokenSlot;
  const channels = vChannels === undefined ? undefined : readChannels(vChannels);
  if (channels !== undefined) event.channels = channels;
  if (registration !== undefined) event.registration = registration;
  // parsedLine's usual case written out: an event at a readable time.
  if (time !== undefined && !unreadable) {
    event.time = time;
    return { time, event };
  }
  return parsedLine(time, event, unreadable);
}
