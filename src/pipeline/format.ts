// Chooses an envelope and a payload parser for one file from its first non-empty lines.
import { UsageError } from '../errors.js';
import { shownValue } from '../shown-value.js';
import type { Envelope } from '../envelopes/envelope.js';
import { ENVELOPE_ORDER, envelopeById } from '../envelopes/index.js';
import type { ParseContext, ParsedLine, Parser } from '../parsers/parser.js';
import { PARSER_ORDER, PARSERS, parserById } from '../parsers/index.js';
import { splitSyslogPrefix } from '../parsers/syslog-prefix.js';
import type { TimeContext } from '../time.js';

export const SAMPLE_LINES = 20;
/**
 * The audit reads further for its parser: container logs start with a banner of startup lines
 * (`/docker-entrypoint.sh: …`, `[notice] … nginx/1.25`) before the first request line, so a
 * payload sample is the first SAMPLE_LINES lines some parser claims, among this many.
 */
export const PAYLOAD_SAMPLE_LINES = 400;

export interface Format {
  envelope: Envelope;
  parser: Parser;
  /**
   * The input may interleave programs that log in different formats: `docker compose logs` (the
   * gateway and its proxy) or a journal (`journalctl -u caddy -u openclaw`, as text with a syslog
   * prefix on each line or as `-o json`), however few of the sample's lines are the other program's.
   */
  mixed: boolean;
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
  const envelope = forced.envelope ?? ENVELOPE_ORDER.find((e) => e.detect(lines.slice(0, SAMPLE_LINES)))!;
  // A forced parser needs no payloads (a scan forces `plain`): the lines as they come are the
  // payloads of a journal without an envelope.
  if (forced.parser) return { envelope, parser: forced.parser, mixed: mixes(envelope, lines) };
  const payloads: string[] = [];
  const decoder = envelope.createDecoder(time);
  lines.forEach((line, i) => decoder.push(line, i + 1, (p) => payloads.push(p.text)));
  decoder.end((p) => payloads.push(p.text));
  const mixed = mixes(envelope, payloads);
  const payloadSample = claimedLines(payloads.filter((l) => l.trim() !== ''));
  const parser = PARSER_ORDER.find((p) => p.id !== 'plain' && p.detect(payloadSample)) ?? bestPartialParser(payloadSample);
  return { envelope, parser, mixed };
}

/** Envelopes that carry several programs' lines: compose's services, a journal's units. */
const MIXED_ENVELOPES = new Set(['compose', 'journald-json']);

/** The envelope carries several programs, or a payload has a journald/syslog prefix. */
function mixes(envelope: Envelope, payloads: readonly string[]): boolean {
  return MIXED_ENVELOPES.has(envelope.id) || payloads.some((p) => splitSyslogPrefix(p, true) !== undefined);
}

/**
 * The first SAMPLE_LINES payload lines that some parser claims, skipping a banner no parser
 * claims. When few lines are claimed (a prose file with one bracketed line), the sample is the
 * first lines as they come, so a stray line does not decide the format of a whole file.
 */
function claimedLines(payloads: readonly string[]): readonly string[] {
  const head = payloads.slice(0, SAMPLE_LINES);
  if (PARSER_ORDER.some((p) => p.id !== 'plain' && p.detect(head))) return head;
  const claimed: string[] = [];
  for (const line of payloads) {
    if (PARSER_ORDER.some((p) => p.id !== 'plain' && p.detect([line]))) claimed.push(line);
    if (claimed.length === SAMPLE_LINES) break;
  }
  const enough = claimed.length >= 2 || claimed.length * 4 >= payloads.length;
  return enough && claimed.length > 0 ? claimed : head;
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

/** `text` read by the first other parser that claims it alone, or undefined. Only for lines the file's parser could not read. */
export function parseAsOther(parser: Parser, text: string, ctx: ParseContext): ParsedLine | undefined {
  for (const other of PARSER_ORDER) {
    if (other.id === parser.id || other.id === 'plain' || !other.detect([text])) continue;
    return other.parse(text, ctx);
  }
  return undefined;
}
