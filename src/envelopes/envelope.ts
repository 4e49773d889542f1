// The contract every envelope implements. An envelope removes the framing a CI system or a
// container runtime wraps around each line and re-joins lines the runtime split.
import type { TimeContext } from '../time.js';

export type EnvelopeId = 'docker-json' | 'journald-json' | 'shipper-json' | 'cri' | 'timestamped' | 'paas' | 'compose' | 'github-actions' | 'gitlab' | 'jenkins' | 'none';

/** A place in the file: 1-based line, 0-based offset in UTF-16 code units of the decoded line. */
export interface FilePosition {
  line: number;
  offset: number;
}

/** Where `text[index]` of a payload sits in the file. */
export type Locate = (index: number) => FilePosition;

/** One line of payload as the program wrote it. */
export interface PayloadLine {
  /** Payload text, framing removed (and for CI envelopes ANSI codes removed). */
  text: string;
  /** 1-based line number in the file where this payload starts (its first record). */
  line: number;
  /** 0-based offset in that raw line where the framing ends; `text[i]` is at `column + i` unless `locate` is set. */
  column: number;
  /**
   * Set when `text` is not a verbatim slice of line `line` from `column` (escapes decoded, ANSI or
   * notes removed, records joined). Called only for a finding: it re-walks the raw line(s).
   */
  locate?: Locate;
  /** The envelope's own timestamp, epoch ms. */
  time?: number;
}

export type Emit = (payload: PayloadLine) => void;

/** Per-file, stateful: partial records wait here until their last part arrives. */
export interface EnvelopeDecoder {
  /** `raw` is one file line, UTF-8 decoded, without its \n and without a trailing \r. */
  push(raw: string, line: number, emit: Emit): void;
  /** End of input: flush anything still waiting (an unfinished partial record is emitted as is). */
  end(emit: Emit): void;
  /** Framing-level notes, e.g. GitLab's "Job's log exceeded limit" (the log is incomplete). */
  readonly notes: Array<{ line: number; message: string; incomplete: boolean }>;
  /** No line waits for a later one (a partial record): lines may be left out from here (Envelope.skippable). */
  idle?(): boolean;
}

/**
 * `buf[start, end)` as a latin1 string (a Skippable.payloadKey, an ASCII look-behind): Node's
 * Buffer method behind toString('latin1', …), without its per-call dispatch (made per marked line).
 */
export function latin1Key(buf: Buffer, start: number, end: number): string {
  return (buf as unknown as { latin1Slice(start: number, end: number): string }).latin1Slice(start, end);
}

/**
 * Set by envelopes whose lines the scan's raw-line prefilter may leave out (pipeline/file-scan.ts):
 * while the decoder is idle, a line's payload depends on no other line, and framing adds nothing
 * a rule could find that the raw line does not show (colour codes and JSON escapes aside, which
 * the prefilter reads through).
 */
export interface Skippable {
  /**
   * Bytes that every line standing on its own holds once (Docker: `\n","stream":"`, a record whose
   * log ends its line). A block where fewer lines hold them may start a join: it is decoded whole.
   */
  completeLine?: string;
  /**
   * The bytes of the raw line `buf[start, end)` (without its \n) that alone decide the payload
   * lines the decoder emits for it while idle, as a latin1 string (the time a CI runner prefixes
   * left out), or undefined when the line's payload may depend on all of it. Two lines with the
   * same key give the same payload texts: the scan decides a repeated line once (file-scan.ts).
   */
  payloadKey?(buf: Buffer, start: number, end: number): string | undefined;
}

export interface Envelope {
  id: EnvelopeId;
  description: string;
  /** True when the first non-empty lines of a file (BOM removed) are framed this way. */
  detect(sample: readonly string[]): boolean;
  createDecoder(time: TimeContext): EnvelopeDecoder;
  skippable?: Skippable;
}
