import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatTime, parseTimestamp } from '../src/time.js';
import { parseWindowTime } from '../src/time-flags.js';
import { UsageError } from '../src/errors.js';
import { seeded, seededInts } from './random.js';
import { isoUtc } from '../src/iso-time.js';

const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());

describe('parseTimestamp (docs/product.md §2)', () => {
  it('reads RFC 3339 with 0 to 9 fractional digits, Z or offsets', () => {
    assert.equal(iso(parseTimestamp('2025-02-21T14:03:11Z')), '2025-02-21T14:03:11.000Z');
    assert.equal(iso(parseTimestamp('2025-02-21T14:03:11.2015Z')), '2025-02-21T14:03:11.201Z');
    assert.equal(iso(parseTimestamp('2025-02-21T14:03:11.000000001Z')), '2025-02-21T14:03:11.000Z');
    assert.equal(iso(parseTimestamp('2025-02-21T14:03:11.4801562Z')), '2025-02-21T14:03:11.480Z');
    assert.equal(iso(parseTimestamp('2025-02-21T19:33:11.201+05:30')), '2025-02-21T14:03:11.201Z');
    assert.equal(iso(parseTimestamp('2025-02-21T15:03:11.201+01:00')), '2025-02-21T14:03:11.201Z');
    assert.equal(iso(parseTimestamp('2025-02-21T09:03:11-0500')), '2025-02-21T14:03:11.000Z');
  });
  it('reads a zone-less time in the --tz zone', () => {
    assert.equal(iso(parseTimestamp('2025-02-21 09:03:11', { zone: 'America/New_York' })), '2025-02-21T14:03:11.000Z');
    assert.equal(iso(parseTimestamp('2025-02-21 14:03', { zone: 'UTC' })), '2025-02-21T14:03:00.000Z');
    // UTC is computed without luxon; a leap second reads as :59 there as in any other zone.
    assert.equal(iso(parseTimestamp('2016-12-31 23:59:60.250', { zone: 'UTC' })), '2016-12-31T23:59:59.250Z');
    assert.equal(iso(parseTimestamp('2016-12-31 23:59:60', { zone: 'Europe/Berlin' })), '2016-12-31T22:59:59.000Z');
    assert.equal(parseTimestamp('2025-02-29 10:00', { zone: 'UTC' }), undefined);
    assert.equal(iso(parseTimestamp('2025-02-21T14:03:11.5', { zone: 'Asia/Kolkata' })), '2025-02-21T08:33:11.500Z');
  });
  it('reads Common Log Format, epoch seconds and milliseconds', () => {
    assert.equal(iso(parseTimestamp('21/Feb/2025:14:03:11 +0000')), '2025-02-21T14:03:11.000Z');
    assert.equal(iso(parseTimestamp('21/Feb/2025:15:03:11 +0100')), '2025-02-21T14:03:11.000Z');
    assert.equal(iso(parseTimestamp(1740146591.201)), '2025-02-21T14:03:11.201Z');
    assert.equal(iso(parseTimestamp(1740146591201)), '2025-02-21T14:03:11.201Z');
    assert.equal(iso(parseTimestamp('1740146591')), '2025-02-21T14:03:11.000Z');
  });
  it('reads syslog with a year and time-of-day with a file date', () => {
    assert.equal(iso(parseTimestamp('Feb 21 14:03:11', { zone: 'UTC', year: 2025 })), '2025-02-21T14:03:11.000Z');
    assert.equal(iso(parseTimestamp('Feb  1 14:03:11', { zone: 'UTC', year: 2025 })), '2025-02-01T14:03:11.000Z');
    assert.equal(parseTimestamp('Feb 21 14:03:11', { zone: 'UTC' }), undefined);
    assert.equal(iso(parseTimestamp('14:03:11', { zone: 'UTC', fileDate: '2026-03-10' })), '2026-03-10T14:03:11.000Z');
    assert.equal(parseTimestamp('14:03:11', { zone: 'UTC' }), undefined);
  });
  it('rejects what is not a timestamp', () => {
    for (const s of ['', 'yesterday', '2025-13-01T00:00:00Z', '2025-02-21T25:00:00Z', 'deadbeef', '12345']) {
      assert.equal(parseTimestamp(s), undefined, s);
    }
  });

  it('rejects dates and offsets that do not exist instead of rolling them over', () => {
    // Date.UTC(2025, 1, 30) is 2 March: a damaged line must not move into or out of the window.
    for (const s of [
      '2025-02-30T15:00:00Z', '2025-02-29T15:00:00.123Z', '2025-04-31T00:00:00Z', '2025-02-30 15:00:00',
      '2025-02-21T15:00:00+25:00', '2025-02-21T15:00:00+05:99', '30/Feb/2025:14:03:11 +0000', '21/Feb/2025:14:03:11 +9900',
    ]) {
      assert.equal(parseTimestamp(s), undefined, s);
    }
    assert.equal(iso(parseTimestamp('2024-02-29T15:00:00Z')), '2024-02-29T15:00:00.000Z');
    assert.equal(iso(parseTimestamp('2000-02-29T15:00:00.5Z')), '2000-02-29T15:00:00.500Z');
    assert.equal(parseTimestamp('1900-02-29T15:00:00Z'), undefined);
    assert.equal(iso(parseTimestamp('2025-02-21T15:00:00-14:00')), '2025-02-22T05:00:00.000Z');
  });
});

describe('parseWindowTime', () => {
  const now = Date.UTC(2025, 1, 21, 18, 0, 0);
  it('takes now, relative durations, dates and timestamps', () => {
    assert.equal(parseWindowTime('now', '--until', { zone: 'UTC' }, now), now);
    assert.equal(iso(parseWindowTime('90m', '--since', { zone: 'UTC' }, now)), '2025-02-21T16:30:00.000Z');
    assert.equal(iso(parseWindowTime('72h', '--since', { zone: 'UTC' }, now)), '2025-02-18T18:00:00.000Z');
    assert.equal(iso(parseWindowTime('7d', '--since', { zone: 'UTC' }, now)), '2025-02-14T18:00:00.000Z');
    assert.equal(iso(parseWindowTime('2025-02-21T14:00Z', '--since', { zone: 'UTC' }, now)), '2025-02-21T14:00:00.000Z');
    assert.equal(iso(parseWindowTime('2025-02-21', '--since', { zone: 'Europe/Berlin' }, now)), '2025-02-20T23:00:00.000Z');
    assert.throws(() => parseWindowTime('2025-02-30T00:00Z', '--since', { zone: 'UTC' }, now), /--since is not a time/);
    assert.throws(() => parseWindowTime('2025-02-30', '--since', { zone: 'UTC' }, now), /--since is not a time/);
  });
  it('throws a one-line usage error on nonsense', () => {
    assert.throws(() => parseWindowTime('last tuesday', '--since', { zone: 'UTC' }, now), (e: unknown) => e instanceof UsageError && !e.message.includes('\n'));
  });
});

describe('formatTime', () => {
  it('prints UTC with milliseconds, or the display zone with its offset', () => {
    const ms = Date.UTC(2025, 1, 21, 14, 3, 11, 201);
    assert.equal(formatTime(ms), '2025-02-21T14:03:11.201Z');
    assert.equal(formatTime(ms, 'Asia/Kolkata'), '2025-02-21T19:33:11.201+05:30');
  });

  // src/iso-time.ts writes UTC times from the getters (toISOString's first call costs ~0.9 ms).
  it('writes UTC exactly as toISOString does, over the whole range of times', () => {
    const rnd = seeded(8);
    const max = 8.64e15;
    const times = [0, -0, 1, -1, 0.5, -0.5, 999.9, max, -max, Date.UTC(0, 0, 1), Date.UTC(-1, 11, 31, 23, 59, 59, 999), Date.UTC(9999, 11, 31, 23, 59, 59, 999), Date.UTC(10000, 0, 1), Date.UTC(1969, 11, 31, 23, 59, 59, 999)];
    for (let i = 0; i < 20000; i++) times.push(Math.round((rnd() * 2 - 1) * (i % 2 === 0 ? max : 4e12)) + (i % 3 === 0 ? rnd() : 0));
    for (const ms of times) assert.equal(isoUtc(ms), new Date(ms).toISOString(), String(ms));
    for (const bad of [NaN, max + 1, -max - 1, Infinity, -Infinity]) {
      assert.throws(() => isoUtc(bad), (e: unknown) => e instanceof RangeError && e.message === 'Invalid time value');
      assert.throws(() => new Date(bad).toISOString(), (e: unknown) => e instanceof RangeError && e.message === 'Invalid time value');
    }
  });
});

describe('hostile times (issue 7): never a throw, never a wrong unit', () => {
  const now = Date.UTC(2025, 1, 21, 18, 0, 0);
  it('microsecond epochs are not read as milliseconds in the year 57113', () => {
    assert.equal(iso(parseTimestamp(1740146591201000)), '2025-02-21T14:03:11.201Z');
    assert.equal(iso(parseTimestamp('1740146591201000')), '2025-02-21T14:03:11.201Z');
  });
  it('nanosecond epochs are read, not thrown on (RangeError: Invalid time value)', () => {
    assert.equal(iso(parseTimestamp(1740146591201000000)), '2025-02-21T14:03:11.201Z');
    assert.equal(iso(parseTimestamp('1740146591201000000')), '2025-02-21T14:03:11.201Z');
  });
  it('any other number is no time, and no throw', () => {
    for (const n of [1e20, 1e300, Number.MAX_VALUE, Infinity, -Infinity, NaN, -1740146591, 0, -0]) {
      assert.equal(parseTimestamp(n), undefined, String(n));
    }
    assert.equal(parseTimestamp('17401465912010000000'), undefined);
  });
  it('an RFC 3339 time reads the same whatever was read before it (the kept minute)', () => {
    const times = [
      '2025-02-21T14:03:11Z', '2025-02-21T14:03:59.999Z', '2025-02-21T14:03:60Z', '2025-02-21T14:03:61Z', '2025-02-21T14:03:6xZ',
      '2025-02-21T14:04:00.5Z', '2025-02-21T14:03:07.123456789Z', '2016-12-31T23:59:60.250Z', '0099-12-31T23:59:60Z',
      '0099-12-31T23:59:59.9Z', '2024-02-29T12:00:01Z', '2025-02-29T12:00:01Z', '2025-02-21T14:03:1Z',
    ];
    const expected = new Map<string, string | undefined>([
      ['2025-02-21T14:03:11Z', '2025-02-21T14:03:11.000Z'],
      ['2025-02-21T14:03:60Z', '2025-02-21T14:04:00.000Z'],
      ['2025-02-21T14:03:61Z', undefined],
      ['2025-02-21T14:03:6xZ', undefined],
      ['2025-02-21T14:03:07.123456789Z', '2025-02-21T14:03:07.123Z'],
      ['2016-12-31T23:59:60.250Z', '2017-01-01T00:00:00.250Z'],
      ['2025-02-29T12:00:01Z', undefined],
    ]);
    const cold = new Map(times.map((t) => {
      parseTimestamp('1999-01-01T00:00:00Z');
      return [t, iso(parseTimestamp(t))];
    }));
    for (const [t, want] of expected) assert.equal(cold.get(t), want, t);
    for (const before of times) {
      for (const t of times) {
        parseTimestamp(before);
        assert.equal(iso(parseTimestamp(t)), cold.get(t), `${t} after ${before}`);
      }
    }
  });
  it('year 0025 is the year 25, not 1925 (Date.UTC two-digit years)', () => {
    assert.equal(iso(parseTimestamp('0025-02-21T14:03:11Z')), '0025-02-21T14:03:11.000Z');
    assert.equal(iso(parseTimestamp('0025-02-21 14:03:11', { zone: 'UTC' })), '0025-02-21T14:03:11.000Z');
    assert.equal(iso(parseTimestamp('0099-12-31T23:59:59+01:00')), '0099-12-31T22:59:59.000Z');
    assert.equal(iso(parseWindowTime('0025-01-01', '--since', { zone: 'UTC' }, now)), '0025-01-01T00:00:00.000Z');
  });
  it('--since 300000000d is one usage error, not a RangeError', () => {
    for (const s of ['300000000d', '99999999999999999999w', `${'9'.repeat(400)}s`]) {
      assert.throws(() => parseWindowTime(s, '--since', { zone: 'UTC' }, now), (e: unknown) => e instanceof UsageError && /--since is out of range/.test(e.message));
    }
  });
  it('a --since inside a daylight-saving gap is read as ISO/luxon read it, and says so', () => {
    const notes: string[] = [];
    const ms = parseWindowTime('2025-03-09 02:30', '--since', { zone: 'America/New_York' }, now, notes);
    assert.equal(iso(ms), '2025-03-09T07:30:00.000Z');
    assert.deepEqual(notes, ['--since names a clock time that did not exist in America/New_York (a daylight-saving jump skipped it); read as 2025-03-09T03:30:00-04:00 (2025-03-09T07:30:00.000Z)']);
    const none: string[] = [];
    parseWindowTime('2025-03-09 01:30', '--since', { zone: 'America/New_York' }, now, none);
    parseWindowTime('2025-03-09T02:30-05:00', '--since', { zone: 'America/New_York' }, now, none);
    parseWindowTime('2025-03-09', '--since', { zone: 'America/New_York' }, now, none);
    assert.deepEqual(none, []);
  });
});

it('the fast YYYY-MM-DDTHH:MM:SS[.f]Z reading gives what the RFC 3339 regex gives, minute cache and all', () => {
  // The same text with a space for the `T` skips the fast path (time.ts parseRfc3339Utc) and is read
  // by ISO_RE: both must agree on every value and on every rejection, in any order of minutes.
  const rnd = seededInts(7);
  // A dot without digits is no fraction (the fast path once read `:11.Z` as `:11Z`).
  assert.equal(parseTimestamp('2025-02-21T14:03:11.Z'), undefined);
  const pad = (v: number, w: number): string => String(v).padStart(w, '0');
  const pick = <T>(items: readonly T[]): T => items[rnd(items.length)]!;
  for (let i = 0; i < 20_000; i++) {
    const year = pick([2025, 2024, 2000, 1900, 99, 0, 2100]);
    const month = pick([1, 2, 2, 12, 13, 0]);
    const day = pick([1, 28, 29, 30, 31, 32]);
    const hour = pick([0, 14, 23, 24]);
    const minute = pick([0, 3, 59, 60]);
    const second = pick([0, 7, 59, 60, 61]);
    const fraction = pick(['', '.', '.1', '.12', '.123', '.1234', '.123456789', '.1234567890', '.12a', '.x']);
    let text = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}${fraction}Z`;
    if (rnd(20) === 0) {
      // One character damaged: a digit made a letter, or a separator moved.
      const at = rnd(text.length);
      text = text.slice(0, at) + pick(['a', '-', ':', '9', ' ', '']) + text.slice(at + 1);
    }
    const viaRegex = parseTimestamp(text.replace('T', ' '));
    assert.equal(parseTimestamp(text), viaRegex, text);
  }
});
