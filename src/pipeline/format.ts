// Chooses an envelope and a payload parser for one file from its first non-empty lines.
import { UsageError } from '../errors.js';
import { shownValue } from '../shown-value.js';
import type { Envelope } from '../envelopes/envelope.js';
import { ENVELOPE_ORDER, envelopeById } from '../envelopes/index.js';
import type { Parser } from '../parsers/parser.js';
import { PARSER_ORDER, PARSERS, parserById } from '../parsers/index.js';
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
      throw new UsageError(`--input-format does not know ${shownValue(part)} (one of: ${ids}, or envelope/parser)`);
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
  const parser = PARSER_ORDER.find((p) => p.id !== 'plain' && p.detect(payloadSample)) ?? bestPartialParser(payloadSample);
  return { envelope, parser };
}

/**
 * No parser claims most of the sample, e.g. a gateway log with many damaged lines. Falling back to
 * `plain` would hide its events and report the file as quiet, so the parser that recognises the
 * most sample lines (at least a quarter of them) wins, and the damaged lines count as unparsed.
 */
function bestPartialParser(sample: readonly string[]): Parser {
  let best: Parser = PARSERS.plain;
  let bestHits = 0;
  for (const parser of PARSER_ORDER) {
    if (parser.id === 'plain') continue;
    // Scored by the parser's own format test per line: parse() alone accepts any timestamped line
    // for some formats, which would claim an unrelated application log.
    const hits = sample.filter((line) => parser.detect([line])).length;
    if (hits > bestHits) {
      best = parser;
      bestHits = hits;
    }
  }
  return bestHits > 0 && bestHits * 4 >= sample.length ? best : PARSERS.plain;
}
