// A time as Date.prototype.toISOString writes it, from the UTC getters. The first call of any of
// V8's date-to-text builtins (toISOString, toUTCString, toString) in a process costs ~0.9 ms (it
// sets up the local time zone, /etc/localtime included), which a run that prints one UTC time paid
// for nothing (issue 8, docs/performance.md, Start-up). The getters do not set it up.

const two = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/** `new Date(ms).toISOString()`: the same text, and the same RangeError for a time out of range. */
export function isoUtc(ms: number): string {
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  if (Number.isNaN(year)) throw new RangeError('Invalid time value');
  // ECMA-262 Date.prototype.toISOString: four digits, or a sign and six outside 0-9999.
  const y = year >= 0 && year <= 9999 ? `${year}`.padStart(4, '0') : `${year < 0 ? '-' : '+'}${`${Math.abs(year)}`.padStart(6, '0')}`;
  const millis = d.getUTCMilliseconds();
  return `${y}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}T${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z`;
}
