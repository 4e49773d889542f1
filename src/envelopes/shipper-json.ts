// What log shippers write when they forward a container's lines, one JSON record a line with the
// program's line in a string field (docs/formats.md `shipper-json`):
//   Filebeat / Elastic Agent, Vector's `kubernetes_logs`: `{"message":"…","kubernetes":{…},…}`, the
//     shipper's time in `@timestamp`, `timestamp` or `time`;
//   Fluent Bit: `[<epoch s>,{"log":"…","stream":"stdout",…}]` (its JSON of a record), `<tag>: `
//     before it in out_file's default format; `json_lines` writes the record alone, its time in `date`;
//   Loki (`logcli query --output=jsonl`): `{"labels":{…},"line":"…","timestamp":"…"}`;
//   Google Cloud Logging (a sink's export, Cloud Run's stdout): a LogEntry with `logName`, the line
//     in `textPayload`, its time `timestamp`.
// A record without one of these marks (a `kubernetes` object, Loki's `labels` object with `line`,
// Vector's `source_type`, Filebeat's `ecs` object, Cloud Logging's `logName` with a `textPayload`,
// or the Fluent array) is no shipper's: a gateway
// or proxy JSON log (whose time may be `@timestamp`, whose text may be `message`) stays its own format.
import { isJsonObject, type JsonObject, parseJsonObject } from '../json-object.js';
import { epochToMillis, parseTimestamp, type TimeContext } from '../time.js';
import { ANSI_STEP } from './ansi.js';
import { escapedOffset } from './docker-json.js';
import type { Envelope } from './envelope.js';
import { mostLines, payloadLine } from './payload-line.js';
import { applySteps, traceBack } from './text-steps.js';

/** The payload's text steps, made once (not a list per line). */
const STEPS = [ANSI_STEP];

/** The keys a shipper puts the program's line in, in the order they are looked for. */
const PAYLOAD_KEYS = ['log', 'message', 'line', 'textPayload'] as const;
/** Each payload key as written before its string value (payloadColumn), made once. */
const KEY_PATTERNS = new Map(PAYLOAD_KEYS.map((k) => [k, new RegExp(`"${k}"\\s*:\\s*"`, 'g')]));
/** Keys only a shipper's record carries (framed-bytes.ts looks for them before a sample is decoded). */
export const SHIPPER_MARKERS = ['"kubernetes"', '"labels"', '"source_type"', '"ecs"', '"logName"'] as const;
const TIME_KEYS = ['@timestamp', 'timestamp', 'time'] as const;
/** Fluent Bit's `json_date_key`: epoch seconds with a fraction. */
const EPOCH_KEY = 'date';
/** `[1519234013.360921,{` after an optional out_file tag (`kube.var.log.containers.x.log: `). */
const FLUENT_HEAD = /^(?:[^\s[{"]{1,512}: )?\[(\d{9,10}(?:\.\d{1,9})?),\s?\{/;

interface Shipped {
  record: JsonObject;
  /** Offset of the record's `{` in the line. */
  start: number;
  /** The Fluent array's epoch time, ms. */
  time?: number;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The shipper's record on one line, or undefined when the line is none. */
function readShipped(raw: string): Shipped | undefined {
  const c = raw.charCodeAt(0);
  if (c === 0x7b) {
    if (!SHIPPER_MARKERS.some((k) => raw.includes(k))) return undefined;
    const record = parseJsonObject(raw);
    if (record === undefined) return undefined;
    const marked =
      isJsonObject(record['kubernetes']) ||
      (isJsonObject(record['labels']) && typeof record['line'] === 'string') ||
      typeof record['source_type'] === 'string' ||
      isJsonObject(record['ecs']) ||
      (typeof record['logName'] === 'string' && typeof record['textPayload'] === 'string');
    return marked ? { record, start: 0 } : undefined;
  }
  const head = FLUENT_HEAD.exec(raw);
  if (head === null) return undefined;
  const array = parse(raw.slice(head[0].indexOf('[')));
  if (!Array.isArray(array) || array.length !== 2 || !isJsonObject(array[1])) return undefined;
  return { record: array[1], start: head[0].length - 1, time: Math.round(Number(head[1]) * 1000) };
}

function payloadKey(record: JsonObject): (typeof PAYLOAD_KEYS)[number] | undefined {
  return PAYLOAD_KEYS.find((k) => typeof record[k] === 'string');
}

function isShipped(line: string): boolean {
  const shipped = readShipped(line);
  return shipped !== undefined && payloadKey(shipped.record) !== undefined;
}

/** The shipper's own time: the Fluent array's or `date`, else the first time key that reads. */
function shippedTime(shipped: Shipped, ctx: TimeContext): number | undefined {
  if (shipped.time !== undefined) return shipped.time;
  const epoch = shipped.record[EPOCH_KEY];
  if (typeof epoch === 'number' && epoch > 1e8 && epoch < 1e10) return epochToMillis(epoch);
  for (const key of TIME_KEYS) {
    const value = shipped.record[key];
    if (typeof value === 'string') {
      const t = parseTimestamp(value, ctx);
      if (t !== undefined) return t;
    }
  }
  return undefined;
}

/**
 * Where the payload string's first character sits in the line: the `"key":"` whose string is the
 * payload (a nested object may hold the same key first). Called only for a finding.
 */
function payloadColumn(raw: string, key: (typeof PAYLOAD_KEYS)[number], payload: string, from: number): number | undefined {
  const pattern = KEY_PATTERNS.get(key)!;
  pattern.lastIndex = from;
  for (let m = pattern.exec(raw); m !== null; m = pattern.exec(raw)) {
    const open = m.index + m[0].length - 1;
    let end = open + 1;
    while (end < raw.length && raw.charCodeAt(end) !== 0x22) end += raw.charCodeAt(end) === 0x5c ? 2 : 1;
    if (parse(raw.slice(open, end + 1)) === payload) return open + 1;
  }
  return undefined;
}

export const shipperJson = {
  id: 'shipper-json',
  description: "log shippers' JSON records (Filebeat, Vector, Fluent Bit, Loki, Google Cloud Logging): the line in `log`/`message`/`line`/`textPayload`, the shipper's time",
  detect: (sample) => mostLines(sample, isShipped),
  createDecoder(ctx) {
    return {
      notes: [],
      push(raw, line, emit) {
        if (raw === '') return;
        const shipped = readShipped(raw);
        const key = shipped === undefined ? undefined : payloadKey(shipped.record);
        if (shipped === undefined || key === undefined) {
          // Not a record (a cut line, a shipper's own message): its text is still read, never hidden.
          emit(payloadLine(raw, line, 0, undefined));
          return;
        }
        // Fluent Bit keeps the runtime's line end (`"log":"…\n"`): the line is without it.
        const value = shipped.record[key] as string;
        const payload = value.endsWith('\n') ? value.slice(0, value.endsWith('\r\n') ? -2 : -1) : value;
        const text = applySteps(payload, STEPS);
        const time = ctx.timesUnused ? undefined : shippedTime(shipped, ctx);
        const locate = (index: number): { line: number; offset: number } => {
          const column = payloadColumn(raw, key, value, shipped.start);
          const at = traceBack(payload, STEPS, index);
          return { line, offset: column === undefined ? 0 : escapedOffset(raw, column, at) };
        };
        emit(payloadLine(text, line, 0, time, locate));
      },
      end() {},
    };
  },
} satisfies Envelope;
