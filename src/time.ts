// All timestamp reading and zone arithmetic (docs/product.md §2). luxon lives behind this module only.
import { createRequire } from 'node:module';
import type * as Luxon from 'luxon';
import { isoUtc } from './iso-time.js';

// luxon is loaded the first time a zone is needed: a log whose timestamps all carry Z or an offset,
// read in UTC, never needs it, and loading it is a quarter of clawprint's start-up (~30 ms).
const require = createRequire(import.meta.url);
let luxonModule: typeof Luxon | undefined;
export const luxon = (): typeof Luxon => (luxonModule ??= require('luxon') as typeof Luxon);

/** How to read timestamps that do not carry everything themselves. */
export interface TimeContext {
  /** IANA zone for timestamps without a zone (`--tz`, default UTC). */
  zone: string;
  /** Year for syslog timestamps (`--year`, else the file's mtime year). */
  year?: number;
  /** Where `year` came from: both are guesses, which the coverage says. */
  yearSource?: 'flag' | 'mtime';
  /** The file's mtime: a syslog time read with the mtime's year cannot be later than this. */
  mtime?: number;
  /** Per input: what syslog times read so far say about the year (New Year rollover). */
  syslog?: SyslogYears;
  /** `YYYY-MM-DD` from a file name such as `openclaw-2026-03-10.log`, for time-of-day-only lines. */
  fileDate?: string;
  /** The reader needs no envelope times (a leak scan): decoders skip reading them. */
  timesUnused?: boolean;
}

/** Per-input state for syslog times, which carry no year. */
export interface SyslogYears {
  /** Month of the last syslog time read. */
  lastMonth?: number;
  /** Years added to `TimeContext.year`: +1 per New Year passed, -1 when the file ends before its mtime's year began. */
  shift: number;
  /** Syslog times read with the guessed year (no full date on their line). */
  guessed: number;
  /** The year the first syslog time was given. */
  firstYear?: number;
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
// OpenClaw 2026.4+ console: `14:51:45+01:00`; older builds the clock alone.
const TIME_OF_DAY_RE = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/;
const DAY_MS = 86_400_000;

export function isValidZone(zone: string): boolean {
  return zone === 'UTC' || luxon().IANAZone.isValidZone(zone);
}

function millisOf(fraction: string | undefined): number {
  if (fraction === undefined) return 0;
  return Number((fraction + '00').slice(0, 3));
}

/**
 * A calendar date and clock time that exist (Feb 30 or 25:00 is not a time: Date.UTC would roll it
 * into the next month or day and move an event across the window). Second 60 is a leap second.
 */
function validParts(year: number, month: number, day: number, hour: number, minute: number, second: number): boolean {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 60) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return day <= days;
}

/**
 * Date.UTC reads years 0–99 as 1900–1999 (a two-digit-year rule from 1995): `0025-…` would become
 * 1925, so those years are set explicitly.
 */
function utcMillis(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number {
  if (year >= 100) return Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const d = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, ms));
  d.setUTCFullYear(year);
  return d.getTime();
}

export function fromParts(
  year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number,
  offset: string | undefined, zone: string,
): number | undefined {
  if (!validParts(year, month, day, hour, minute, second)) return undefined;
  if (offset === 'Z' || offset === 'z') return utcMillis(year, month, day, hour, minute, second, ms);
  if (offset !== undefined) {
    const sign = offset[0] === '-' ? -1 : 1;
    const digits = offset.slice(1).replace(':', '');
    const offsetHours = Number(digits.slice(0, 2));
    const offsetMinutes = Number(digits.slice(2, 4) || '0');
    // RFC 3339 offsets are HH:MM with HH 00-23; `+25:00` is damage, not a zone.
    if (offsetHours > 23 || offsetMinutes > 59) return undefined;
    return utcMillis(year, month, day, hour, minute, second, ms) - sign * (offsetHours * 60 + offsetMinutes) * 60_000;
  }
  // UTC has no rules to look up (and a second 60 is read as 59, as luxon reads it).
  if (zone === 'UTC') return utcMillis(year, month, day, hour, minute, Math.min(second, 59), ms);
  const dt = luxon().DateTime.fromObject(
    { year, month, day, hour, minute, second: Math.min(second, 59), millisecond: ms },
    { zone },
  );
  return dt.isValid ? dt.toMillis() : undefined;
}

/**
 * Reads one timestamp in any docs/product.md §2 form and returns epoch milliseconds, or undefined when the
 * text is not a timestamp. Fractions beyond milliseconds are truncated (9-digit Docker/CRI times).
 */
export function parseTimestamp(text: string | number, ctx: TimeContext = UTC_CONTEXT): number | undefined {
  if (typeof text === 'number') return epochToMillis(text);
  return parseRfc3339Utc(text) ?? parseOtherTimestamp(text, ctx);
}

/** parseTimestamp for a text parseRfc3339Utc did not read (its caller tried that first). */
export function parseOtherTimestamp(text: string, ctx: TimeContext = UTC_CONTEXT): number | undefined {
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
  if (/^\d{9,19}(\.\d+)?$/.test(s)) return epochToMillis(Number(s));
  m = SYSLOG_RE.exec(s);
  if (m) {
    const month = MONTHS[m[1]!.toLowerCase()];
    if (month === undefined || ctx.year === undefined) return undefined;
    const read = (year: number): number | undefined => fromParts(year, month, +m![2]!, +m![3]!, +m![4]!, +m![5]!, millisOf(m![6]), undefined, ctx.zone);
    const years = ctx.syslog;
    if (years === undefined) return read(ctx.year);
    if (years.lastMonth === undefined) {
      // A file whose year is its mtime's cannot hold times after the mtime: Dec lines in a file
      // written in January are last year's.
      const first = read(ctx.year);
      if (ctx.yearSource === 'mtime' && ctx.mtime !== undefined && first !== undefined && first > ctx.mtime + DAY_MS) years.shift = -1;
      years.firstYear = ctx.year + years.shift;
    } else if (years.lastMonth - month > 5) {
      // Lines go back by months (Dec → Jan): the log passed New Year.
      years.shift++;
    }
    years.lastMonth = month;
    years.guessed++;
    return read(ctx.year + years.shift);
  }
  m = TIME_OF_DAY_RE.exec(s);
  if (m && ctx.fileDate !== undefined) {
    const [y, mo, d] = ctx.fileDate.split('-').map(Number) as [number, number, number];
    return fromParts(y, mo, d, +m[1]!, +m[2]!, +m[3]!, millisOf(m[4]), m[5], ctx.zone);
  }
  return undefined;
}

const digit = (s: string, i: number): number => {
  const d = s.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : Number.NaN;
};
const two = (s: string, i: number): number => digit(s, i) * 10 + digit(s, i + 1);

/**
 * The shape nearly every log line has, `YYYY-MM-DDTHH:MM:SS[.fraction]Z`, read with charCode
 * arithmetic: Docker, CRI and gateway JSON lines pass through here once per line, and the regex
 * path cost ~10% of an audit of container logs. Anything else falls through to the regexes.
 */
export function parseRfc3339Utc(s: string): number | undefined {
  const n = s.length;
  if (n < 20 || s.charCodeAt(n - 1) !== 90 /* Z */) return undefined;
  // Decoded lines nearly always share their minute: its epoch is kept (from the year 100 on,
  // Date.UTC is linear in seconds, leap second 60 included, and in milliseconds). Compared first,
  // minute first, here rather than in a function (the CLI runs without TurboFan inlining, and a call
  // per decoded line was ~2% of an audit of the `leak-30` bench variant): the cached minute is a
  // valid one, so a time in it has its separators where they belong.
  let i = 16;
  while (i >= 0 && s.charCodeAt(i) === lastMinute[i]) i--;
  const sameMinute = i < 0;
  if (!sameMinute && (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58)) return undefined;
  // Digits are read inline, not through digit(): the CLI runs without TurboFan inlining
  // (bin/clawprint.js), and this runs on every line the audit decodes (issue 8).
  let ms = 0;
  if (n > 20) {
    // A fraction of 1 to 9 digits (`:00.Z` has none: ISO_RE rejects it too); milliseconds keep the first three.
    if (s.charCodeAt(19) !== 46 || n === 21 || n - 21 > 9) return undefined;
    for (let i = 20; i < n - 1; i++) {
      const d = s.charCodeAt(i) - 48;
      if (!(d >= 0 && d <= 9)) return undefined;
      if (i < 23) ms = ms * 10 + d;
    }
    for (let i = n - 1; i < 23; i++) ms *= 10;
  } else if (n !== 20) return undefined;
  const s1 = s.charCodeAt(17) - 48;
  const s2 = s.charCodeAt(18) - 48;
  if (!(s1 >= 0 && s1 <= 9 && s2 >= 0 && s2 <= 9)) return undefined;
  const second = s1 * 10 + s2;
  if (second > 60) return undefined;
  if (sameMinute) return lastMinuteMillis + second * 1000 + ms;
  const year = two(s, 0) * 100 + two(s, 2);
  const month = two(s, 5);
  const day = two(s, 8);
  const hour = two(s, 11);
  const minute = two(s, 14);
  if (Number.isNaN(year + month + day + hour + minute)) return undefined;
  if (!validParts(year, month, day, hour, minute, second)) return undefined;
  // Before the year 100, setUTCFullYear can roll a leap second into the next year: no shortcut.
  if (year < 100) return utcMillis(year, month, day, hour, minute, second, ms);
  for (let i = 0; i < 17; i++) lastMinute[i] = s.charCodeAt(i);
  lastMinuteMillis = utcMillis(year, month, day, hour, minute, 0, 0);
  return lastMinuteMillis + second * 1000 + ms;
}

/**
 * The valid `YYYY-MM-DDTHH:MM:` parseRfc3339Utc read last (its UTF-16 code units; -1 before the
 * first, which no code unit equals), and its epoch milliseconds. Compared unit by unit, minute first: `startsWith` with a
 * slice of an earlier time (a sliced string) cost ~60 ns a call, a third of the whole read (issue 8).
 */
const lastMinute = new Int32Array(17).fill(-1);
let lastMinuteMillis = 0;

/**
 * Epoch numbers, their unit decided by magnitude: a present-day time is ~1.7e9 in seconds, 1.7e12
 * in milliseconds, 1.7e15 in microseconds and 1.7e18 in nanoseconds, so each unit owns three
 * decades (seconds and milliseconds until the year 5138, the finer units likewise). Read as
 * milliseconds, a microsecond epoch lands in the year 57113 and a nanosecond one is no date at
 * all. A number past every unit, negative, or not finite is not a time (undefined, never a throw).
 */
export function epochToMillis(value: number): number | undefined {
  if (!Number.isFinite(value) || value <= 0) return undefined;
  if (value < 1e11) return Math.round(value * 1000);
  if (value < 1e14) return Math.round(value);
  if (value < 1e17) return Math.round(value / 1e3);
  if (value < 1e20) return Math.round(value / 1e6);
  return undefined;
}

/** `openclaw-2026-03-10.log` → `2026-03-10`. */
export function dateFromFileName(name: string): string | undefined {
  return /(\d{4}-\d{2}-\d{2})/.exec(name)?.[1];
}

/** Output times: UTC ISO 8601 with milliseconds, or the `--display-tz` zone with its offset. */
export function formatTime(ms: number, displayZone?: string): string {
  if (displayZone === undefined || displayZone === 'UTC') return isoUtc(ms);
  return luxon().DateTime.fromMillis(ms, { zone: displayZone }).toISO({ suppressMilliseconds: false }) ?? new Date(ms).toISOString();
}

/** A duration a person reads at a glance: `3d 4h`, `5h 12m`, `42m`, `30s`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const [d, h, m] = [Math.floor(s / 86_400), Math.floor((s % 86_400) / 3_600), Math.floor((s % 3_600) / 60)];
  if (d > 0) return h > 0 ? `${d}d ${h}h` : `${d}d`;
  if (h > 0) return m > 0 ? `${h}h ${m}m` : `${h}h`;
  return m > 0 ? `${m}m` : `${s}s`;
}
