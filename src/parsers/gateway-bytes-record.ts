// The record of a gateway-jsonl line read from its bytes (gateway-bytes.ts): the values its keys
// held, through jsonValues' aliases (gateway-jsonl.ts), and its RFC 3339 UTC time read from the
// bytes as parseRfc3339Utc reads its string (docs/product.md §2), into readGatewayFields.
import { view, type Latin1Slicing } from './byte-strings.js';
import { AGENT, EVENT, FINGERPRINT, PATH, readGatewayFields, SOURCE, TIME, USER_AGENT } from './gateway-fields.js';
import type { ParseContext, ParsedLine } from './parser.js';
import { parseRfc3339Utc } from '../time.js';

/** The keys readGatewayFields reads, by id (0: any other key), from its own lists. */
export const KEYS = ['', ...TIME, ...EVENT, 'method', 'status', ...SOURCE, ...USER_AGENT, ...AGENT, ...PATH, ...FINGERPRINT, 'auth', 'token_slot', 'channels'];
// recordOf reads each field's aliases by literal ids (a loop or a helper per field costs a call per
// line without TurboFan inlining, bin/clawprint.js): a list of another length is a load failure,
// not a field silently read from the wrong key.
if ([TIME, EVENT, SOURCE, USER_AGENT, AGENT, PATH, FINGERPRINT].map((l) => l.length).join() !== '4,2,5,2,3,3,5') {
  throw new Error('gateway-bytes-record.ts reads the gateway fields by fixed ids; gateway-fields.ts changed their alias lists');
}
export const AUTH = KEYS.indexOf('auth');
export const CHANNELS = KEYS.indexOf('channels');
const TOKEN_SLOT = KEYS.indexOf('token_slot');
/** Keys 1–4 hold the time: their string values are kept as byte ranges. */
export const LAST_TIME_KEY = TIME.length;

// The values of the line being read, by key id: `seen[id]` is the line's serial when the key was
// there (nothing cleared per line), `values[id]` its value; a time key's string as its byte range
// (timeStart -1: null or '').
export const seen = new Float64Array(KEYS.length);
export const values: unknown[] = new Array<unknown>(KEYS.length).fill(undefined);
export const timeStart = new Int32Array(LAST_TIME_KEY + 1);
export const timeEnd = new Int32Array(LAST_TIME_KEY + 1);

/** The minute `YYYY-MM-DDTHH:MM:` read last (its bytes, once minuteKnown) and its epoch ms. */
const lastMinute = new Uint8Array(17);
const minuteView = new DataView(lastMinute.buffer);
let minuteKnown = false;
let lastMinuteMillis = 0;

/** The line's record from the values readGatewayBytes found (`line`: its serial in `seen`), read from `buf`'s bytes. */
export function recordOf(buf: Buffer, line: number, ctx: ParseContext): ParsedLine {
  // jsonValues' alias chains (gateway-jsonl.ts), on the values found.
  let v: unknown;
  // The first time alias with a non-empty string (ids 1–4, in jsonValues' order).
  let at = 1;
  while (at <= LAST_TIME_KEY && (seen[at] !== line || timeStart[at]! < 0)) at++;
  const a = at <= LAST_TIME_KEY ? timeStart[at]! : -1;
  const b = at <= LAST_TIME_KEY ? timeEnd[at]! : -1;
  const time = timeAt(buf, a, b);
  const parsedTime = timeRead.parsed;
  // The values of keys this line did not have are a line before's: cleared, then read by id.
  for (let id = LAST_TIME_KEY + 1; id < KEYS.length; id++) if (seen[id] !== line) values[id] = undefined;
  // The values one by one, not a GatewayValues object: no garbage for them (readGatewayFields).
  return readGatewayFields(
    time,
    ((v = values[5]) != null && v !== '') || ((v = values[6]) != null && v !== '') ? v : undefined,
    values[7],
    values[8],
    ((v = values[9]) != null && v !== '') ||
      ((v = values[10]) != null && v !== '') ||
      ((v = values[11]) != null && v !== '') ||
      ((v = values[12]) != null && v !== '') ||
      ((v = values[13]) != null && v !== '')
      ? v
      : undefined,
    ((v = values[14]) != null && v !== '') || ((v = values[15]) != null && v !== '') ? v : undefined,
    ((v = values[16]) != null && v !== '') || ((v = values[17]) != null && v !== '') || ((v = values[18]) != null && v !== '') ? v : undefined,
    ((v = values[19]) != null && v !== '') || ((v = values[20]) != null && v !== '') || ((v = values[21]) != null && v !== '') ? v : undefined,
    ((v = values[22]) != null && v !== '') ||
      ((v = values[23]) != null && v !== '') ||
      ((v = values[24]) != null && v !== '') ||
      ((v = values[25]) != null && v !== '') ||
      ((v = values[26]) != null && v !== '')
      ? v
      : undefined,
    values[TOKEN_SLOT],
    values[CHANNELS],
    ctx,
    parsedTime,
    undefined,
  );
}

/** What timeAt read: the time in epoch ms when parseRfc3339Utc's reading gives one. */
export const timeRead: { parsed: number | undefined } = { parsed: undefined };

/**
 * The time whose string is `buf[a, b)` (a -1: none) as jsonValues' time reads into readGatewayFields:
 * its epoch ms (also in timeRead.parsed) when parseRfc3339Utc reads it, else its string.
 */
export function timeAt(buf: Buffer, a: number, b: number): unknown {
  let parsedTime: number | undefined;
  let time: unknown;
  /** The time's text, when a new minute's was already made for parseRfc3339Utc. */
  let text: string | undefined;
  if (a >= 0) {
    // parseRfc3339Utc (time.ts) on the bytes: `YYYY-MM-DDTHH:MM:SS[.1-9 digits]Z`; any other shape
    // is handed on as its string.
    const len = b - a;
    if (len >= 20 && len !== 21 && len <= 30 && buf[b - 1] === 90 && (len === 20 || buf[a + 19] === 46)) {
      const sameMinute =
        minuteKnown &&
        view.getUint32(a, true) === minuteView.getUint32(0, true) &&
        view.getUint32(a + 4, true) === minuteView.getUint32(4, true) &&
        view.getUint32(a + 8, true) === minuteView.getUint32(8, true) &&
        view.getUint32(a + 12, true) === minuteView.getUint32(12, true) &&
        buf[a + 16] === lastMinute[16];
      let ms = 0;
      let ok = true;
      for (let j = a + 20; j < b - 1; j++) {
        const d = buf[j]! - 48;
        if (!(d >= 0 && d <= 9)) ok = false;
        if (j < a + 23) ms = ms * 10 + d;
      }
      for (let j = len - 1; j < 23; j++) ms *= 10;
      const s1 = buf[a + 17]! - 48;
      const s2 = buf[a + 18]! - 48;
      if (!(s1 >= 0 && s1 <= 9 && s2 >= 0 && s2 <= 9)) ok = false;
      const second = s1 * 10 + s2;
      if (ok && second <= 60) {
        if (sameMinute) parsedTime = lastMinuteMillis + second * 1000 + ms;
        else {
          // A new minute (once a minute of log): read by parseRfc3339Utc itself, and its epoch kept
          // when linear in seconds (from the year 100 on, as parseRfc3339Utc's own cache).
          text = (buf as unknown as Latin1Slicing).latin1Slice(a, b);
          const t = parseRfc3339Utc(text);
          if (t !== undefined) {
            parsedTime = t;
            if (buf[a] !== 48 || buf[a + 1] !== 48) {
              for (let j = 0; j < 17; j++) lastMinute[j] = buf[a + j]!;
              minuteKnown = true;
              lastMinuteMillis = t - second * 1000 - ms;
            }
          }
        }
      }
    }
    if (parsedTime === undefined) time = text ?? (buf as unknown as Latin1Slicing).latin1Slice(a, b);
    else time = parsedTime;
  }
  timeRead.parsed = parsedTime;
  return time;
}
