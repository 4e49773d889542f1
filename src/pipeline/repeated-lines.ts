// Repeated lines, decided once (docs/performance.md "The scan"). CI job logs print the same lines
// in every job (a step's echoed command, `OPENCLAW_GATEWAY_TOKEN: ***`), each under its own time:
// in the bench tree's CI logs 274 payload texts make 164,000 marked lines; source files repeat
// theirs too (47,000 marked lines of the bench tree's services, 733 texts). A line's payload key
// (Skippable.payloadKey: the bytes that alone decide its payload, the time left out; an unframed
// line's own bytes) that once gave a quiet payload (every rule's ScanDetector.quiet) is not
// decoded again while every run of the file rests (ScanRun.resting): it would give nothing and
// change nothing.
import type { ScanContext, ScanDetector } from '../detectors/detector.js';
import { type Emit, type Envelope, type EnvelopeDecoder, latin1Key } from '../envelopes/envelope.js';
import { fileKindOf } from '../values/literal-values.js';
import type { InputCoverage } from './coverage.js';
import type { RunsAtRest } from './runs-at-rest.js';

/** Keys kept per scope; a full set is emptied (the next repeats are decided again, not missed). */
export const QUIET_KEYS_MAX = 4096;
/** Longer keys are not kept (nor looked up): comparing and keeping a long line costs about what decoding it does. */
export const QUIET_KEY_MAX_LENGTH = 512;
/** More than the framing a key leaves out (a GitHub Actions time, 29 bytes; a Docker time and attrs). */
const FRAMING_BYTES = 256;

/** Keys sharing a probe (probeOf) are kept up to this many; one more replaces the oldest. */
const KEYS_PER_PROBE = 16;

/**
 * A set of keys looked up without hashing them. A `Set<string>` hashes each new key string whole
 * before it looks: the bench tree's CI logs look up ~240,000 keys of ~80 characters, and V8's
 * string hashing was ~3% of that scan (perf). A key is found here by a number made from its length
 * and 20 of its characters, then compared whole with the few keys kept under that number. Keys
 * that share a number and are not kept (more than KEYS_PER_PROBE) are only looked up again: a
 * miss decodes the line, which is what a key not kept means.
 */
export class QuietKeySet {
  static readonly KEYS_PER_PROBE = KEYS_PER_PROBE;
  private readonly byProbe = new Map<number, string[]>();
  /** Keys kept, at most QUIET_KEYS_MAX. */
  size = 0;

  has(key: string): boolean {
    const kept = this.byProbe.get(probeOf(key));
    if (kept === undefined) return false;
    for (let i = 0; i < kept.length; i++) if (kept[i] === key) return true;
    return false;
  }

  /** Adds `key` (when absent), emptying the set first when it is full; a full probe drops its oldest key. */
  add(key: string): void {
    const probe = probeOf(key);
    let kept = this.byProbe.get(probe);
    if (kept !== undefined) for (let i = 0; i < kept.length; i++) if (kept[i] === key) return;
    if (this.size >= QUIET_KEYS_MAX) {
      this.clear();
      kept = undefined;
    }
    if (kept === undefined) this.byProbe.set(probe, [key]);
    else if (kept.length < KEYS_PER_PROBE) kept.push(key);
    else {
      kept.shift();
      kept.push(key);
      return;
    }
    this.size++;
  }

  clear(): void {
    this.byProbe.clear();
    this.size = 0;
  }

  /** The keys kept, oldest first under each probe. */
  keys(): string[] {
    return [...this.byProbe.values()].flat();
  }
}

/** A number from a key's length, 16 characters spread over it and its last 4 (a Smi: a Map of numbers hashes it cheaply). */
function probeOf(key: string): number {
  const n = key.length;
  let h = n;
  const step = n > 16 ? n >> 4 : 1;
  for (let i = 0, at = 0; i < 16 && at < n; i++, at += step) h = Math.imul(h ^ key.charCodeAt(at), 0x9e3779b1);
  for (let at = Math.max(0, n - 4); at < n; at++) h = Math.imul(h ^ key.charCodeAt(at), 0x9e3779b1);
  return (h ^ (h >>> 15)) & 0x3fffffff;
}

/** The quiet payload keys of one scan run, by scope (envelope and file kind: both decide what a key means). */
export class QuietKeys {
  private readonly scopes = new Map<string, Map<string, QuietKeySet>>();

  /** The set for one envelope and file kind. */
  scope(envelope: string, kind: string): QuietKeySet {
    let kinds = this.scopes.get(envelope);
    if (kinds === undefined) this.scopes.set(envelope, (kinds = new Map()));
    let keys = kinds.get(kind);
    if (keys === undefined) kinds.set(kind, (keys = new QuietKeySet()));
    return keys;
  }
}

/**
 * One framed file's side of it. `skip` is LineMarker.forEachMarkedLine's: it takes a line whose
 * key gave a quiet payload before, while the decoder and every run rest; a line it does not take
 * goes through `decode`, which keeps its key when the line gave one payload and it was quiet.
 */
export class RepeatedLines {
  /** The key of the line `skip` saw last and did not take, and its line number. */
  private pending: string | undefined;
  private pendingLine = 0;
  private watching = false;
  private payloads = 0;
  private quiet = true;

  constructor(
    private readonly keys: QuietKeySet,
    private readonly payloadKey: (buf: Buffer, start: number, end: number) => string | undefined,
    /** Undefined for an unframed file: its lines are their payload (`give`). */
    private readonly decoder: EnvelopeDecoder | undefined,
    private readonly rest: RunsAtRest,
    /** Each distinct ScanDetector.quiet once (the value rules share one). */
    private readonly quiets: ReadonlyArray<NonNullable<ScanDetector['quiet']>>,
    private readonly ctx: ScanContext,
    /** A line taken by `skip` is counted as examined, as if given. */
    private readonly cov: InputCoverage,
  ) {}

  private isQuiet(text: string): boolean {
    return this.quiets.every((quiet) => quiet(text, this.ctx));
  }

  readonly skip = (buf: Buffer, start: number, end: number, line: number): boolean => {
    this.pending = undefined;
    // A key is the line less its framing (under FRAMING_BYTES): a longer line is not sliced for one.
    if (end - start > QUIET_KEY_MAX_LENGTH + FRAMING_BYTES || (this.decoder !== undefined && !this.decoder.idle!()) || !this.rest.resting()) return false;
    const key = this.payloadKey(buf, start, end);
    if (key === undefined || key.length > QUIET_KEY_MAX_LENGTH) return false;
    if (this.keys.has(key)) {
      this.cov.examined++;
      return true;
    }
    this.pending = key;
    this.pendingLine = line;
    return false;
  };

  /** Gives the raw line to the decoder, watching its payloads when `skip` saw it. */
  decode(raw: string, line: number, emit: Emit): void {
    const decoder = this.decoder!;
    const key = this.pending;
    this.pending = undefined;
    if (key === undefined || this.pendingLine !== line) return decoder.push(raw, line, emit);
    this.watching = true;
    this.payloads = 0;
    this.quiet = true;
    decoder.push(raw, line, emit);
    this.watching = false;
    if (this.payloads === 1 && this.quiet && decoder.idle!()) this.keys.add(key);
  }

  /** An unframed file's line to the rules (`feed`), its key kept when `skip` saw it and it was quiet. */
  give(text: string, line: number, feed: (text: string, line: number, column: number) => void): void {
    const key = this.pending;
    this.pending = undefined;
    feed(text, line, 0);
    if (key !== undefined && this.pendingLine === line && text.length > 0 && this.isQuiet(text)) this.keys.add(key);
  }

  /** Called with each payload text the rules were given. */
  fed(text: string): void {
    if (!this.watching) return;
    this.payloads++;
    // An empty payload is not examined: a skipped copy would be counted as one.
    if (this.quiet) this.quiet = text.length > 0 && this.isQuiet(text);
  }
}


/**
 * A file's RepeatedLines, when its lines have keys (an unframed file, or an envelope with
 * Skippable.payloadKey) and every rule can call a line quiet.
 */
export function repeatedLines(
  envelope: Envelope,
  detectors: readonly ScanDetector[],
  ctx: ScanContext,
  rest: RunsAtRest,
  decoder: EnvelopeDecoder | undefined,
  quietKeys: QuietKeys,
  cov: InputCoverage,
): RepeatedLines | undefined {
  // An unframed line's key is the line itself (a line is its payload).
  const payloadKey = decoder === undefined ? latin1Key : envelope.skippable?.payloadKey;
  const quiets = quietsOf(detectors);
  if (payloadKey === undefined || quiets === null) return undefined;
  return new RepeatedLines(quietKeys.scope(envelope.id, fileKindOf(ctx.path)), payloadKey, decoder, rest, quiets, ctx, cov);
}

/** Each rule list's distinct ScanDetector.quiet, or null when a rule has none: made once, not per file (a scan makes one RepeatedLines a file). */
const quietLists = new WeakMap<readonly ScanDetector[], ReadonlyArray<NonNullable<ScanDetector['quiet']>> | null>();

function quietsOf(detectors: readonly ScanDetector[]): ReadonlyArray<NonNullable<ScanDetector['quiet']>> | null {
  let quiets = quietLists.get(detectors);
  if (quiets === undefined) {
    quiets = detectors.every((d) => d.quiet !== undefined) ? [...new Set(detectors.map((d) => d.quiet!))] : null;
    quietLists.set(detectors, quiets);
  }
  return quiets;
}
