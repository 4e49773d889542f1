// The SVG timeline of one audit run, drawn when the report is written (no script, no chart
// library): the exposure window shaded, coverage gaps hatched, a track of token uses per time
// bucket, one lane per source with findings (the 50 most severe, then "N other sources"), shapes
// for registrations (diamond), auth-failure bursts (triangle) and first use (circle), and a rule at
// --until. Every mark carries a <title>; colour is never the only cue (shapes and labels are).
import { escapeHtml } from '../escape.js';
import { severityRank, type Severity } from '../severity.js';
import type { ReportFinding, RunSummary } from './model.js';

export const MAX_LANES = 50;
const WIDTH = 960;
const LEFT = 190;
const RIGHT = 20;
const LANE = 18;
const BUCKETS = 60;

export interface TimelineRow {
  lane: string;
  kind: 'use' | 'registration' | 'auth-failures' | 'gap' | 'other';
  from: number;
  to: number;
  count: number;
  severity: Severity;
  rule: string;
}

const t = (iso: string | undefined): number | undefined => (iso === undefined ? undefined : Date.parse(iso));

function kindOf(rule: string): TimelineRow['kind'] {
  if (rule === 'token-use' || rule === 'token-use-after-window' || rule === 'unattributed-shared-token-use') return 'use';
  if (rule === 'unexpected-registration') return 'registration';
  if (rule === 'auth-failures') return 'auth-failures';
  if (rule === 'log-coverage-gap') return 'gap';
  return 'other';
}

/** What the timeline draws, one row per finding with a time: also the table that repeats it. */
export function timelineRows(findings: readonly ReportFinding[]): TimelineRow[] {
  const rows: TimelineRow[] = [];
  for (const f of findings) {
    const kind = kindOf(f.rule);
    const from = t(kind === 'gap' ? (f.from ?? f.time) : f.time);
    if (from === undefined) continue;
    const to = t(kind === 'gap' ? (f.to ?? f.lastTime) : (f.lastTime ?? f.time)) ?? from;
    const lane = kind === 'gap' ? '(coverage)' : (f.source ?? (f.agent !== undefined ? `agent ${f.agent}` : f.device !== undefined ? `device ${f.device.slice(0, 12)}…` : '(no source)'));
    rows.push({ lane, kind, from, to, count: f.count ?? 1, severity: f.severity, rule: f.rule });
  }
  return rows;
}

export function renderTimeline(run: RunSummary, findings: readonly ReportFinding[], id: string): string {
  const rows = timelineRows(findings);
  const since = t(run.window?.since);
  const until = t(run.window?.until);
  const times = rows.flatMap((r) => [r.from, r.to]).concat(since ?? [], until ?? []);
  if (times.length === 0) return `<p>No finding of ${escapeHtml(run.name)} has a time to draw.</p>`;
  let start = Math.min(...times);
  let end = Math.max(...times);
  const pad = Math.max((end - start) * 0.05, 60_000);
  start -= pad;
  end += pad;
  const x = (ms: number): number => LEFT + ((ms - start) / (end - start)) * (WIDTH - LEFT - RIGHT);
  const worst = new Map<string, number>();
  for (const r of rows) if (r.lane !== '(coverage)') worst.set(r.lane, Math.max(worst.get(r.lane) ?? 0, severityRank(r.severity)));
  const lanes = [...worst.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([lane]) => lane);
  const shown = lanes.slice(0, MAX_LANES);
  const others = lanes.length - shown.length;
  const top = 40;
  const trackY = top;
  const laneY = (i: number): number => top + 40 + i * LANE;
  const height = laneY(shown.length + (others > 0 ? 1 : 0)) + 30;
  const svg: string[] = [];
  const title = `Timeline of ${run.name}`;
  const desc = `From ${new Date(start).toISOString()} to ${new Date(end).toISOString()}: the exposure window shaded, coverage gaps hatched, token uses per time bucket, ${shown.length} source lanes${others > 0 ? ` and ${others} other sources` : ''}. The table after the chart lists the same data.`;
  svg.push(`<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="${id}-t ${id}-d" viewBox="0 0 ${WIDTH} ${height}" width="100%" class="timeline">`);
  svg.push(`<title id="${id}-t">${escapeHtml(title)}</title><desc id="${id}-d">${escapeHtml(desc)}</desc>`);
  svg.push(`<defs><pattern id="${id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="#b00" stroke-width="2"/></pattern></defs>`);
  if (since !== undefined && until !== undefined) {
    svg.push(`<rect class="window" x="${x(since).toFixed(1)}" y="${top - 10}" width="${Math.max(1, x(until) - x(since)).toFixed(1)}" height="${height - top}" fill="#fde68a" opacity="0.5"><title>exposure window ${escapeHtml(run.window!.since)} to ${escapeHtml(run.window!.until)}</title></rect>`);
    svg.push(`<line class="until" x1="${x(until).toFixed(1)}" x2="${x(until).toFixed(1)}" y1="${top - 14}" y2="${height - 20}" stroke="#000" stroke-dasharray="4 3"/><text x="${(x(until) + 3).toFixed(1)}" y="${top - 16}" font-size="11">--until</text>`);
  }
  for (const r of rows.filter((row) => row.kind === 'gap')) {
    svg.push(`<rect class="gap" x="${x(r.from).toFixed(1)}" y="${top - 10}" width="${Math.max(2, x(r.to) - x(r.from)).toFixed(1)}" height="${height - top}" fill="url(#${id}-hatch)" opacity="0.6"><title>coverage gap ${new Date(r.from).toISOString()} to ${new Date(r.to).toISOString()}: no log covers it</title></rect>`);
  }
  // Token uses per bucket: a use finding spreads its count evenly over its span.
  const buckets = new Array<number>(BUCKETS).fill(0);
  const bucketOf = (ms: number): number => Math.min(BUCKETS - 1, Math.max(0, Math.floor(((ms - start) / (end - start)) * BUCKETS)));
  for (const r of rows.filter((row) => row.kind === 'use')) {
    const a = bucketOf(r.from);
    const b = bucketOf(r.to);
    for (let i = a; i <= b; i++) buckets[i]! += r.count / (b - a + 1);
  }
  const peak = Math.max(1, ...buckets);
  svg.push(`<text x="4" y="${trackY + 14}" font-size="12">token uses</text>`);
  buckets.forEach((n, i) => {
    if (n <= 0) return;
    const bx = LEFT + (i / BUCKETS) * (WIDTH - LEFT - RIGHT);
    const h = Math.max(1, (n / peak) * 24);
    svg.push(`<rect class="bucket" x="${bx.toFixed(1)}" y="${(trackY + 24 - h).toFixed(1)}" width="${((WIDTH - LEFT - RIGHT) / BUCKETS - 1).toFixed(1)}" height="${h.toFixed(1)}" fill="#1d4ed8"><title>${Math.round(n)} uses from ${new Date(start + (i / BUCKETS) * (end - start)).toISOString()}</title></rect>`);
  });
  shown.forEach((lane, i) => {
    const y = laneY(i);
    svg.push(`<text class="lane" x="4" y="${y + 4}" font-size="11">${escapeHtml(lane.length > 28 ? `${lane.slice(0, 27)}…` : lane)}</text><line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${y}" y2="${y}" stroke="#ddd"/>`);
    for (const r of rows.filter((row) => row.lane === lane)) {
      const label = `${r.rule} (${r.severity}) ${lane}: ${new Date(r.from).toISOString()}${r.to !== r.from ? ` to ${new Date(r.to).toISOString()}` : ''}, ${r.count} event${r.count === 1 ? '' : 's'}`;
      const x0 = x(r.from);
      const color = r.severity === 'critical' ? '#b91c1c' : r.severity === 'high' ? '#c2410c' : '#4b5563';
      if (r.to > r.from) svg.push(`<line x1="${x0.toFixed(1)}" x2="${x(r.to).toFixed(1)}" y1="${y}" y2="${y}" stroke="${color}" stroke-width="3"><title>${escapeHtml(label)}</title></line>`);
      if (r.kind === 'registration') svg.push(`<path class="mark registration" d="M${x0.toFixed(1)} ${y - 6} l6 6 l-6 6 l-6 -6z" fill="${color}"><title>${escapeHtml(label)}</title></path>`);
      else if (r.kind === 'auth-failures') svg.push(`<path class="mark auth-failures" d="M${x0.toFixed(1)} ${y - 6} l6 11 h-12z" fill="${color}"><title>${escapeHtml(label)}</title></path>`);
      else svg.push(`<circle class="mark first-use" cx="${x0.toFixed(1)}" cy="${y}" r="5" fill="${color}"><title>${escapeHtml(label)}</title></circle>`);
    }
  });
  if (others > 0) svg.push(`<text x="4" y="${laneY(shown.length) + 4}" font-size="11">${others} other sources (in the findings table)</text>`);
  svg.push(`<text x="${LEFT}" y="${height - 6}" font-size="10">${escapeHtml(new Date(start).toISOString())}</text><text x="${WIDTH - RIGHT}" y="${height - 6}" font-size="10" text-anchor="end">${escapeHtml(new Date(end).toISOString())}</text>`);
  svg.push('</svg>');
  return svg.join('\n');
}
