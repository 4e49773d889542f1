// The contract every payload parser implements: payload text in, a gateway event (or just a
// timestamp) out. Unrecognised lines return undefined and are counted, never thrown.
import type { TimeContext } from '../time.js';

export type ParserId = 'gateway-jsonl' | 'gateway-logfmt' | 'openclaw-file' | 'openclaw-console' | 'access-log' | 'plain';

/**
 * `exposure` and `token-text` are set by the audit pipeline, never by a parser: a line of a CI or
 * container log that prints the token (an echoed `curl -H "Authorization: Bearer …"`), and a line
 * that carries the token or its fingerprint where no parser could read it.
 */
export type EventKind = 'request' | 'connection' | 'registration' | 'auth-failure' | 'config-change' | 'rotation' | 'exposure' | 'token-text';

export type RegistrationKind = 'agent' | 'channel' | 'device-pairing' | 'access-upgrade' | 'device-change';

export interface GatewayEvent {
  kind: EventKind;
  /** Epoch ms; falls back to the envelope's time when the payload has none. */
  time?: number;
  /** Client IP without port (IPv6 without brackets). */
  source?: string;
  /** The proxy's peer when `source` is the client it forwarded (X-Forwarded-For, trusted peer). */
  peer?: string;
  /** X-Forwarded-For as logged; the pipeline resolves it into `source` and `peer` (never reported). */
  forwardedFor?: string;
  userAgent?: string;
  agent?: string;
  /** OpenClaw device id (64 hex): an identifier, never a secret. */
  device?: string;
  method?: string;
  /** Request path WITHOUT query string or fragment (a query can hold the token). */
  path?: string;
  status?: number;
  /** Value of a fingerprint-bearing field (`token_fp`, `auth.fingerprint`, …) as written. */
  tokenFingerprint?: string;
  /** `primary` / `secondary`: which configured token matched. */
  tokenSlot?: string;
  channels?: string[];
  registration?: RegistrationKind;
  /** OpenClaw's `conn=` id: one rejected handshake logs two lines with the same one. */
  conn?: string;
  /** OpenClaw's `auth=` kind: `token`, `password`, `device`, … */
  auth?: string;
  /** Why: OpenClaw's `reason=`, the config paths that changed, the rotation cause. */
  reason?: string;
}

export interface ParseContext {
  time: TimeContext;
  /** Timestamp the envelope carried for this line, if any. */
  envelopeTime?: number;
}

export interface ParsedLine {
  time?: number;
  event?: GatewayEvent;
  /**
   * The line has a time field, but what it holds is no time clawprint can read (`2025-02-30T…`,
   * `garbage`): the line cannot be placed in time, which the coverage counts (never silently).
   */
  unreadableTime?: true;
  /**
   * The line has a time of day but no date (older OpenClaw consoles, `openclaw logs`), and neither
   * the file name, `--date` nor an envelope gives one: it is counted as undated, never placed.
   */
  undated?: true;
}

export interface Parser {
  id: ParserId;
  description: string;
  /** True when most of the sample (first non-empty payload lines) is in this format. */
  detect(sample: readonly string[]): boolean;
  /**
   * A line can only yield an event if it contains one of these strings (the token's own needles
   * are added by the pipeline). Lines without any are counted but not decoded: this is what makes
   * the audit fast. Empty means every line is parsed.
   */
  needles: readonly string[];
  /** Every well-formed line starts and ends with these characters; other lines are parsed anyway. */
  lineShape?: { first: string; last: string };
  /** undefined = not this format (counted as unparsed). `{}` = recognised, nothing of interest. */
  parse(text: string, ctx: ParseContext): ParsedLine | undefined;
  /**
   * The line of `buf` at `start` read from its bytes, as `parse` would read its text, or undefined
   * when this reader leaves it to `parse`; on a result, `bytesRead.end` (gateway-bytes.ts) is where
   * the line ends. Only lines made of ASCII are read so: their text is their bytes as latin1.
   */
  parseBytes?(buf: Buffer, start: number, ctx: ParseContext): ParsedLine | undefined;
  /** Called with each block before parseBytes reads its lines. */
  parseBlock?(buf: Buffer): void;
  /**
   * A parser for one input, for formats whose lines need what came before them (W3C's `#Fields:`
   * header). Without it, `parse` reads every line alone.
   */
  forInput?(): Parser;
}
