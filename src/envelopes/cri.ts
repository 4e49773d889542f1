// Kubernetes CRI container logs: `<RFC 3339 nano> <stdout|stderr> <P|F>[:tags] <payload>`.
import { ANSI_STEP } from './ansi.js';
import type { Envelope } from './envelope.js';
import { PartialRecords } from './partial-records.js';
import { mostLines, payloadLine } from './payload-line.js';
import { rfc3339End } from './rfc3339.js';
import { parseTimestamp } from '../time.js';

interface CriRecord {
  timeEnd: number;
  stream: string;
  partial: boolean;
  /** Offset of the payload in the raw line. */
  payload: number;
}

/** The framing of one CRI line, or undefined when the line is not in that shape. */
function readRecord(raw: string): CriRecord | undefined {
  const timeEnd = rfc3339End(raw, 0);
  if (timeEnd === -1 || raw.charCodeAt(timeEnd) !== 0x20) return undefined;
  const s = timeEnd + 1;
  if (!raw.startsWith('stdout ', s) && !raw.startsWith('stderr ', s)) return undefined;
  const tag = raw.charCodeAt(s + 7);
  if (tag !== 0x50 && tag !== 0x46) return undefined;
  // `P`/`F` may carry `:tags`; the payload follows the next space (absent for an empty line).
  let after = s + 8;
  if (raw.charCodeAt(after) === 0x3a) {
    const space = raw.indexOf(' ', after);
    after = space === -1 ? raw.length : space;
  } else if (after < raw.length && raw.charCodeAt(after) !== 0x20) {
    return undefined;
  }
  return {
    timeEnd,
    stream: raw.slice(s, s + 6),
    partial: tag === 0x50,
    payload: Math.min(after + 1, raw.length),
  };
}

export const cri = {
  id: 'cri',
  description: 'Kubernetes CRI log files (containerd, CRI-O): time, stream, P/F tag; partial records re-joined',
  detect: (sample) => mostLines(sample, (l) => readRecord(l) !== undefined),
  createDecoder(ctx) {
    const partials = new PartialRecords([ANSI_STEP]);
    return {
      notes: [],
      push(raw, line, emit) {
        if (raw === '') return;
        const record = readRecord(raw);
        if (record === undefined) {
          emit(payloadLine(raw, line, 0, undefined));
          return;
        }
        const time = ctx.timesUnused ? undefined : parseTimestamp(raw.slice(0, record.timeEnd), ctx);
        // `P`: the next record of the same stream continues this one, until an `F`.
        partials.add(record.stream, { text: raw.slice(record.payload), line, column: record.payload, time }, !record.partial, emit);
      },
      end(emit) {
        partials.flush(emit);
      },
    };
  },
} satisfies Envelope;
