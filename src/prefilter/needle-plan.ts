// The prefilter's needles, derived from the scan rules' triggers (triggers.ts) and the exposed
// token's needles: nothing here knows a rule. What it knows is how text is written around a
// trigger — colour codes and JSON escapes in framed logs, the spellings of a key that opens a
// mapping — so that a rule declares a keyword once, not each way a log may print it.
import type { GroupedNeedle } from './needles.js';
import { RUN_CLASS, SELECTED } from './teddy.js';
import type { MergedTriggers } from './triggers.js';

// What a needle means (its group bits in the pass). A token run is RUN (SELECTED, the kernel's bit
// for the filter's run), a keyword KEYWORD: both mark the line; a line marked by its run alone may
// be left out after it is decoded (ScanTriggers.runMatters).
export const RUN = SELECTED;
export const KEYWORD = 32;
export const MARK = RUN | KEYWORD;
export const ELLIPSIS = 2;
export const MAPPING_KEY = 4;
export const COMPLETE = 8;
/** A next-line key (`<key>`, also a keyword): its value may follow on the next line. */
export const NEXT_LINE = 16;
/**
 * A mapping key's bare name (`gateway`) anywhere on a line of an unframed file: not a mark. The
 * structure trackers start only at a line that holds it (pipeline/structure-lines.ts), which
 * searched every YAML/JSON block for it in a second pass (~5% of the YAML/JSON tree's scan).
 */
export const NAMED = 64;

export interface PlanOptions {
  /** Raw lines of a framed log (CI, Docker): keywords are also looked for through framing. */
  framed: boolean;
  /** Lines holding these bytes are counted (Skippable.completeLine). */
  completeLine?: string | undefined;
}

/** The characters of a token run (RUN_CLASS), one string each. */
const TOKEN_CHARS = Array.from({ length: 128 }, (_, c) => c)
  .filter((c) => RUN_CLASS[c] === 1)
  .map((c) => String.fromCharCode(c));

/**
 * The exposed token's needles are cut to this many characters: enough that no other text holds
 * one (its forms are random), and the rules compare the whole form on the lines found. Its forms
 * run to 88 characters; cut, 20 exposed tokens take a third of the kernel's needle bytes, not all.
 */
const TOKEN_NEEDLE_CHARS = 24;

/** A keyword ending in one of these is a key or parameter name followed by its separator. */
const SEPARATORS = new Set([':', '=', '"', "'"]);

/**
 * Raw framing can sit between a keyword and its separator: a colour code (logrus writes
 * `ESC[36mtoken ESC[0m=…`), Docker's JSON escape of one, or of a quote (`\"token\":`).
 */
function framedKeywords(keywords: readonly string[]): string[] {
  const stems = keywords.filter((k) => k.length > 3 && SEPARATORS.has(k[k.length - 1]!)).map((k) => k.slice(0, -1));
  return stems.flatMap((s) => [`${s}\x1b`, `${s}\\`]);
}

/** Non-ASCII characters as a JSON writer may escape them (`…` as `\u2026`); ASCII-only text gives none. */
function jsonEscaped(text: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(text)) return undefined;
  return text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A key opening a mapping, with the spacing formatters write: a YAML block key at the end of its
 * line (LF or CRLF, or a comment after it), a YAML flow or JSON5 object (`key: {`), a JSON object
 * (`"key":{`, `"key": {`), each also as a Docker record writes it, and with a colour code after
 * it (a YAML highlighter; ANSI is removed before the rules). Not `gateway: listening`, which an
 * application log may print on every line.
 */
export function mappingKeySpellings(key: string): string[] {
  return [
    `${key}:\n`,
    `${key}:\r\n`,
    `${key}: #`,
    `${key}: {`,
    `${key}:{`,
    `${key}":{`,
    `${key}": {`,
    `${key}" : {`,
    `${key}':{`,
    `${key}': {`,
    // Inside a Docker record, where the newline and quotes are JSON escapes.
    `${key}:\\n`,
    `${key}:\\r\\n`,
    `${key}\\":{`,
    `${key}\\": {`,
    `${key}\\" : {`,
    `${key}\x1b`,
    `${key}\\u001b`,
  ];
}

/** The ellipses whose lines are checked for a mask (maskLines), framed escapes included. */
export function maskEllipses(triggers: MergedTriggers, options: PlanOptions): string[] {
  const ellipses = triggers.mask?.ellipses ?? [];
  return [...ellipses, ...(options.framed ? ellipses.flatMap((e) => jsonEscaped(e) ?? []) : [])];
}

/**
 * Every needle of one LineMarker. A needle that holds another of the same group is left out: its
 * lines are found by the shorter one (`token=` by `oken=`), and the kernel's needles are few.
 */
export function planNeedles(triggers: MergedTriggers, tokenNeedles: readonly string[], options: PlanOptions): GroupedNeedle[] {
  const grouped = (needles: readonly string[], group: number): GroupedNeedle[] => needles.map((needle) => ({ needle, group }));
  const mask = triggers.mask;
  const plan = [
    ...grouped(triggers.keywords, KEYWORD),
    ...grouped(options.framed ? framedKeywords(triggers.keywords) : [], KEYWORD),
    ...grouped(triggers.exposedToken ? [...new Set(tokenNeedles.map((n) => n.slice(0, TOKEN_NEEDLE_CHARS)))] : [], KEYWORD),
    // A mask's ellipsis has a token character after it: `conn=4b1f… remote` (on every webchat line
    // of a gateway log) is not one, and its line is not reported. (The escaped form is rare, and
    // left whole.)
    ...grouped(mask === undefined ? [] : mask.ellipses.flatMap((e) => TOKEN_CHARS.map((c) => e + c)), ELLIPSIS),
    ...grouped(options.framed && mask !== undefined ? mask.ellipses.flatMap((e) => jsonEscaped(e) ?? []) : [], ELLIPSIS),
    ...grouped(triggers.mappingKeys.flatMap(mappingKeySpellings), MAPPING_KEY),
    ...grouped(options.framed ? [] : triggers.mappingKeys, NAMED),
    ...grouped(options.completeLine === undefined ? [] : [options.completeLine], COMPLETE),
    ...grouped(triggers.nextLineKeys, NEXT_LINE),
  ];
  return withoutContaining(plan);
}

function withoutContaining(plan: readonly GroupedNeedle[]): GroupedNeedle[] {
  const byGroup = new Map<number, Set<string>>();
  for (const { needle, group } of plan) {
    const set = byGroup.get(group);
    if (set === undefined) byGroup.set(group, new Set([needle]));
    else set.add(needle);
  }
  const lengths = new Map([...byGroup].map(([group, set]) => [group, [...new Set([...set].map((n) => n.length))].sort((a, b) => a - b)]));
  return plan.filter(({ needle, group }) => !holdsShorter(needle, byGroup.get(group)!, lengths.get(group)!));
}

/**
 * True when `needle` holds another needle of its group: its substrings of the group's shorter
 * lengths, looked up. Comparing every pair instead (~27,000 `includes` for 165 needles) took
 * 7-14 ms of every scan's start, in code V8 had not optimised yet; this is ~2,000 lookups.
 */
function holdsShorter(needle: string, group: ReadonlySet<string>, lengths: readonly number[]): boolean {
  for (const length of lengths) {
    if (length >= needle.length) return false;
    for (let at = 0; at + length <= needle.length; at++) if (group.has(needle.slice(at, at + length))) return true;
  }
  return false;
}
