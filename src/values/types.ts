// The value engine's types, in one file so that its modules import each other's values one
// way only: candidates → credential-contexts, literal-contexts → config-trackers → literal-values,
// candidates → digest-files → token-shapes → public-urls ← context-finders, and candidates →
// sent-elsewhere; none imports back.
import type { TokenRef } from '../token.js';

/** How a file's lines are read: YAML and JSON carry structure; in code an unquoted value is an expression. */
export type FileKind = 'yaml' | 'json' | 'code' | 'text';

export interface Candidate {
  /** Offset of the value in the line text. */
  index: number;
  /** The value as written on the line (its length is what `clawprint mask` replaces). */
  written: string;
  /** The value decoded from its context's escaping: what is hashed and judged. Never reported. */
  value: string;
  /** Where it was found, for the message: `OPENCLAW_GATEWAY_TOKEN assignment`, `64-digit hex string`. */
  context: string;
  /**
   * A request's credential (`Bearer`, `?token=`) on a line that names no host (in a session log, the
   * written line around it): the same value the
   * file sent to another service's public host before is that service's (sent-elsewhere.ts). Never
   * on `x-openclaw-token` (the gateway's own header) nor on a line to the gateway's kind of host.
   */
  namesNoHost?: true;
}

export interface ExposedHit {
  index: number;
  written: string;
  token: TokenRef;
  /** How it appears: `in base64 form`, `in OPENCLAW_GATEWAY_TOKEN assignment`, `as a 64-digit hex string`. */
  context: string;
}

export interface LineAnalysis {
  exposed: ExposedHit[];
  literals: Candidate[];
  shapes: Candidate[];
}

export interface ValueSpan {
  start: number;
  end: number;
  quoted: boolean;
}

/**
 * What the contexts of one line found: literals, a plist key whose `<string>` is on the next line,
 * and the (decoded) values of request credentials left out because the request goes to another
 * service's public host (context-finders.ts requestCredential; LineAnalyzer remembers them).
 */
export interface ContextFound {
  candidates: Candidate[] | undefined;
  plistKeyOpen: string | undefined;
  sentElsewhere?: string[];
}
