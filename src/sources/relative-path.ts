// path.relative for the walk's hot paths without path.resolve: the display path and every ignore
// layer's test ran it per file, and it normalises both paths each time (~4% of the scan of a
// 16,000-file documentation tree, docs/performance.md "Real trees").
import path from 'node:path';

/** `.` or `..` as a segment, or an empty one: not a normalised path. */
const UNNORMALISED_RE = /\/\.\.?(?:\/|$)|\/\//;

/** An absolute POSIX path path.resolve leaves as it is (no `.`/`..`/empty segment, no trailing `/`). */
function isNormal(p: string): boolean {
  return p.charCodeAt(0) === 0x2f && (p.length === 1 || p.charCodeAt(p.length - 1) !== 0x2f) && !UNNORMALISED_RE.test(p);
}

/**
 * `path.relative(dir, p)` decided without it where both are normal POSIX paths: the part of `p`
 * below `dir` when it is inside it; false when it is not (path.relative gives '' or a path
 * starting with `..`); undefined when the fast test does not apply (Windows, unnormalised paths),
 * and the caller calls path.relative.
 */
export function pathBelow(dir: string, p: string): string | false | undefined {
  if (path.sep !== '/' || !isNormal(p) || !isNormal(dir)) return undefined;
  if (dir.length === 1) return p.length > 1 ? p.slice(1) : false;
  return p.length > dir.length + 1 && p.charCodeAt(dir.length) === 0x2f && p.startsWith(dir) ? p.slice(dir.length + 1) : false;
}
