import type { InputCoverage } from '../pipeline/coverage.js';
import { formatTime } from '../time.js';
import type { AuditDetector } from './detector.js';
import { type Finding, findingId, type Location } from './finding.js';

interface Span {
  from: number;
  to: number;
  input: InputCoverage;
}

/** Inputs read as `plain` (no parser recognised them) cover no time. */
export const coversTime = (c: InputCoverage): boolean => c.format !== 'plain';

function notCounted(paths: readonly string[]): string {
  if (paths.length === 0) return '';
  const named = paths.slice(0, 3).join(', ') + (paths.length > 3 ? ` and ${paths.length - 3} more` : '');
  return ` (not counted as coverage, format not recognised: ${named})`;
}

// Part of the window no input covers: the audit cannot clear it. An input covers its first to its
// last timestamp (docs/product.md §4); a truncated input covers only what was read before the cut.
export const logCoverageGap = {
  meta: {
    id: 'log-coverage-gap',
    severity: 'medium',
    description: 'Part of the window is covered by no input; the audit cannot clear that part.',
  },
  reads: [],
  examples: {
    match: ['{"ts":"2025-02-21T15:00:00Z","event":"http.request","method":"GET","path":"/health","status":200,"remote_addr":"10.0.0.5"}'],
    noMatch: [
      '{"ts":"2025-02-21T13:00:00Z","event":"http.request","method":"GET","path":"/health","status":200,"remote_addr":"10.0.0.5"}',
      '{"ts":"2025-02-21T19:00:00Z","event":"http.request","method":"GET","path":"/health","status":200,"remote_addr":"10.0.0.5"}',
    ],
  },
  // Coverage is the audit's own (each input's first and last time, in every state file): no state here.
  create: () => ({ onEvent() {}, state: () => null }),
  merge: () => null,
  finish(_state, ctx, { since, until, coverage }) {
    // An input no parser recognised (`plain`) holds no gateway event the audit could have
    // seen: its timestamps do not cover the window, and each gap names it.
    const unrecognised = coverage.filter((c) => !coversTime(c) && c.lines > 0).map((c) => c.path);
    const spans: Span[] = coverage
      .filter((c) => coversTime(c) && c.first !== undefined && c.last !== undefined)
      .map((c) => ({ from: c.first!, to: c.last!, input: c }))
      .sort((a, b) => a.from - b.from);
    const gaps: Array<{ from: number; to: number; at: Location | undefined }> = [];
    let cursor = since;
    let previous: Span | undefined;
    for (const span of spans) {
      if (span.to < cursor) continue;
      if (span.from > cursor && span.from > since) {
        const from = cursor;
        const to = Math.min(span.from, until);
        const at = previous ? { path: previous.input.path, line: previous.input.lines } : { path: span.input.path, line: 1 };
        if (to > from) gaps.push({ from, to, at });
      }
      if (span.to > cursor) {
        cursor = span.to;
        previous = span;
      }
      if (cursor >= until) break;
    }
    if (cursor < until) {
      // After the last input that covers time; else at the first input (it has no times); else,
      // when no input was read at all, nowhere: no input can be blamed (never stdin's `-`).
      const first = coverage[0];
      const at = previous ? { path: previous.input.path, line: previous.input.lines } : first ? { path: first.path, line: 1 } : undefined;
      gaps.push({ from: cursor, to: until, at });
    }
    const findings = gaps
      .filter((g) => g.to - g.from >= ctx.coverageToleranceMs)
      .map((g): Finding => ({
        id: findingId('log-coverage-gap', g.from, g.to),
        rule: 'log-coverage-gap',
        severity: 'medium',
        message: `no input covers ${formatTime(g.from)} to ${formatTime(g.to)}; token use in that part of the window cannot be ruled out${notCounted(unrecognised)}`,
        ...(g.at !== undefined ? { location: g.at } : {}),
        time: g.from,
        from: g.from,
        to: g.to,
      }));
    return { findings, limits: [] };
  },
} satisfies AuditDetector<null>;
