// All timestamp reading and zone arithmetic (SPEC §2). luxon lives behind this module only.
import { DateTime, IANAZone } from 'luxon';
import { UsageError } from './errors.js';

/** How to read timestamps that do not carry everything themselves. */
export interface TimeContext {
  /** IANA zone for timestamps without a zone (`--tz`, default UTC). */
  zone: string;
  /** Year for syslog timestamps (`--year`, else the file's mtime year). */
  year?: number;
  /** `YYYY-MM-DD` from a file name such as `openclaw-2026-03-10.log`, for time-of-day-only lines. */
  fileDate?: string;
  /** The reader needs no envelope times (a leak scan): decoders skip reading them. */
  timesUnused?: boolean;
}

/** For readers that use payload text only: envelope decoders do not parse their timestamps. */
export const NO_TIMES_CONTEXT: TimeContext = { zone: 'UTC', timesUnused: true };

export const UTC_CONTEXT: TimeContext = { zone: 'UTC' };

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

// RFC 3339 / ISO 8601 with `T` or a space, 0–9 fractional digits, optional zone.
const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
// Common Log Format: 21/Feb/2025:14:03:11 +0000
const CLF_RE = /^(\d{2})\/([A-Za-z]{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))? ([+-]\d{4})$/;
// syslog: Feb 21 14:03:11 (day may be space-padded)
const SYSLOG_RE = /^([A-Za-z]{3}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;
const TIME_OF_DAY_RE = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;
const RELATIVE_RE = /^(\d+)(s|m|h|d|w)$/;

export function isValidZone(zone: string): boolean {
  return IANAZone.isValidZone(zone) || zone === 'UTC';
}

function millisOf(fraction: string | undefined): number {
  if (fraction === undefined) return 0;
  return Number((fraction + '00').slice(0, 3));
}

function fromParts(
  year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number,
  offset: string | undefined, zone: string,
): number | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  if (offset === 'Z' || offset === 'z') return Date.UTC(year, month - 1, day, hour, minute, second, ms);
  if (offset !== undefined) {
    const sign = offset[0] === '-' ? -1 : 1;
    const digits = offset.slice(1).replace(':', '');
    const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0');
    return Date.UTC(year, month - 1, day, hour, minute, second, ms) - sign * minutes * 60_000;
  }
  const dt = DateTime.fromObject(
    { year, month, day, hour, minute, second: Math.min(second, 59), millisecond: ms },
    { zone },
  );
  return dt.isValid ? dt.toMillis() : undefined;
}

/**
 * Reads one timestamp in any SPEC §2 form and returns epoch milliseconds, or undefined when the
 * text is not a timestamp. Fractions beyond milliseconds are truncated (9-digit Docker/CRI times).
 */
export function parseTimestamp(text: string | number, ctx: TimeContext = UTC_CONTEXT): number | undefined {
  if (typeof text === 'number') return epochToMillis(text);
  const s = text.trim();
  let m = ISO_RE.exec(s);
  if (m) {
    return fromParts(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, m[6] ? +m[6] : 0, millisOf(m[7]), m[8], ctx.zone);
  }
  m = CLF_RE.exec(s);
  if (m) {
    const month = MONTHS[m[2]!.toLowerCase()];
    if (month === undefined) return undefined;
    return fromParts(+m[3]!, month, +m[1]!, +m[4]!, +m[5]!, +m[6]!, millisOf(m[7]), m[8], ctx.zone);
  }
  if (/^\d{9,13}(\.\d+)?$/.test(s)) return epochToMillis(Number(s));
  m = SYSLOG_RE.exec(s);
  if (m) {
    const month = MONTHS[m[1]!.toLowerCase()];
    if (month === undefined || ctx.year === undefined) return undefined;
    return fromParts(ctx.year, month, +m[2]!, +m[3]!, +m[4]!, +m[5]!, millisOf(m[6]), undefined, ctx.zone);
  }
  m = TIME_OF_DAY_RE.exec(s);
  if (m && ctx.fileDate !== undefined) {
    const [y, mo, d] = ctx.fileDate.split('-').map(Number) as [number, number, number];
    return fromParts(y, mo, d, +m[1]!, +m[2]!, +m[3]!, millisOf(m[4]), undefined, ctx.zone);
  }
  return undefined;
}

/** Epoch numbers: below 1e11 they are seconds (until the year 5138), else milliseconds. */
export function epochToMillis(value: number): number | undefined {
  if (!Number.isFinite(value) || value <= 0) return undefined;
  return value < 1e11 ? Math.round(value * 1000) : Math.round(value);
}

/** `openclaw-2026-03-10.log` → `2026-03-10`. */
export function dateFromFileName(name: string): string | undefined {
  return /(\d{4}-\d{2}-\d{2})/.exec(name)?.[1];
}

/**
 * `--since` / `--until`: any timestamp form, `now`, or a duration meaning "now minus" (`90m`,
 * `72h`, `7d`). A bare date (`2025-02-21`) is midnight in the context zone.
 */
export function parseWindowTime(text: string, flag: string, ctx: TimeContext, now: number): number {
  const s = text.trim();
  if (s === 'now') return now;
  const rel = RELATIVE_RE.exec(s);
  if (rel) {
    const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[rel[2] as 's'];
    return now - Number(rel[1]) * unit;
  }
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const ms = date ? fromParts(+date[1]!, +date[2]!, +date[3]!, 0, 0, 0, 0, undefined, ctx.zone) : parseTimestamp(s, ctx);
  if (ms === undefined) {
    throw new UsageError(`${flag} is not a time clawprint can read: "${s}" (use ISO 8601, "now", or a duration like 72h)`);
  }
  return ms;
}

/** Output times: UTC ISO 8601 with milliseconds, or the `--display-tz` zone with its offset. */
export function formatTime(ms: number, displayZone?: string): string {
  if (displayZone === undefined || displayZone === 'UTC') return new Date(ms).toISOString();
  return DateTime.fromMillis(ms, { zone: displayZone }).toISO({ suppressMilliseconds: false }) ?? new Date(ms).toISOString();
}

export function requireZone(zone: string, flag: string): string {
  if (!isValidZone(zone)) throw new UsageError(`${flag} is not an IANA time zone: "${zone}"`);
  return zone;
}
