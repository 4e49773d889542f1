// Times and durations as a user types them on the command line or in .clawprint.yml (`--since`,
// `--until`, `--tz`, `--quiet-period`): read into epoch milliseconds, or refused in one line that
// never echoes a value that could be a token (docs/product.md §2, §9).
import { UsageError } from './errors.js';
import { shownValue } from './shown-value.js';
import { fromParts, isValidZone, luxon, parseTimestamp, type TimeContext } from './time.js';

/** `90m`, `72h`, `7d`: a count and a unit. */
const RELATIVE_RE = /^(\d+)(s|m|h|d|w)$/;
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** The earliest and latest instants a window flag may name: the years 0000 to 9999 that ISO 8601 writes in four digits. */
const FIRST_INSTANT = -62_167_219_200_000; // 0000-01-01T00:00:00Z
const LAST_INSTANT = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z

/**
 * `--since` / `--until`: any timestamp form, `now`, or a duration meaning "now minus" (`90m`,
 * `72h`, `7d`). A bare date (`2025-02-21`) is midnight in the context zone. `notes` receives what
 * the user must be told about how the value was read (a clock time that a daylight-saving jump
 * skipped).
 */
export function parseWindowTime(text: string, flag: string, ctx: TimeContext, now: number, notes?: string[]): number {
  const s = text.trim();
  if (s === 'now') return now;
  const rel = RELATIVE_RE.exec(s);
  let ms: number | undefined;
  if (rel) {
    ms = now - Number(rel[1]) * UNIT_MS[rel[2] as keyof typeof UNIT_MS];
  } else {
    const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    ms = date ? fromParts(+date[1]!, +date[2]!, +date[3]!, 0, 0, 0, 0, undefined, ctx.zone) : parseTimestamp(s, ctx);
    if (ms === undefined) {
      throw new UsageError(`${flag} is not a time clawprint can read: ${shownValue(s)} (use ISO 8601, "now", or a duration like 72h)`);
    }
  }
  // A duration can reach back past any date (`300000000d`): one line, not a RangeError when printed.
  if (!(ms >= FIRST_INSTANT && ms <= LAST_INSTANT)) {
    throw new UsageError(`${flag} is out of range: ${shownValue(s)} (times run from the year 0000 to 9999)`);
  }
  const skipped = rel ? undefined : skippedClockTime(s, ms, ctx.zone);
  if (skipped !== undefined) notes?.push(`${flag} ${skipped}`);
  return ms;
}

/**
 * A zone-less clock time that a daylight-saving jump skipped (02:30 on a spring-forward night)
 * names no instant. It is read as ISO 8601 tools, luxon and JavaScript's Temporal ("compatible")
 * read it, with the offset in force before the jump, which the clock after the jump shows one
 * hour later; the note says so, because `--since 02:30 --until 03:00` is then an empty window.
 */
function skippedClockTime(text: string, ms: number, zone: string): string | undefined {
  if (zone === 'UTC') return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/.exec(text);
  if (m === null || /(?:Z|z|[+-]\d{2}(?::?\d{2})?)$/.test(text.slice(m[0].length))) return undefined;
  const local = luxon().DateTime.fromMillis(ms, { zone });
  const asked = [+m[1]!, +m[2]!, +m[3]!, m[4] !== undefined ? +m[4] : 0, m[5] !== undefined ? +m[5] : 0];
  const shown = [local.year, local.month, local.day, local.hour, local.minute];
  if (asked.every((v, i) => v === shown[i])) return undefined;
  return `names a clock time that did not exist in ${zone} (a daylight-saving jump skipped it); read as ${local.toISO({ suppressMilliseconds: true })} (${new Date(ms).toISOString()})`;
}

export function requireZone(zone: string, flag: string): string {
  if (!isValidZone(zone)) throw new UsageError(`${flag} is not an IANA time zone: ${shownValue(zone)}`);
  return zone;
}

/** `--max-rotation-age`, `--quiet-period`: `90m`, `24h`, `7d` as milliseconds. */
export function parseDuration(text: string, flag: string): number {
  const rel = RELATIVE_RE.exec(text.trim());
  const ms = rel ? Number(rel[1]) * UNIT_MS[rel[2] as keyof typeof UNIT_MS] : Number.NaN;
  if (!Number.isFinite(ms)) throw new UsageError(`${flag} is not a duration clawprint can read: ${shownValue(text)} (use 90m, 24h or 7d)`);
  return ms;
}
