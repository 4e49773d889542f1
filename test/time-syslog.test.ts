// Syslog times carry no year, OpenClaw's newer clocks no date: what the audit makes of them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTimestamp, type TimeContext } from '../src/time.js';

const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());

/** One input's context, as the reader builds it: the per-input syslog state starts empty. */
function input(year: number, extra: Partial<TimeContext> = {}): TimeContext {
  return { zone: 'UTC', year, yearSource: 'flag', syslog: { shift: 0, guessed: 0 }, ...extra };
}

describe('syslog years', () => {
  it('passes New Year when the months go back (Dec → Jan), and stays there', () => {
    const ctx = input(2025);
    const read = ['Dec 31 23:59:58', 'Jan  1 00:00:03', 'Jan  1 00:00:09', 'Feb  2 10:00:00'].map((t) => iso(parseTimestamp(t, ctx)));
    assert.deepEqual(read, ['2025-12-31T23:59:58.000Z', '2026-01-01T00:00:03.000Z', '2026-01-01T00:00:09.000Z', '2026-02-02T10:00:00.000Z']);
    assert.deepEqual(ctx.syslog, { shift: 1, guessed: 4, firstYear: 2025, lastMonth: 2 });
  });

  it('does not pass New Year for lines a few months out of order', () => {
    const ctx = input(2025);
    assert.deepEqual(['Jun  1 00:00:00', 'Mar  1 00:00:00'].map((t) => iso(parseTimestamp(t, ctx))), ['2025-06-01T00:00:00.000Z', '2025-03-01T00:00:00.000Z']);
  });

  it('takes last year for a file modified early in the year whose lines are from December', () => {
    const mtime = Date.UTC(2026, 0, 2, 8, 0, 0);
    const ctx = input(2026, { yearSource: 'mtime', mtime });
    const read = ['Dec 30 12:00:00', 'Jan  1 00:00:01'].map((t) => iso(parseTimestamp(t, ctx)));
    assert.deepEqual(read, ['2025-12-30T12:00:00.000Z', '2026-01-01T00:00:01.000Z']);
    assert.equal(ctx.syslog?.firstYear, 2025);
  });

  it('keeps --year as given (the user knows better than the mtime rule)', () => {
    const ctx = input(2026, { mtime: Date.UTC(2026, 0, 2) });
    assert.equal(iso(parseTimestamp('Dec 30 12:00:00', ctx)), '2026-12-30T12:00:00.000Z');
  });

  it('reads journald -o short-precise microseconds', () => {
    assert.equal(iso(parseTimestamp('Mar  4 17:22:44.104512', input(2026))), '2026-03-04T17:22:44.104Z');
  });
});

describe('time of day', () => {
  it('reads OpenClaw 2026.4 clocks with an offset on the file date', () => {
    assert.equal(iso(parseTimestamp('17:29:35+01:00', { zone: 'UTC', fileDate: '2026-03-04' })), '2026-03-04T16:29:35.000Z');
    assert.equal(iso(parseTimestamp('17:29:35', { zone: 'Europe/Berlin', fileDate: '2026-03-04' })), '2026-03-04T16:29:35.000Z');
  });
  it('gives no time without a date', () => {
    assert.equal(parseTimestamp('17:29:35+01:00', { zone: 'UTC' }), undefined);
  });
});
