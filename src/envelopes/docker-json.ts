// Docker's json-file log driver: `{"log":"…\n","stream":"stdout","attrs":{…},"time":"…"}` per line.
import { ANSI_STEP } from './ansi.js';
import { type Envelope, latin1Key } from './envelope.js';
import { PartialRecords } from './partial-records.js';
import { mostLines, payloadLine } from './payload-line.js';
import { parseTimestamp } from '../time.js';

const LOG_KEY = '"log":"';

interface DockerRecord {
  log: string;
  stream: string;
  time: string | undefined;
}

/** The record on one line, or undefined when the line is not a json-file record. */
function readRecord(raw: string): DockerRecord | undefined {
  return readDockerLine(raw) ?? parseRecord(raw);
}

const STREAM_KEY = '","stream":"';
const TIME_KEY = '"time":"';

/**
 * The exact shape Docker's encoder writes, `{"log":"…","stream":"…",["attrs":{…},]"time":"…"}`,
 * read without parsing the whole line (JSON.parse of every record was a third of a scan of container
 * logs): the `log` string ends where `","stream":"` starts (a quote inside it is escaped), the
 * usual escape — only the closing \n — is cut, and other escapes are decoded by JSON.parse of the
 * string alone. Any other shape (key order, spaces) goes to JSON.parse of the line.
 */
function readDockerLine(raw: string): DockerRecord | undefined {
  if (!raw.startsWith(LOG_KEY, 1) || raw.charCodeAt(0) !== 0x7b || !raw.endsWith('"}')) return undefined;
  const start = 1 + LOG_KEY.length;
  const end = raw.indexOf(STREAM_KEY, start);
  if (end === -1) return undefined;
  const escape = raw.indexOf('\\', start);
  let log: string;
  if (escape === -1 || escape >= end) log = raw.slice(start, end);
  else if (escape === end - 2 && raw.charCodeAt(end - 1) === 0x6e) log = `${raw.slice(start, end - 2)}\n`;
  else {
    // Other escapes (\u0026, \u001b, \"): JSON.parse of the string literal alone.
    try {
      log = JSON.parse(raw.slice(start - 1, end + 1)) as string;
    } catch {
      return undefined;
    }
  }
  const streamEnd = raw.indexOf('"', end + STREAM_KEY.length);
  const timeAt = raw.lastIndexOf(TIME_KEY);
  if (streamEnd === -1 || timeAt < streamEnd) return undefined;
  return { log, stream: raw.slice(end + STREAM_KEY.length, streamEnd), time: raw.slice(timeAt + TIME_KEY.length, -2) };
}

/** How a record opens (framed-bytes.ts tests a sample's lines for it before decoding any). */
export const LOG_KEY_BYTES = Buffer.from(`{${LOG_KEY}`, 'latin1');
const STREAM_KEY_BYTES = Buffer.from(STREAM_KEY);
const TIME_KEY_BYTES = Buffer.from(TIME_KEY);
/** The characters JSON allows after a backslash besides `u` (JSON.parse of anything else throws). */
const SIMPLE_ESCAPES = new Set([...'"\\/bfnrt'].map((c) => c.charCodeAt(0)));
const isHexDigit = (c: number | undefined): boolean => c !== undefined && ((c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66));

/**
 * Skippable.payloadKey: the record up to the end of its `stream` value, when readDockerLine reads
 * the line (the same tests, on bytes; ASCII markers keep their places through UTF-8 decoding) and
 * its `log` string is one JSON.parse takes: then `log` and `stream`, all the payload depends on,
 * are in the key, and the time and attrs after them are left out.
 */
function dockerPayloadKey(buf: Buffer, start: number, end: number): string | undefined {
  if (end - start < LOG_KEY_BYTES.length + 2 || buf[end - 1] !== 0x7d || buf[end - 2] !== 0x22) return undefined;
  // Byte by byte: Buffer#compare validates its four offsets and calls into C++ (2.9 MB of garbage
  // over the bench tree's container logs, where every marked line is asked).
  for (let i = 0; i < LOG_KEY_BYTES.length; i++) if (buf[start + i] !== LOG_KEY_BYTES[i]) return undefined;
  const from = start + LOG_KEY_BYTES.length;
  const logEnd = buf.indexOf(STREAM_KEY_BYTES, from);
  if (logEnd === -1 || logEnd + STREAM_KEY_BYTES.length > end) return undefined;
  const escape = buf.indexOf(0x5c, from);
  // Escapes other than the closing \n go to JSON.parse of the string: each must be one it takes.
  if (escape !== -1 && escape < logEnd && !(escape === logEnd - 2 && buf[logEnd - 1] === 0x6e)) {
    for (let i = from; i < logEnd; i++) {
      const c = buf[i]!;
      if (c < 0x20 || c === 0x22) return undefined;
      if (c !== 0x5c) continue;
      const next = buf[++i]!;
      if (next === 0x75) {
        if (!(isHexDigit(buf[i + 1]) && isHexDigit(buf[i + 2]) && isHexDigit(buf[i + 3]) && isHexDigit(buf[i + 4])) || i + 4 >= logEnd) return undefined;
        i += 4;
      } else if (!SIMPLE_ESCAPES.has(next) || i >= logEnd) return undefined;
    }
  }
  const streamEnd = buf.indexOf(0x22, logEnd + STREAM_KEY_BYTES.length);
  if (streamEnd === -1 || streamEnd >= end) return undefined;
  const timeAt = buf.lastIndexOf(TIME_KEY_BYTES, end - TIME_KEY_BYTES.length);
  if (timeAt < streamEnd) return undefined;
  return latin1Key(buf, start, streamEnd + 1);
}

function parseRecord(raw: string): DockerRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { log, stream, time } = value as Record<string, unknown>;
  if (typeof log !== 'string') return undefined;
  return {
    log,
    stream: typeof stream === 'string' ? stream : 'stdout',
    time: typeof time === 'string' ? time : undefined,
  };
}

/** Offset of the `log` value's first character: Docker writes `{"log":"`, a hand-made file may add spaces. */
function logValueStart(raw: string): number {
  const key = raw.indexOf(LOG_KEY);
  if (key !== -1) return key + LOG_KEY.length;
  const spaced = /"log"\s*:\s*"/.exec(raw);
  return spaced === null ? 0 : spaced.index + spaced[0].length;
}

/**
 * Offset in `raw` of the `index`th decoded character of the JSON string that starts at `start`.
 * The encoder writes `&` as `\u0026` and ESC as `\u001b` (6 raw characters for one), quotes and
 * backslashes as `\"` and `\\` (2 for one); anything else is itself. Only walked for a finding.
 */
export function escapedOffset(raw: string, start: number, index: number): number {
  let at = start;
  for (let k = 0; k < index; k++) {
    if (raw.charCodeAt(at) !== 0x5c) at++;
    else at += raw.charCodeAt(at + 1) === 0x75 ? 6 : 2;
  }
  return at;
}

export const dockerJson = {
  id: 'docker-json',
  description: 'Docker json-file driver: one JSON record per line, 16 KiB partial records re-joined',
  // Keys are always written in the order log, stream, [attrs,] time, so `time` closes the record.
  detect: (sample) =>
    mostLines(sample, (l) => l.startsWith('{' + LOG_KEY) && l.endsWith('"}') && l.lastIndexOf('"time":"') > 0),
  // Only the last part of a line split at 16 KiB ends in \n, and a quote inside `log` is escaped.
  skippable: { completeLine: '\\n","stream":"', payloadKey: dockerPayloadKey },
  createDecoder(ctx) {
    // The encoder escapes ESC as \u001b; JSON.parse turns it back, so colour codes are stripped
    // after the join (a sequence can straddle a 16 KiB split).
    const partials = new PartialRecords([ANSI_STEP]);
    return {
      notes: [],
      push(raw, line, emit) {
        if (raw === '') return;
        const record = readRecord(raw);
        if (record === undefined) {
          // Not a record (corrupt or hand-edited file): its text is still scanned, never hidden.
          emit(payloadLine(raw, line, 0, undefined));
          return;
        }
        const column = logValueStart(raw);
        const time = record.time === undefined || ctx.timesUnused ? undefined : parseTimestamp(record.time, ctx);
        // Only the last part of a line split at 16 KiB ends in \n; all parts share one `time`.
        // A CRLF program's \r goes too, as the line reader drops it for unframed files.
        let text = record.log;
        const last = text.endsWith('\n');
        if (last) text = text.slice(0, text.endsWith('\r\n') ? -2 : -1);
        partials.add(record.stream, { text, line, column, offsetOf: (index) => escapedOffset(raw, column, index), time }, last, emit);
      },
      end(emit) {
        partials.flush(emit);
      },
      idle: () => partials.idle,
    };
  },
} satisfies Envelope;
