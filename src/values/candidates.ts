// The candidate extractor the three value rules share, and the one place that decides which rule
// owns a value, so one secret yields exactly one finding (docs/product.md §5):
//   1. a §1 form of a known token (TokenMatcher.findInText)      → exposed-token
//   2. a literal or token-shaped value that hashes to a known token → exposed-token
//      (the only way to see it with --fingerprint, where no raw form can be searched)
//   3. a literal value in a credential context                     → gateway-token-literal
//   4. a token-shaped string not covered by 1–3                    → token-shaped-string
// OpenClaw masks are masked-token's alone (a mask is not the secret): exposed-token ignores the
// `mask` form and literals exclude masks.
import type { ScanContext, ScanLine } from '../detectors/detector.js';
import { hasAllowComment } from '../detectors/exclusions.js';
import type { TextMatch, TokenMatcher } from '../token.js';
import type { ScanTriggers } from '../prefilter/triggers.js';
import { MAPPING_KEYS } from './config-trackers.js';
import { CONTEXT_NEEDLES, findContextLiterals, NEXT_LINE_NEEDLES } from './credential-contexts.js';
import { anyOf, hasGatewayKey, LiteralScanner } from './literal-contexts.js';
import { fileKindOf } from './literal-values.js';
import { digestFileKind, type DigestFileKind, HASH_CALL_REACH, withoutDigests } from './digest-files.js';
import { SentElsewhere } from './sent-elsewhere.js';
import { isGatewayTokenFile, tokenFileLiterals } from './token-files.js';
import { findTokenShapes, HASH_CALL_NEEDLES, HASH_CALL_RE, mayHoldTokenShape, MIN_SHAPE_LENGTH } from './token-shapes.js';
import type { Candidate, ContextFound, ExposedHit, FileKind, LineAnalysis } from './types.js';

export type { Candidate, ExposedHit, LineAnalysis } from './types.js';

/*
 * What a line must hold to give a finding without cross-line structure: a needle of a credential
 * context (credential-contexts.ts, the table each context declares its keywords in), an ellipsis
 * (a mask), PEM armour (`-----`), or a call that makes a digest (`.digest(`, `hexdigest(`: the
 * hex printed below it is an example digest, token-shapes.ts). A bare `token`
 * (a variable, a word in prose) is not enough: in source trees it is on every tenth line, and none
 * of them can give a literal. As plain strings they are also the scan's block-level prefilter
 * (prefilter/line-marker.ts): a line with none of these, no token-shaped run and no needle of the
 * exposed token cannot give a finding in a file without cross-line structure.
 */
export const LINE_GATE_NEEDLES: readonly string[] = [...CONTEXT_NEEDLES, '…', '...', '-----', ...HASH_CALL_NEEDLES];

/**
 * What the three value rules (exposed-token, gateway-token-literal, token-shaped-string) must be
 * given, as prefilter triggers (prefilter/triggers.ts): they share one analysis of each line, and
 * which rule owns a value depends on all of it. A context's needle; PEM armour and a digest call,
 * which change how the lines after them are read; a run as long as the shortest token shape (also
 * how a literal under a name no needle covers is reached: `gatewayToken = "…"`); the mappings the
 * trackers follow; the line after a plist `<key>`.
 */
export const VALUE_TRIGGERS: ScanTriggers = {
  keywords: [...CONTEXT_NEEDLES, '-----', ...HASH_CALL_NEEDLES],
  minRun: MIN_SHAPE_LENGTH,
  // Without a keyword (no context, PEM armour or digest call) and outside the trackers' mappings, a
  // run gives a finding only as a token shape; an `integrity` line's base64 never is one.
  runMatters: mayHoldTokenShape,
  mappingKeys: MAPPING_KEYS,
  nextLineKeys: NEXT_LINE_NEEDLES,
};

/** LINE_GATE_NEEDLES as one regex over a line: the cheapest test found (~100 ns for a log line). */
export const LINE_GATE_RE = anyOf(LINE_GATE_NEEDLES);

/** PEM armour on a line: bit 1 `-----BEGIN `, bit 2 `-----END `. */
const PEM_BEGIN = 1;
const PEM_END = 2;

/**
 * What a line holds that does not depend on the lines before it. All scan rules of a file see
 * the same line one after another, so the last result is kept (one slot, no per-line object)
 * and the work is done once per line instead of once per rule.
 */
interface LineFacts {
  text: string | undefined;
  kind: FileKind | undefined;
  tokens: TokenMatcher | undefined;
  gated: boolean;
  single: ContextFound | undefined;
  pem: number;
  shapes: Candidate[] | undefined;
  /** §1 forms of known tokens, masks left out. */
  exposed: TextMatch[] | undefined;
}
const facts: LineFacts = { text: undefined, kind: undefined, tokens: undefined, gated: false, single: undefined, pem: 0, shapes: undefined, exposed: undefined };

/*
 * Lines that hold nothing (no literal, shape, exposed form or PEM armour), with their `gated`:
 * logs repeat lines — a CI step's echoed command, a health check — and a repeat is known by a map
 * lookup instead of a new analysis (in the bench's CI logs, 250 distinct texts make 6,700 marked
 * lines). Facts depend on the text, the file kind and the tokens only; the map is emptied when
 * either of the last two changes, and when full. Long lines are not kept.
 */
const quiet = new Map<string, boolean>();
let quietKind: FileKind | undefined;
let quietTokens: TokenMatcher | undefined;
const QUIET_MAX_LINES = 4096;
const QUIET_MAX_LENGTH = 512;

export function lineFacts(text: string, kind: FileKind, tokens: TokenMatcher): Readonly<LineFacts> {
  if (facts.text === text && facts.kind === kind && facts.tokens === tokens) return facts;
  facts.text = text;
  facts.kind = kind;
  facts.tokens = tokens;
  if (quietKind !== kind || quietTokens !== tokens) {
    quiet.clear();
    quietKind = kind;
    quietTokens = tokens;
  }
  // Hashing a line costs about what analysing it does: long lines (a minified bundle's are MBs) are
  // never kept, so never looked up; nor YAML and JSON lines, which rarely repeat (a lockfile's
  // 145,000 `"integrity"` lines are all distinct), docs/performance.md.
  const cached = text.length <= QUIET_MAX_LENGTH && kind !== 'yaml' && kind !== 'json';
  const gated = cached ? quiet.get(text) : undefined;
  if (gated !== undefined) {
    facts.gated = gated;
    facts.single = undefined;
    facts.pem = 0;
    facts.shapes = undefined;
    facts.exposed = undefined;
    return facts;
  }
  facts.gated = LINE_GATE_RE.test(text);
  facts.single = facts.gated ? findContextLiterals(text, kind) : undefined;
  facts.pem = facts.gated ? (text.includes('-----BEGIN ') ? PEM_BEGIN : 0) | (text.includes('-----END ') ? PEM_END : 0) : 0;
  facts.shapes = findTokenShapes(text);
  facts.exposed = findExposedForms(text, tokens);
  if (cached && facts.single === undefined && facts.pem === 0 && facts.shapes === undefined && facts.exposed === undefined) {
    if (quiet.size >= QUIET_MAX_LINES) quiet.clear();
    quiet.set(text, facts.gated);
  }
  return facts;
}

/**
 * The value rules' ScanDetector.quiet: a line that holds nothing (no literal, shape, exposed form
 * or PEM armour), calls no digest and names no gateway key gives nothing on a file at rest
 * (LineAnalyzer.resting) and changes none of its state. In YAML and JSON a tracker at rest starts
 * at any line holding `gateway` (config-trackers.ts), key or not: such a line is never quiet there.
 */
export function quietLine(text: string, kind: FileKind, tokens: TokenMatcher): boolean {
  const f = lineFacts(text, kind, tokens);
  if (f.single !== undefined || f.pem !== 0 || f.shapes !== undefined || f.exposed !== undefined) return false;
  if (f.gated && HASH_CALL_RE.test(text)) return false;
  return kind === 'yaml' || kind === 'json' ? !text.includes('gateway') : !hasGatewayKey(text);
}

/** quietLine as the value rules' ScanDetector.quiet. */
export const valueRuleQuiet = (text: string, ctx: ScanContext): boolean => quietLine(text, fileKindOf(ctx.path), ctx.tokens);

// TokenMatcher.needles(): every §1 form contains one of them (its doc), so a line without any
// needle needs no findInText, which searches each form separately.
const needleGates = new WeakMap<TokenMatcher, RegExp | null>();

function findExposedForms(text: string, tokens: TokenMatcher): TextMatch[] | undefined {
  if (tokens.isEmpty) return undefined;
  let gate = needleGates.get(tokens);
  if (gate === undefined) {
    const needles = tokens.needles();
    gate = needles.length === 0 ? null : anyOf(needles);
    needleGates.set(tokens, gate);
  }
  if (gate === null || !gate.test(text)) return undefined;
  const found = tokens.findInText(text).filter((m) => m.form !== 'mask');
  return found.length === 0 ? undefined : found;
}

const analyzers = new WeakMap<ScanContext, LineAnalyzer>();

/**
 * The analyzer of a file, shared by the rules created with the same context: file-scan.ts creates
 * every rule of a file with one context object and gives them the same ScanLine objects, so each
 * line is analysed once instead of once per rule (a rule created on its own gets its own).
 */
export function analyzerFor(ctx: ScanContext): LineAnalyzer {
  let analyzer = analyzers.get(ctx);
  if (analyzer === undefined) analyzers.set(ctx, (analyzer = new LineAnalyzer(ctx)));
  return analyzer;
}

/** Per file: the literal scanner's state plus the shared line facts. */
export class LineAnalyzer {
  private readonly kind: FileKind;
  private readonly scanner: LiteralScanner;
  private readonly tokens: TokenMatcher;
  /** The file is named for the gateway token (token-files.ts): a shape alone on a line is it. */
  private readonly tokenFile: boolean;
  /** The file is named for the digests or nonces it holds (digestFileKind): its token shapes are those. */
  private readonly digestFile: DigestFileKind | undefined;
  /**
   * Inside a PEM block (certificate, key): its 64-character base64 lines are often free of `+`
   * and `/` (one in eight), and would look like base64url tokens.
   */
  private inPem = false;
  /** The last line analysed and its result: the rules of a file ask one after another. */
  private lastLine: ScanLine | undefined;
  private lastResult: LineAnalysis | undefined;
  /** The line number of the last line that computed a digest (`.digest(`, `hexdigest(`). */
  private lastHashCall = -HASH_CALL_REACH;
  /** Request credentials this file sent to another service's public host (ContextFound.sentElsewhere). */
  private readonly sentElsewhere = new SentElsewhere();

  constructor(ctx: ScanContext) {
    this.kind = fileKindOf(ctx.path);
    this.scanner = new LiteralScanner(this.kind);
    this.tokens = ctx.tokens;
    this.tokenFile = isGatewayTokenFile(ctx.path);
    this.digestFile = digestFileKind(ctx.path);
  }

  /** Following YAML or JSON structure across lines (LiteralScanner.following). */
  get followingStructure(): boolean {
    return this.scanner.following;
  }

  /**
   * A quiet line (quietLine) would give nothing and change no state: no structure followed, no
   * plist value expected. The PEM and digest-call state only takes findings away, and a quiet
   * line has none to take.
   */
  get resting(): boolean {
    return this.scanner.resting;
  }

  /**
   * Advances the per-file state and returns what each rule owns on this line (undefined: nothing).
   * The same ScanLine object again returns the same result (the state advances once).
   */
  analyze(line: ScanLine): LineAnalysis | undefined {
    if (line === this.lastLine) return this.lastResult;
    this.lastLine = line;
    this.lastResult = this.analyzeLine(line);
    return this.lastResult;
  }

  private analyzeLine(line: ScanLine): LineAnalysis | undefined {
    const text = line.text;
    const f = lineFacts(text, this.kind, this.tokens);
    this.sentElsewhere.remember(f.single?.sentElsewhere);
    let literals = this.sentElsewhere.filter(this.scanner.scan(text, f.single, line.sparse === true, f.gated));
    if (f.gated && HASH_CALL_RE.test(text)) this.lastHashCall = line.line;
    let shapes = this.inPem || f.pem !== 0 ? undefined : f.shapes;
    // Documentation prints what the digest call above gives (`// Prints: 6a2d…`): a digest-long hex
    // string a few lines below one is its example output.
    if (shapes !== undefined && this.digestFile === 'nonces') shapes = undefined;
    else if (shapes !== undefined && (this.digestFile === 'digests' || line.line - this.lastHashCall <= HASH_CALL_REACH)) shapes = withoutDigests(shapes);
    if (f.pem !== 0) this.inPem = f.pem === PEM_BEGIN;
    if (this.tokenFile && shapes !== undefined) {
      const split = tokenFileLiterals(text, shapes);
      shapes = split.shapes;
      if (split.literals !== undefined) literals = literals === undefined ? split.literals : [...literals, ...split.literals];
    }
    if (literals === undefined && shapes === undefined && f.exposed === undefined) return undefined;
    if (hasAllowComment(text)) return undefined;
    const out: LineAnalysis = { exposed: [], literals: [], shapes: [] };
    for (const m of f.exposed ?? []) {
      out.exposed.push({ index: m.index, written: text.slice(m.index, m.index + m.length), token: m.token, context: `in ${m.form} form` });
    }
    const taken: Candidate[] = [];
    for (const c of literals ?? []) {
      if (overlapsMatch(c, f.exposed) || overlapsCandidate(c, taken)) continue;
      taken.push(c);
      this.assign(c, out, out.literals, `in ${c.context}`);
    }
    for (const c of shapes ?? []) {
      if (overlapsMatch(c, f.exposed) || overlapsCandidate(c, taken)) continue;
      this.assign(c, out, out.shapes, `as a ${c.context}`);
    }
    if (out.exposed.length > 1) out.exposed.sort((a, b) => a.index - b.index);
    return out;
  }

  private assign(c: Candidate, out: LineAnalysis, own: Candidate[], asExposed: string): void {
    const known = this.tokens.isEmpty ? undefined : this.tokens.matchCredential(c.value);
    if (known !== undefined && !known.viaMask) out.exposed.push({ index: c.index, written: c.written, token: known.token, context: asExposed });
    else own.push(c);
  }
}

const end = (c: Candidate): number => c.index + c.written.length;

function overlapsMatch(c: Candidate, matches: readonly TextMatch[] | undefined): boolean {
  return matches !== undefined && matches.some((m) => c.index < m.index + m.length && m.index < end(c));
}

function overlapsCandidate(c: Candidate, others: readonly Candidate[]): boolean {
  return others.some((o) => c.index < end(o) && o.index < end(c));
}
