// Corpus timestamps, formatted per line: Date#toISOString is a large share of generation time, and
// consecutive lines nearly always share their second, so the `YYYY-MM-DDTHH:mm:ss` part is reused.
let cachedSecond = NaN;
let cachedPrefix = '';

function isoSecondPrefix(t) {
  const second = Math.floor(t / 1000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedPrefix = `${new Date(second * 1000).toISOString().slice(0, 19)}.`;
  }
  return cachedPrefix;
}

const MILLIS = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/** `YYYY-MM-DDTHH:mm:ss.fff` (no zone designator) for epoch ms `t`. */
export function isoMillis(t) {
  return isoSecondPrefix(t) + MILLIS[t % 1000];
}
