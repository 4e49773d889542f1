// Chooses an envelope and a payload parser for one file from its first non-empty lines.
import { UsageError } from '../errors.js';
import type { Envelope } from '../envelopes/envelope.js';
import { ENVELOPE_ORDER, envelopeById } from '../envelopes/index.js';
import type { Parser } from '../parsers/parser.js';
import { PARSER_ORDER, parserById } from '../parsers/index.js';
import type { TimeContext } from '../time.js';

export const SAMPLE_LINES = 20;

export interface Format {
  envelope: Envelope;
  parser: Parser;
}

/** `--input-format` takes an envelope id, a parser id, or `envelope/parser`. */
export interface ForcedFormat {
  envelope?: Envelope;
  parser?: Parser;
}

export function parseForcedFormat(value: string | undefined): ForcedFormat {
  if (value === undefined) return {};
  const forced: ForcedFormat = {};
  for (const part of value.split('/')) {
    const envelope = envelopeById(part);
    const parser = parserById(part);
    if (envelope) forced.envelope = envelope;
    else if (parser) forced.parser = parser;
    else {
      const ids = [...ENVELOPE_ORDER.map((e) => e.id), ...PARSER_ORDER.map((p) => p.id)].join(', ');
      throw new UsageError(`--input-format does not know "${part}" (one of: ${ids}, or envelope/parser)`);
    }
  }
  return forced;
}

export function detectFormat(sample: readonly string[], forced: ForcedFormat, time: TimeContext): Format {
  const lines = sample.filter((l) => l.trim() !== '');
  const envelope = forced.envelope ?? ENVELOPE_ORDER.find((e) => e.detect(lines))!;
  if (forced.parser) return { envelope, parser: forced.parser };
  const payloads: string[] = [];
  const decoder = envelope.createDecoder(time);
  lines.forEach((line, i) => decoder.push(line, i + 1, (p) => payloads.push(p.text)));
  decoder.end((p) => payloads.push(p.text));
  const payloadSample = payloads.filter((l) => l.trim() !== '');
  const parser = PARSER_ORDER.find((p) => p.detect(payloadSample))!;
  return { envelope, parser };
}
