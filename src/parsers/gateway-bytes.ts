// gateway-jsonl's lines read straight from the block's bytes (docs/product.md §10, issue 8): the
// common line — a flat JSON object of ASCII strings without escapes, plain numbers, true/false/null
// — is validated in one pass and its gateway fields found without JSON.parse, the values a log
// repeats handed on as the same flat strings (interned by their bytes), the RFC 3339 UTC time read
// from the bytes. Anything else (an escape, a byte past ASCII, a nested object, a number with a
// fraction in a field clawprint reads, …) returns undefined, and the line takes the JSON.parse path,
// which stays the reference: a differential test holds this reader to it.
import { readGatewayRecord, type GatewayValues } from './gateway-fields.js';
import type { ParseContext, ParsedLine } from './parser.js';
import { parseRfc3339Utc } from '../time.js';

// The keys gateway-jsonl.ts's jsonValues reads, by id (0: any other key).
const KEYS = [
  '', 'ts', 'time', 'timestamp', '@timestamp', 'event', 'type', 'method', 'status', 'remote_addr', 'remote_ip', 'client_ip', 'ip',
  'remote', 'user_agent', 'ua', 'agent', 'agent_id', 'agent_name', 'path', 'url', 'uri', 'token_fp', 'token_fingerprint', 'auth_fp',
  'auth.fingerprint', 'auth.token_fp', 'auth', 'token_slot', 'channels',
];
const AUTH = 27;
const CHANNELS = 29;
/** Keys 1–4 hold the time: their string values are kept as byte ranges. */
const LAST_TIME_KEY = 4;

const hashOf = (s: string): number => {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
};
const KEY_SLOTS = 256;
const keySlot = new Uint8Array(KEY_SLOTS);
const keyHash = new Int32Array(KEYS.length);
const keyOffset = new Int32Array(KEYS.length + 1);
/** Each key's bytes and its closing quote. */
const keyBytes = new Uint8Array(KEYS.reduce((n, k) => n + k.length + 1, 0));
for (let id = 1, at = 0; id < KEYS.length; id++) {
  const key = KEYS[id]!;
  keyHash[id] = hashOf(key);
  keyOffset[id] = at;
  for (let i = 0; i < key.length; i++) keyBytes[at++] = key.charCodeAt(i);
  keyBytes[at++] = 34;
  keyOffset[id + 1] = at;
  let s = (keyHash[id]! ^ (keyHash[id]! >>> 8)) & (KEY_SLOTS - 1);
  while (keySlot[s] !== 0) s = (s + 1) & (KEY_SLOTS - 1);
  keySlot[s] = id;
}

// Values by their bytes: direct-mapped by hash, each slot checked byte for byte before its string
// is handed on. Bounded: 4,096 slots of at most 96 bytes (~400 KB and their strings).
const SLOTS = 4096;
const MAX_INTERNED = 96;
const slotHash = new Int32Array(SLOTS);
const slotLength = new Int32Array(SLOTS);
const slotBytes = new Uint8Array(SLOTS * MAX_INTERNED);
const slotString: string[] = Array.from({ length: SLOTS }, () => '');

// Bytes compared four at a time: a loop over single bytes cost ~1 ns a byte here.
const keyView = new DataView(keyBytes.buffer);
const slotView = new DataView(slotBytes.buffer);
/** The block last read, and a DataView of it. */
let viewed: Buffer | undefined;
let view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));

/** The key that came after each key (by id; 0: a line's first) last time: the one tried first. */
const nextKey = new Uint8Array(KEYS.length);
/** The slot of the value each key (by id) had last. */
const lastSlot = new Int32Array(KEYS.length);

/** The minute `YYYY-MM-DDTHH:MM:` read last (its bytes, once minuteKnown) and its epoch ms. */
const lastMinute = new Uint8Array(17);
const minuteView = new DataView(lastMinute.buffer);
let minuteKnown = false;
let lastMinuteMillis = 0;

interface Latin1Slicing {
  latin1Slice(start: number, end: number): string;
}

// The values of the line being read, by key id: `seen[id]` is the line's serial when the key was
// there (no clearing per line), `values[id]` its value; a time key's string as its byte range.
let serial = 0;
const seen = new Float64Array(KEYS.length);
const values: unknown[] = new Array<unknown>(KEYS.length).fill(undefined);
const timeStart = new Int32Array(LAST_TIME_KEY + 1);
const timeEnd = new Int32Array(LAST_TIME_KEY + 1);
let channelItems: string[] = [];
/** Where keyAt's or internAt's string ended (its closing quote). */
let scanEnd = 0;

/** Where the line read by the last readGatewayBytes that returned a line ends (its \n, or a \r before it, or the block's end). */
export const bytesRead = { end: 0 };

/**
 * The line of `buf` at `start` as gateway-jsonl's parse reads it, or undefined when it is not in
 * the subset read here (it then takes the JSON.parse path). One function, no calls per byte: the
 * CLI runs without TurboFan inlining (bin/clawprint.js).
 */
export function readGatewayBytes(buf: Buffer, start: number, ctx: ParseContext): ParsedLine | undefined {
  const n = buf.length;
  if (buf !== viewed) viewBlock(buf);
  let i = start;
  let c = buf[i]!;
  while (c === 32 || c === 9 || c === 13) c = buf[++i]!;
  if (c !== 123) return undefined;
  c = buf[++i]!;
  while (c === 32 || c === 9 || c === 13) c = buf[++i]!;
  const line = ++serial;
  let previous = 0;
  if (c === 125) c = buf[++i]!;
  else {
    for (;;) {
      // A key: ASCII, no escape. The lines of a log repeat a few key orders, so the key that came
      // after the previous one last time is tried first, byte for byte with its closing quote; else
      // its id by hash (0: a key not read), checked byte for byte.
      if (c !== 34) return undefined;
      const ka = ++i;
      let id = nextKey[previous]!;
      if (id !== 0) {
        const o = keyOffset[id]!;
        const m = keyOffset[id + 1]! - o;
        let j = 0;
        if (ka + m <= n) {
          while (j + 4 <= m && view.getUint32(ka + j, true) === keyView.getUint32(o + j, true)) j += 4;
          // The rest as the last four bytes (overlapping), when there are four.
          if (j < m && j + 4 > m && m >= 4 && view.getUint32(ka + m - 4, true) === keyView.getUint32(o + m - 4, true)) j = m;
          while (j < m && buf[ka + j] === keyBytes[o + j]) j++;
        }
        if (j === m) i = ka + m - 1;
        else id = 0;
      }
      if (id === 0) {
        id = keyAt(buf, ka);
        if (id < 0) return undefined;
        i = scanEnd;
        nextKey[previous] = id;
      }
      previous = id;
      c = buf[++i]!;
      while (c === 32 || c === 9 || c === 13) c = buf[++i]!;
      if (c !== 58) return undefined;
      c = buf[++i]!;
      while (c === 32 || c === 9 || c === 13) c = buf[++i]!;
      let value: unknown;
      if (c === 34) {
        const va = ++i;
        if (id === 0 || id === AUTH) {
          // Not read: only checked.
          c = buf[i]!;
          while (c !== 34) {
            if (!(c >= 32 && c <= 127) || c === 92) return undefined;
            c = buf[++i]!;
          }
        } else if (id <= LAST_TIME_KEY) {
          c = buf[i]!;
          while (c !== 34) {
            if (!(c >= 32 && c <= 127) || c === 92) return undefined;
            c = buf[++i]!;
          }
          // Kept as its bytes: read below once the alias is chosen ('' reads as absent).
          seen[id] = line;
          timeStart[id] = i > va ? va : -1;
          timeEnd[id] = i;
          id = 0;
        } else {
          // The value this key had last (its slot, whatever it holds now), byte for byte with its
          // closing quote: a log repeats its clients, user agents, events and fingerprints.
          const s = lastSlot[id]!;
          const len = slotLength[s]!;
          let j = -1;
          if (va + len < n) {
            const base = s * MAX_INTERNED;
            j = 0;
            while (j + 4 <= len && view.getUint32(va + j, true) === slotView.getUint32(base + j, true)) j += 4;
            if (j < len && j + 4 > len && len >= 4 && view.getUint32(va + len - 4, true) === slotView.getUint32(base + len - 4, true)) j = len;
            while (j < len && buf[va + j] === slotBytes[base + j]) j++;
          }
          if (j === len && buf[va + len] === 34) {
            value = slotString[s];
            i = va + len;
          } else {
            value = internAt(buf, va, id);
            if (value === undefined) return undefined;
            i = scanEnd;
          }
        }
        c = buf[++i]!;
      } else if ((c >= 48 && c <= 57) || c === 45) {
        // JSON's number grammar; a field read here takes only an integer of up to 15 digits (exact).
        const negative = c === 45;
        if (negative) c = buf[++i]!;
        let whole = 0;
        let plain = true;
        if (c === 48) c = buf[++i]!;
        else if (c !== undefined && c >= 49 && c <= 57) {
          let digits = 0;
          while (c !== undefined && c >= 48 && c <= 57) {
            whole = whole * 10 + (c - 48);
            digits++;
            c = buf[++i]!;
          }
          if (digits > 15) plain = false;
        } else return undefined;
        if (c === 46) {
          plain = false;
          c = buf[++i]!;
          if (!(c !== undefined && c >= 48 && c <= 57)) return undefined;
          while (c !== undefined && c >= 48 && c <= 57) c = buf[++i]!;
        }
        if (c === 101 || c === 69) {
          plain = false;
          c = buf[++i]!;
          if (c === 43 || c === 45) c = buf[++i]!;
          if (!(c !== undefined && c >= 48 && c <= 57)) return undefined;
          while (c !== undefined && c >= 48 && c <= 57) c = buf[++i]!;
        }
        if (id !== 0 && id !== AUTH) {
          if (!plain || id <= LAST_TIME_KEY) return undefined;
          value = negative ? -whole : whole;
        }
      } else if (c === 116) {
        if (buf[i + 1] !== 114 || buf[i + 2] !== 117 || buf[i + 3] !== 101) return undefined;
        if (id <= LAST_TIME_KEY && id !== 0) return undefined;
        value = true;
        c = buf[(i += 4)]!;
      } else if (c === 102) {
        if (buf[i + 1] !== 97 || buf[i + 2] !== 108 || buf[i + 3] !== 115 || buf[i + 4] !== 101) return undefined;
        if (id <= LAST_TIME_KEY && id !== 0) return undefined;
        value = false;
        c = buf[(i += 5)]!;
      } else if (c === 110) {
        if (buf[i + 1] !== 117 || buf[i + 2] !== 108 || buf[i + 3] !== 108) return undefined;
        value = null;
        c = buf[(i += 4)]!;
        if (id !== 0 && id <= LAST_TIME_KEY) {
          seen[id] = line;
          timeStart[id] = -1;
          id = 0;
        }
      } else if (c === 91 && id === CHANNELS) {
        i = channelsAt(buf, i);
        if (i < 0) return undefined;
        c = buf[i]!;
        value = channelItems;
      } else return undefined;
      // The value, by its key: a key given twice keeps the last, as JSON.parse does.
      if (id !== 0 && id !== AUTH) {
        seen[id] = line;
        values[id] = value;
      }
      while (c === 32 || c === 9 || c === 13) c = buf[++i]!;
      if (c === 125) {
        c = buf[++i]!;
        break;
      }
      if (c !== 44) return undefined;
      c = buf[++i]!;
      while (c === 32 || c === 9 || c === 13) c = buf[++i]!;
    }
  }
  // Only blanks (and a \r) up to the line's end.
  while (c === 32 || c === 9 || c === 13) c = buf[++i]!;
  if (i < n && c !== 10) return undefined;
  bytesRead.end = i > start && buf[i - 1] === 13 ? i - 1 : i;
  return recordOf(buf, line, ctx);
}

/** The line's record from the values readGatewayBytes found (`line`: its serial in `seen`). */
function recordOf(buf: Buffer, line: number, ctx: ParseContext): ParsedLine {
  // jsonValues' alias chains (gateway-jsonl.ts), on the values found.
  let v: unknown;
  // The first time alias with a non-empty string (ids 1–4, in jsonValues' order).
  let at = 1;
  while (at <= LAST_TIME_KEY && (seen[at] !== line || timeStart[at]! < 0)) at++;
  const a = at <= LAST_TIME_KEY ? timeStart[at]! : -1;
  const b = at <= LAST_TIME_KEY ? timeEnd[at]! : -1;
  let parsedTime: number | undefined;
  let time: unknown;
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
          const t = parseRfc3339Utc((buf as unknown as Latin1Slicing).latin1Slice(a, b));
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
    if (parsedTime === undefined) time = (buf as unknown as Latin1Slicing).latin1Slice(a, b);
    else time = parsedTime;
  }
  // The values of keys this line did not have are a line before's: cleared, then read by id.
  for (let id = LAST_TIME_KEY + 1; id < KEYS.length; id++) if (seen[id] !== line) values[id] = undefined;
  const found: GatewayValues = {
    time,
    event: ((v = values[5]) != null && v !== '') || ((v = values[6]) != null && v !== '') ? v : undefined,
    method: values[7],
    status: values[8],
    source:
      ((v = values[9]) != null && v !== '') ||
      ((v = values[10]) != null && v !== '') ||
      ((v = values[11]) != null && v !== '') ||
      ((v = values[12]) != null && v !== '') ||
      ((v = values[13]) != null && v !== '')
        ? v
        : undefined,
    userAgent: ((v = values[14]) != null && v !== '') || ((v = values[15]) != null && v !== '') ? v : undefined,
    agent: ((v = values[16]) != null && v !== '') || ((v = values[17]) != null && v !== '') || ((v = values[18]) != null && v !== '') ? v : undefined,
    path: ((v = values[19]) != null && v !== '') || ((v = values[20]) != null && v !== '') || ((v = values[21]) != null && v !== '') ? v : undefined,
    fingerprint:
      ((v = values[22]) != null && v !== '') ||
      ((v = values[23]) != null && v !== '') ||
      ((v = values[24]) != null && v !== '') ||
      ((v = values[25]) != null && v !== '') ||
      ((v = values[26]) != null && v !== '')
        ? v
        : undefined,
    tokenSlot: values[28],
    channels: values[CHANNELS],
  };
  return readGatewayRecord(found, ctx, parsedTime);
}

/**
 * `channels` as an array of strings (a registration's), its `[` at `i`: the index after its `]`,
 * the items in channelItems; -1 for any other element (the JSON.parse path reads it).
 */
function channelsAt(buf: Buffer, i: number): number {
  const items: string[] = [];
  let c = buf[++i]!;
  while (c === 32 || c === 9 || c === 13) c = buf[++i]!;
  if (c !== 93) {
    for (;;) {
      if (c !== 34) return -1;
      const va = ++i;
      c = buf[i]!;
      while (c !== 34) {
        if (!(c >= 32 && c <= 127) || c === 92) return -1;
        c = buf[++i]!;
      }
      items.push((buf as unknown as Latin1Slicing).latin1Slice(va, i));
      c = buf[++i]!;
      while (c === 32 || c === 9 || c === 13) c = buf[++i]!;
      if (c === 93) break;
      if (c !== 44) return -1;
      c = buf[++i]!;
      while (c === 32 || c === 9 || c === 13) c = buf[++i]!;
    }
  }
  channelItems = items;
  return i + 1;
}

/**
 * Makes `buf` the block readGatewayBytes reads (its DataView). The pipeline calls it once per
 * block (Parser.parseBlock): a call readGatewayBytes made itself only on a new block had no
 * feedback when TurboFan compiled it, and the deopt and second compile cost ~2% of an audit.
 */
export function viewBlock(buf: Buffer): void {
  viewed = buf;
  view = new DataView(buf.buffer, buf.byteOffset, buf.length);
}

/** The id of the key at `ka` (its opening quote before it) by hash, 0 for a key not read, -1 for none read here; scanEnd: its closing quote. */
function keyAt(buf: Buffer, ka: number): number {
  let i = ka;
  let h = 0;
  let c = buf[i]!;
  while (c !== 34) {
    if (!(c >= 32 && c <= 127) || c === 92) return -1;
    h = (Math.imul(h, 31) + c) | 0;
    c = buf[++i]!;
  }
  scanEnd = i;
  const klen = i - ka + 1;
  for (let s = (h ^ (h >>> 8)) & (KEY_SLOTS - 1); ; s = (s + 1) & (KEY_SLOTS - 1)) {
    const k = keySlot[s]!;
    if (k === 0) return 0;
    const o = keyOffset[k]!;
    if (keyHash[k] === h && keyOffset[k + 1]! - o === klen) {
      let j = 0;
      while (j < klen && buf[ka + j] === keyBytes[o + j]) j++;
      if (j === klen) return k;
    }
  }
}

/**
 * The string at `va` (after its opening quote) for key `id`, interned by its bytes when short,
 * or undefined when it is not read here; scanEnd: its closing quote.
 */
function internAt(buf: Buffer, va: number, id: number): string | undefined {
  let i = va;
  let h = 0;
  let c = buf[i]!;
  while (c !== 34) {
    if (!(c >= 32 && c <= 127) || c === 92) return undefined;
    h = (Math.imul(h, 31) + c) | 0;
    c = buf[++i]!;
  }
  scanEnd = i;
  const len = i - va;
  const s = (h ^ (h >>> 12)) & (SLOTS - 1);
  const base = s * MAX_INTERNED;
  if (len <= MAX_INTERNED && slotHash[s] === h && slotLength[s] === len) {
    lastSlot[id] = s;
    let j = 0;
    while (j + 4 <= len && view.getUint32(va + j, true) === slotView.getUint32(base + j, true)) j += 4;
    while (j < len && buf[va + j] === slotBytes[base + j]) j++;
    if (j === len) return slotString[s]!;
  }
  // One call site for every new string: a call TurboFan saw no feedback for deoptimizes the function.
  const str = len === 0 ? '' : (buf as unknown as Latin1Slicing).latin1Slice(va, i);
  if (len > MAX_INTERNED) return str;
  lastSlot[id] = s;
  for (let j = 0; j < len; j++) slotBytes[base + j] = buf[va + j]!;
  slotHash[s] = h;
  slotLength[s] = len;
  slotString[s] = str;
  return str;
}
