// gateway-jsonl's lines read straight from the block's bytes (docs/product.md §10, issue 8): the
// common line — a flat JSON object of ASCII strings without escapes, plain numbers, true/false/null
// — is validated in one pass and its gateway fields found without JSON.parse, the values a log
// repeats handed on as the same flat strings (byte-strings.ts), the RFC 3339 UTC time read from the
// bytes (gateway-bytes-record.ts). Anything else (an escape, a byte past ASCII, a nested object, a
// number with a fraction in a field clawprint reads, …) returns undefined, and the line takes the
// JSON.parse path, which stays the reference: a differential test holds this reader to it.
import { followSlot, internAt, internedSlot, type Latin1Slicing, MAX_INTERNED, scanEnd, slotBytes, slotLength, slotString, slotView, view, viewBlock, viewed } from './byte-strings.js';
import { AUTH, CHANNELS, KEYS, LAST_TIME_KEY, recordOf, seen, timeEnd, timeStart, values } from './gateway-bytes-record.js';
import type { ParseContext, ParsedLine } from './parser.js';

export { viewBlock };


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


// Bytes compared four at a time: a loop over single bytes cost ~1 ns a byte here.
const keyView = new DataView(keyBytes.buffer);

/** The key that came after each key (by id; 0: a line's first) last time: the one tried first. */
const nextKey = new Uint8Array(KEYS.length);
/** The slot of the value each key (by id) had last. */
const lastSlot = new Int32Array(KEYS.length);

let serial = 0;
let channelItems: string[] = [];
/** Where keyAt's key ended (its closing quote). */
let keyEnd = 0;

/** Where the line read by the last readGatewayBytes that returned a line ends (its \n, or a \r before it, or the block's end). */
export const bytesRead = { end: 0 };

/**
 * The line of `buf` at `start` as gateway-jsonl's parse reads it, or undefined when it is not in
 * the subset read here (it then takes the JSON.parse path). One function, no calls per byte: the
 * CLI runs without TurboFan inlining (bin/clawprint.js).
 */
export function readGatewayBytes(buf: Buffer, start: number, ctx: ParseContext): ParsedLine | undefined {
  const n = buf.length;
  // The block must be the one viewBlock was given (Parser.parseBlock): else left to JSON.parse.
  if (buf !== viewed) return undefined;
  let i = start;
  let c = buf[i]!;
  while (c === 32 || c === 9 || c === 13) c = buf[++i]!;
  if (c !== 123) return undefined;
  c = buf[++i]!;
  while (c === 32 || c === 9 || c === 13) c = buf[++i]!;
  const line = ++serial;
  let previous = 0;
  /** The slot of the line's last string value read so far (-1: none, or not interned). */
  let after = -1;
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
        i = keyEnd;
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
          // The value that followed the line's previous value last time, else the value this key
          // had last (a slot, whatever it holds now), byte for byte with its closing quote: a log
          // repeats its clients, user agents, events and fingerprints, and in runs (followSlot).
          const f = after >= 0 ? followSlot[after]! : -1;
          const s = f >= 0 ? f : lastSlot[id]!;
          const len = slotLength[s]!;
          let j = -1;
          if (va + len < n) {
            const base = s * MAX_INTERNED;
            j = 0;
            while (j + 4 <= len && view.getUint32(va + j, true) === slotView.getUint32(base + j, true)) j += 4;
            if (j < len && j + 4 > len && len >= 4 && view.getUint32(va + len - 4, true) === slotView.getUint32(base + len - 4, true)) j = len;
            while (j < len && buf[va + j] === slotBytes[base + j]) j++;
          }
          let got = s;
          if (j === len && buf[va + len] === 34) {
            value = slotString[s];
            i = va + len;
          } else {
            value = internAt(buf, va);
            if (value === undefined) return undefined;
            i = scanEnd;
            got = internedSlot;
          }
          if (got >= 0) {
            lastSlot[id] = got;
            if (after >= 0) followSlot[after] = got;
          }
          after = got;
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


/** The items of `channels` whose `[` is at `i`, checked by gateway-bytes.wat; a refusal here: the two readers drifted apart. */
export const channelsFrom = (buf: Buffer, i: number): string[] => (channelsAt(buf, i) < 0 ? driftedApart() : channelItems);
const driftedApart = (): never => { throw new Error('gateway-bytes.wat took a channels array gateway-bytes.ts refuses'); };

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


/** The id of the key at `ka` (its opening quote before it) by hash, 0 for a key not read, -1 for none read here; keyEnd: its closing quote. */
function keyAt(buf: Buffer, ka: number): number {
  let i = ka;
  let h = 0;
  let c = buf[i]!;
  while (c !== 34) {
    if (!(c >= 32 && c <= 127) || c === 92) return -1;
    h = (Math.imul(h, 31) + c) | 0;
    c = buf[++i]!;
  }
  keyEnd = i;
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

