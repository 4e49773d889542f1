// A gateway access log record (docs/product.md §3.1) read into an event, shared by gateway-jsonl and
// gateway-logfmt: every field is read through its aliases (gateway-values.ts), so one mapping serves
// both encodings (gateway-jsonl.ts spells the same aliases out as property loads; a test checks the
// two readings agree).
import { EventRecord, isAbsent, parsedLine, timeOf } from './gateway-event.js';
import { EVENT_KINDS, type GatewayValues, type KnownEvent } from './gateway-values.js';
import { clientAddress, httpStatus, pathOnly } from './http-fields.js';
import { textOf } from './json-line.js';
import type { EventKind, ParseContext, ParsedLine, RegistrationKind } from './parser.js';
import { StringMemo } from './string-memo.js';

// Re-exported where they were first written: the byte reader's key table (gateway-bytes-record.ts)
// reads the alias lists from here.
export { AGENT, EVENT, FINGERPRINT, PATH, SOURCE, TIME, USER_AGENT, type FieldLookup, type GatewayValues, isGatewayRecord, valuesOf } from './gateway-values.js';

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

// The answers of the fields the WebAssembly reader hands as interned strings (gateway-bytes-wasm.ts),
// by intern slot: the module hashed the value's bytes to find its slot, so the slot is the memo's
// index for free, and without collisions between the values it holds at once (issue 8: `leak-30`'s
// token uses come from seven clients, which the two last values above mostly miss, and each
// StringMemo.get was a call and a hash). An entry holds the string it answers for and is used only
// when the line's value is that string (`===`): a slot the module refilled answers nothing stale.
// Five fields × 4,096 slots (the module's count): 160 KB of tables, and a string kept per entry,
// each one the module's own slot string (≤ 96 bytes). gateway-bytes-wasm.ts takes the module's count from here.
export const SLOT_COUNT = 4096;
/** Slot of each field readGatewayFields answers by slot, -1 when its value is not an interned string: set by the reader for each line. */
export const lineSlots = new Int32Array(10).fill(-1);
/** lineSlots' indexes: the WebAssembly reader's field order (event, method, status, source, user agent, agent, path, …). */
export const SLOT_EVENT = 0;
export const SLOT_METHOD = 1;
export const SLOT_SOURCE = 3;
export const SLOT_USER_AGENT = 4;
export const SLOT_PATH = 6;
const slotTable = <T>(): [string[], T[]] => [new Array<string>(SLOT_COUNT).fill(''), new Array<T>(SLOT_COUNT).fill(undefined as T)];
const [eventBySlot, eventKindBySlot] = slotTable<KnownEvent | undefined>();
const [methodBySlot, methodTextBySlot] = slotTable<string | undefined>();
const [sourceBySlot, addressBySlot] = slotTable<string | undefined>();
const [agentStringBySlot, userAgentBySlot] = slotTable<string | undefined>();
const [targetBySlot, pathBySlot] = slotTable<string | undefined>();

/** One gateway access log record: an event when its kind is one clawprint audits, else just its time. */
export function readGatewayRecord(v: GatewayValues, ctx: ParseContext, parsedTime?: number): ParsedLine {
  return readGatewayFields(v.time, v.event, v.method, v.status, v.source, v.userAgent, v.agent, v.path, v.fingerprint, v.tokenSlot, v.channels, ctx, parsedTime, undefined);
}

/**
 * readGatewayRecord on the values one by one: the byte reader (gateway-bytes-record.ts) calls it
 * without a GatewayValues object, ~115 bytes of garbage per decoded line (13% of what the audit
 * of the standard bench log allocates; issue 8). `slots`: lineSlots, filled by the WebAssembly
 * reader for this line (the answers by intern slot above); undefined from the other readers.
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
  slots: Int32Array | undefined,
): ParsedLine {
  // Time: a §2 string or an epoch number (seconds or milliseconds); else the envelope's time.
  // `parsedTime`: vTime's, already read from the line's bytes (gateway-bytes.ts).
  const own = parsedTime !== undefined ? parsedTime : timeOf(vTime, ctx);
  const unreadable = own === undefined && !isAbsent(vTime);
  const time = own ?? ctx.envelopeTime;
  // The memos above written out per field: a helper would be a call per field (issue 8).
  // By slot first (a slot is -1 or names the string the value is), then the last values, then StringMemo.
  const eventSlot = slots === undefined ? -1 : slots[SLOT_EVENT]!;
  let known: KnownEvent | undefined;
  if (eventSlot >= 0 && eventBySlot[eventSlot] === vEvent) known = eventKindBySlot[eventSlot];
  else {
    if (typeof vEvent === 'string' && vEvent === event0) known = eventKind0;
    else {
      known = EVENTS.get(vEvent);
      if (typeof vEvent === 'string') {
        event0 = vEvent;
        eventKind0 = known;
      }
    }
    if (eventSlot >= 0) {
      eventBySlot[eventSlot] = vEvent as string;
      eventKindBySlot[eventSlot] = known;
    }
  }
  const methodSlot = slots === undefined ? -1 : slots[SLOT_METHOD]!;
  let method: string | undefined;
  if (methodSlot >= 0 && methodBySlot[methodSlot] === vMethod) method = methodTextBySlot[methodSlot];
  else {
    if (typeof vMethod === 'string' && vMethod === method0) method = methodText0;
    else {
      method = TEXTS.get(vMethod);
      if (typeof vMethod === 'string') {
        method0 = vMethod;
        methodText0 = method;
      }
    }
    if (methodSlot >= 0) {
      methodBySlot[methodSlot] = vMethod as string;
      methodTextBySlot[methodSlot] = method;
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
  // httpStatus's and isAuthFailureStatus's usual case written out: a status logged as an integer
  // (two calls per decoded line otherwise; issue 8).
  const status = typeof vStatus === 'number' && vStatus >= 100 && vStatus <= 599 && Number.isInteger(vStatus) ? vStatus : httpStatus(vStatus);
  if (kind === 'request' && (status === 401 || status === 403)) kind = 'auth-failure';
  // Built field by field in gatewayEvent's order (the JSON report's key order), without the
  // fields object and its copy: this runs on every line the audit decodes (docs/product.md §10).
  const event = new EventRecord(kind);
  const sourceSlot = slots === undefined ? -1 : slots[SLOT_SOURCE]!;
  let source: string | undefined;
  if (sourceSlot >= 0 && sourceBySlot[sourceSlot] === vSource) source = addressBySlot[sourceSlot];
  else {
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
    if (sourceSlot >= 0) {
      sourceBySlot[sourceSlot] = vSource as string;
      addressBySlot[sourceSlot] = source;
    }
  }
  if (source !== undefined) event.source = source;
  // Fields many lines lack: no call when absent (the CLI does not inline calls; issue 8).
  const agentSlot = slots === undefined ? -1 : slots[SLOT_USER_AGENT]!;
  let userAgent: string | undefined;
  if (agentSlot >= 0 && agentStringBySlot[agentSlot] === vUserAgent) userAgent = userAgentBySlot[agentSlot];
  else {
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
    if (agentSlot >= 0) {
      agentStringBySlot[agentSlot] = vUserAgent as string;
      userAgentBySlot[agentSlot] = userAgent;
    }
  }
  if (userAgent !== undefined) event.userAgent = userAgent;
  const agent = vAgent === undefined ? undefined : TEXTS.get(vAgent);
  if (agent !== undefined) event.agent = agent;
  if (method !== undefined) event.method = method;
  const pathSlot = slots === undefined ? -1 : slots[SLOT_PATH]!;
  let path: string | undefined;
  if (pathSlot >= 0 && targetBySlot[pathSlot] === vPath) path = pathBySlot[pathSlot];
  else {
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
    if (pathSlot >= 0) {
      targetBySlot[pathSlot] = vPath as string;
      pathBySlot[pathSlot] = path;
    }
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
