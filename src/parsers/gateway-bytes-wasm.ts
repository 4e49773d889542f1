// gateway-jsonl's byte reader in WebAssembly (gateway-bytes.wat), for the blocks the SIMD pass
// searched in place (prefilter/teddy-kernel.ts's arena): one call reads a batch of the lines the
// pass reported — each checked with gateway-bytes.ts's rules, its fields found through their aliases
// and its string values interned by their bytes — and JavaScript hands on, per line, the strings
// it made once per interned value, the time read from the bytes (gateway-bytes-record.ts) and the
// fields to readGatewayFields (docs/product.md §10, issue 8). A line the module refuses takes the
// JSON.parse path; blocks outside the arena, and a block's last line when no \n ends it, take
// gateway-bytes.ts's reader; without WebAssembly, every line does.
import { type Latin1Slicing } from './byte-strings.js';
import { bytesRead, channelsFrom, readGatewayBytes, viewBlock } from './gateway-bytes.js';
import { AUTH, CHANNELS, KEYS, LAST_TIME_KEY } from './gateway-bytes-record.js';
import { GATEWAY_BYTES_WASM_BASE64 } from './gateway-bytes-wasm-module.js';
import { lineSlots, readGatewayFields, SLOT_COUNT } from './gateway-fields.js';
import type { ParseContext, ParsedLine } from './parser.js';
import { type Arena, arenaHolding, lastPass, SPARE_BYTES } from '../prefilter/teddy-kernel.js';
import { parseRfc3339Utc } from '../time.js';

// gateway-bytes.wat's layout, from the arena's spare area.
export const RECORDS_AT = 532480;
const NEW_SLOTS_AT = 581632;
const READER_BYTES = 630784;
/** Lines per call: the records of a batch, 192 bytes each. */
const BATCH = 256;
export const RECORD_WORDS = 48;

interface ReaderExports {
  init(r: number): void;
  addKey(at: number, len: number, id: number): void;
  readLines(ptr: number, end: number, limit: number, list: number, from: number, count: number): number;
}

interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

interface Reader {
  exports: ReaderExports;
  arena: Arena;
  words: Int32Array;
  floats: Float64Array;
  /** The string of each intern slot, made when the module filled the slot. */
  strings: string[];
  /** Word index of the records and of the batch's new slots. */
  records: number;
  newSlots: number;
}

// The module hard-codes the alias chains by key id (gateway-bytes-record.ts's KEYS): a KEYS of
// another shape is a load failure, not the module silently switched off (the reader would fall back
// to gateway-bytes.ts and the tests would still pass, slower).
if (KEYS.length !== 30 || LAST_TIME_KEY !== 4 || AUTH !== 27 || CHANNELS !== 29 || READER_BYTES > SPARE_BYTES) {
  throw new Error('gateway-bytes.wat reads the gateway keys by fixed ids; gateway-bytes-record.ts changed KEYS (or the arena\'s spare area is too small)');
}

let reader: Reader | null | undefined;
/** The module's bytes; a test gives others (a module this engine does not validate). */
let moduleBytes: Uint8Array = Buffer.from(GATEWAY_BYTES_WASM_BASE64, 'base64');

/**
 * Tests only: the reader made again from `bytes` (undefined: the module as built), as on an engine
 * that does not validate it (no SIMD): every line then takes gateway-bytes.ts's reader.
 */
export function reloadReaderForTest(bytes?: Uint8Array): void {
  moduleBytes = bytes ?? Buffer.from(GATEWAY_BYTES_WASM_BASE64, 'base64');
  // The module's init expects its area zeroed (no slot holds a string yet).
  if (reader) new Uint8Array(reader.arena.kernel.memory.buffer, reader.arena.spare, READER_BYTES).fill(0);
  reader = undefined;
  block = undefined;
  // A new instance counts its minutes from 1 again.
  minuteSerial = 0;
}

/** Batches the module has read in this process: a test checks that it, not the fallback, read its lines. */
export const wasmReads = { batches: 0 };

/** The reader for `arena`'s memory, made once; null without WebAssembly or when the key ids differ from the module's. */
function readerFor(arena: Arena): Reader | null {
  if (reader !== undefined) return reader !== null && reader.arena === arena ? reader : null;
  reader = null;
  const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  if (wasm === undefined) return null;
  try {
    // A module this engine does not validate (no WebAssembly SIMD) throws here: no reader.
    const module = new wasm.Module(moduleBytes);
    const exports = new wasm.Instance(module, { env: { memory: arena.kernel.memory } }).exports as ReaderExports;
    const r = arena.spare;
    exports.init(r);
    const memory = Buffer.from(arena.kernel.memory.buffer);
    for (let id = 1; id < KEYS.length; id++) {
      const at = r + RECORDS_AT;
      const len = memory.write(KEYS[id]!, at, 'latin1');
      exports.addKey(at, len, id);
    }
    reader = {
      exports,
      arena,
      words: new Int32Array(arena.kernel.memory.buffer),
      floats: new Float64Array(arena.kernel.memory.buffer),
      // gateway-bytes.wat's intern slots: the count gateway-fields.ts sizes its slot answers for.
      strings: new Array<string>(SLOT_COUNT).fill(''),
      records: (r + RECORDS_AT) >> 2,
      newSlots: (r + NEW_SLOTS_AT) >> 2,
    };
  } catch {
    reader = null;
  }
  return reader;
}

// The block being read: set up on its first line (the pass runs after parseBlock).
let block: Buffer | undefined;
let passBefore = -1;
let active: Reader | null = null;
let ptr = 0;
let limit = 0;
let list = 0;
let listed = 0;
/** The batch: the index of its first line in the pass's list, and how many. */
let batchFrom = 0;
let batchCount = 0;
/** The index in the pass's list of the next line to look for. */
let cursor = 0;
const fields: unknown[] = new Array<unknown>(10).fill(undefined);

/** gateway-jsonl's parseBlock: the block's view for gateway-bytes.ts, and its batches start over. */
export function startBlock(buf: Buffer): void {
  viewBlock(buf);
  block = undefined;
  passBefore = lastPass.serial;
}

/**
 * gateway-jsonl's parseBytes: the line of `buf` at `start` from the module's record when the SIMD
 * pass reported it in the arena, else from gateway-bytes.ts's reader; undefined for a line left to
 * JSON.parse.
 */
export function readGatewayLine(buf: Buffer, start: number, ctx: ParseContext): ParsedLine | undefined {
  if (buf !== block) {
    block = buf;
    active = null;
    const arena = lastPass.buf === buf && lastPass.serial !== passBefore ? arenaHolding(buf) : undefined;
    if (arena !== undefined) active = readerFor(arena);
    if (active !== null) {
      ptr = buf.byteOffset;
      const n = buf.length;
      limit = ptr + (n > 0 && buf[n - 1] !== 10 ? buf.lastIndexOf(10) + 1 : n);
      list = lastPass.out;
      listed = lastPass.n;
      batchFrom = 0;
      batchCount = 0;
      cursor = 0;
    }
  }
  const r = active;
  if (r === null) return readGatewayBytes(buf, start, ctx);
  const words = r.words;
  // The line's record: lines come in the pass's order, some not asked for (the input's first).
  for (;;) {
    if (cursor >= batchFrom + batchCount) {
      if (cursor >= listed) return readGatewayBytes(buf, start, ctx);
      batchFrom = cursor;
      batchCount = Math.min(BATCH, listed - cursor);
      const filled = r.exports.readLines(ptr, ptr + buf.length, limit, list, batchFrom, batchCount);
      wasmReads.batches++;
      // Each slot the batch filled gets its string now: the module fills a slot once per batch.
      const strings = r.strings;
      for (let m = r.newSlots, e = r.newSlots + 3 * filled; m < e; m += 3) {
        strings[words[m]!] = (buf as unknown as Latin1Slicing).latin1Slice(words[m + 1]!, words[m + 2]!);
      }
    }
    const s = words[(list >> 2) + 2 * cursor]!;
    if (s === start) break;
    if (s > start) return readGatewayBytes(buf, start, ctx);
    cursor++;
  }
  const rec = r.records + RECORD_WORDS * (cursor - batchFrom);
  cursor++;
  const status = words[rec]!;
  if (status !== 1) return status === 0 ? undefined : readGatewayBytes(buf, start, ctx);
  const strings = r.strings;
  for (let f = 0; f < 10; f++) {
    const w = rec + 8 + 4 * f;
    const tag = words[w]!;
    // An interned string's slot too: readGatewayFields answers some fields by slot (issue 8).
    lineSlots[f] = tag === 4 ? words[w + 1]! : -1;
    fields[f] =
      tag === 4
        ? strings[words[w + 1]!]
        : tag === 0
          ? undefined
          : tag === 7
            ? r.floats[(w + 2) >> 1]
            : tag === 5
              ? (buf as unknown as Latin1Slicing).latin1Slice(words[w + 2]!, words[w + 3]!)
              : tag === 1
                ? null
                : tag === 2
                  ? true
                  : tag === 3
                    ? false
                    : tag === 6
                      ? ''
                      : channelsFrom(buf, words[w + 2]!);
  }
  bytesRead.end = words[rec + 1]!;
  // The time: a second in a minute read before is added to that minute's epoch ms.
  const a = words[rec + 2]!;
  let time: unknown;
  let parsedTime: number | undefined;
  if (a >= 0) {
    const secondMs = words[rec + 4]!;
    if (secondMs >= 0 && words[rec + 5] === minuteSerial) time = parsedTime = minuteMillis + secondMs;
    else {
      time = newMinute(buf, a, words[rec + 3]!, secondMs, words[rec + 5]!);
      parsedTime = typeof time === 'number' ? time : undefined;
    }
  }
  return readGatewayFields(
    time,
    fields[0],
    fields[1],
    fields[2],
    fields[3],
    fields[4],
    fields[5],
    fields[6],
    fields[7],
    fields[8],
    fields[9],
    ctx,
    parsedTime,
    lineSlots,
  );
}

/** The module's serial of the minute whose epoch ms (its second 0) is minuteMillis (0: none yet). */
let minuteSerial = 0;
let minuteMillis = 0;

/**
 * The time `buf[a, b)` as gateway-bytes-record.ts's timeAt reads it, when the module gave no
 * minute read before (`secondMs` -1: not parseRfc3339Utc's shape): parseRfc3339Utc reads it, and
 * its minute is kept when linear in seconds (from the year 100 on, as parseRfc3339Utc's own cache).
 */
function newMinute(buf: Buffer, a: number, b: number, secondMs: number, serial: number): unknown {
  const text = (buf as unknown as Latin1Slicing).latin1Slice(a, b);
  if (secondMs < 0) return text;
  const t = parseRfc3339Utc(text);
  if (t === undefined) return text;
  if (buf[a] !== 48 || buf[a + 1] !== 48) {
    minuteSerial = serial;
    minuteMillis = t - secondMs;
  }
  return t;
}
