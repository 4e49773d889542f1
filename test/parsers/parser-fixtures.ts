// Shared by the parser tests: every folder under fixtures/parsers/<id>/ is one scenario holding
// `input.log`, `expected.json` (the parse() result of each non-empty line, `null` = not this
// format) and optionally `context.json` (the TimeContext and envelope time the lines are read with).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import { PARSER_ORDER } from '../../src/parsers/index.js';
import type { ParseContext, Parser, ParserId } from '../../src/parsers/parser.js';
import { parseTimestamp, type TimeContext } from '../../src/time.js';
import { assertMatchesFile, fixture } from '../helpers.js';

interface ScenarioContext {
  zone?: string;
  year?: number;
  fileDate?: string;
  /** ISO time every line's envelope carried. */
  envelopeTime?: string;
}

function readContext(dir: string): ParseContext {
  const file = path.join(dir, 'context.json');
  const raw: ScenarioContext = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ScenarioContext) : {};
  const time: TimeContext = { zone: raw.zone ?? 'UTC' };
  if (raw.year !== undefined) time.year = raw.year;
  if (raw.fileDate !== undefined) time.fileDate = raw.fileDate;
  if (raw.envelopeTime === undefined) return { time };
  const envelopeTime = parseTimestamp(raw.envelopeTime);
  assert.ok(envelopeTime !== undefined, `bad envelopeTime in ${file}`);
  return { time, envelopeTime };
}

export function inputLines(id: ParserId, scenario: string): string[] {
  return readFileSync(fixture('parsers', id, scenario, 'input.log'), 'utf8')
    .split('\n')
    .map((line) => line.replace(/\r$/, ''))
    .filter((line) => line.trim() !== '');
}

/** One `it` per scenario folder of this parser. */
export function itParsesScenarios(parser: Parser): void {
  const root = fixture('parsers', parser.id);
  const scenarios = readdirSync(root).filter((name) => statSync(path.join(root, name)).isDirectory()).sort();
  assert.ok(scenarios.length > 0, `no scenarios under ${root}`);
  for (const scenario of scenarios) {
    it(`parses ${scenario}`, () => {
      const ctx = readContext(path.join(root, scenario));
      // One parser per input, as the pipeline makes it: W3C lines need the header before them.
      const reader = parser.forInput?.() ?? parser;
      const actual = inputLines(parser.id, scenario).map((line) => reader.parse(line, ctx) ?? null);
      assertMatchesFile(actual, path.join(root, scenario, 'expected.json'));
    });
  }
}

/**
 * Needles are a promise: a line without one is never parsed on the fast path. So every fixture
 * line that yields anything but a plain request must contain one of the parser's needles.
 */
export function itKeepsEventLinesBehindNeedles(parser: Parser): void {
  it('every non-request event line contains one of its needles', () => {
    const root = fixture('parsers', parser.id);
    for (const scenario of readdirSync(root).filter((name) => statSync(path.join(root, name)).isDirectory())) {
      const ctx = readContext(path.join(root, scenario));
      const reader = parser.forInput?.() ?? parser;
      for (const line of inputLines(parser.id, scenario)) {
        const kind = reader.parse(line, ctx)?.event?.kind;
        if (kind === undefined || kind === 'request') continue;
        assert.ok(parser.needles.some((n) => line.includes(n)), `${scenario}: ${kind} line has no needle: ${line}`);
      }
    }
  });
}

/** parse() never throws, whatever prefix of a real line it is given (truncated writes, cut files). */
export function itNeverThrows(parser: Parser): void {
  it('never throws on truncated lines', () => {
    const root = fixture('parsers', parser.id);
    const ctx: ParseContext = { time: { zone: 'UTC' } };
    for (const scenario of readdirSync(root).filter((name) => statSync(path.join(root, name)).isDirectory())) {
      for (const line of inputLines(parser.id, scenario)) {
        for (let end = 0; end <= line.length; end++) parser.parse(line.slice(0, end), ctx);
      }
    }
  });
}

/** The scenario each parser's detect() is checked with (the first lines, as the pipeline samples). */
const DETECT_SAMPLES: Record<Exclude<ParserId, 'plain'>, string> = {
  'gateway-jsonl': 'basic',
  'gateway-logfmt': 'basic',
  'openclaw-file': 'basic',
  'openclaw-console': 'basic',
  'access-log': 'combined',
};

const PROSE = [
  'Starting deployment of release 2025.02.21',
  'Fetched 42 objects in 1.2s',
  'WARNING: disk usage at 81%',
  'All checks passed.',
];

/** detect(): accepts its own sample, rejects every other format's and plain prose. */
export function itDetects(parser: Parser): void {
  const samples = Object.entries(DETECT_SAMPLES).map(([id, scenario]) => ({ id, lines: inputLines(id as ParserId, scenario).slice(0, 20) }));
  it('accepts its own sample and is the format the registry picks for it', () => {
    const own = samples.find((s) => s.id === parser.id);
    assert.ok(own !== undefined);
    assert.equal(parser.detect(own.lines), true);
    assert.equal(PARSER_ORDER.find((p) => p.detect(own.lines))?.id, parser.id);
  });
  for (const other of samples.filter((s) => s.id !== parser.id)) {
    it(`rejects the ${other.id} sample`, () => assert.equal(parser.detect(other.lines), false));
  }
  it('rejects plain prose', () => assert.equal(parser.detect(PROSE), false));
}
