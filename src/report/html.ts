// report.html: one self-contained page that opens from disk with no network (a CSP meta tag
// forbids every fetch), inline CSS, SVG timelines drawn here, and no script needed to read it:
// the severity and rule filters are checkboxes that CSS alone applies. The report's JSON rides
// along in a <script type="application/json"> block with `<`, `>`, `&`, U+2028 and U+2029
// escaped, so no log text can close it. Every string from an input goes through escapeHtml.
import { escapeHtml } from '../escape.js';
import { count, SEVERITY_ORDER } from '../reporters/report-heading.js';
import type { GoneFinding, ReportFinding, ScheduledReport } from './model.js';
import { renderTimeline, timelineRows } from './timeline.js';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const CSS = `
body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#111;max-width:1200px}
h1{font-size:22px}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;margin:8px 0}th,td{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#f3f4f6}td.num{text-align:right}code{font-size:12px}
.verdict{font-size:18px;padding:8px 12px;border:2px solid;display:inline-block}
.verdict.pass{border-color:#15803d}.verdict.fail{border-color:#b91c1c}.verdict.incomplete{border-color:#a16207}
.badge{font-weight:600}.filters label{margin-right:10px;white-space:nowrap}
.msg{word-break:break-word}.where{word-break:break-all}
`;

const TIMELINE_LEGEND =
  '<p class="legend">Shaded: the exposure window · dashed rule: <code>--until</code> · hatched: no log covers it · bars: token uses per time bucket · ● first use (a line to the last) · ◆ registration · ▲ auth-failure burst · red: critical, orange: high, grey: lower (the shape and the table below say the same).</p>';

/** JSON inside <script type="application/json">: nothing in it can end the element or the line. */
export function embedJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const e = escapeHtml;
const cls = (s: string): string => s.replace(/[^a-z0-9-]/gi, '_');
const where = (l: { path: string; line: number } | undefined): string => (l === undefined ? '-' : `<code>${e(l.path)}:${l.line}</code>`);

function table(head: readonly string[], rows: readonly string[], numeric: ReadonlySet<number> = new Set()): string {
  return `<table><thead><tr>${head.map((h) => `<th scope="col">${e(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('\n')}</tbody></table>`;
}

function findingRows(list: ReadonlyArray<ReportFinding | GoneFinding>): string[] {
  return list.map((f) => {
    const time = 'time' in f && f.time ? e(f.time) : '-';
    const who = 'source' in f ? [f.source, f.agent !== undefined ? `agent ${f.agent}` : undefined].filter((x) => x !== undefined).map((x) => e(x!)).join('<br>') : '';
    const token = 'token' in f && f.token ? `<code>${e(f.token)}</code>` : 'secret' in f && f.secret ? `<code>${e(f.secret.fingerprint)}</code>` : '';
    const reason = 'baselineReason' in f && f.baselineReason ? ` (${e(f.baselineReason)})` : '';
    return `<tr class="sev-${cls(f.severity)} rule-${cls(f.rule)}"><td><span class="badge">${e(f.baseline)}</span>${reason}</td><td>${e(f.severity)}</td><td><code>${e(f.rule)}</code></td><td>${time}</td><td>${who || '-'}</td><td class="where">${where(f.location)}</td><td>${token || '-'}</td><td class="msg">${e(f.message)}</td></tr>`;
  });
}

const FINDING_HEAD = ['baseline', 'severity', 'rule', 'time', 'source / agent', 'where', 'token / secret', 'message'];

/** Checkboxes, then the table: `#id-sev-high:not(:checked) ~ div tr.sev-high` hides without script. */
function filterable(id: string, list: ReadonlyArray<ReportFinding | GoneFinding>): string {
  if (list.length === 0) return '<p>None.</p>';
  const sevs = SEVERITY_ORDER.filter((s) => list.some((f) => f.severity === s));
  const rules = [...new Set(list.map((f) => f.rule))].sort();
  const boxes = [...sevs.map((s) => ['sev', s] as const), ...rules.map((r) => ['rule', r] as const)];
  const css = boxes.map(([k, v]) => `#${id}-${k}-${cls(v)}:not(:checked) ~ div tr.${k}-${cls(v)}{display:none}`).join('\n');
  const inputs = boxes.map(([k, v]) => `<input type="checkbox" id="${id}-${k}-${cls(v)}" checked><label for="${id}-${k}-${cls(v)}">${e(v)}</label>`).join('\n');
  return `<style>${css}</style><div class="filters" role="group" aria-label="filter by severity and rule">${inputs}<div>${table(FINDING_HEAD, findingRows(list))}</div></div>`;
}

export function renderReportHtml(report: ScheduledReport): string {
  const s = report.summary;
  const out: string[] = [];
  out.push('<!doctype html><html lang="en"><head><meta charset="utf-8">');
  out.push(`<meta http-equiv="Content-Security-Policy" content="${CSP}">`);
  out.push('<meta name="viewport" content="width=device-width, initial-scale=1"><title>clawprint report</title>');
  out.push(`<style>${CSS}</style></head><body>`);
  out.push('<h1>clawprint report</h1>');
  const verdictText = report.verdict === 'pass' ? 'PASS: no new finding at or above' : report.verdict === 'fail' ? 'FAIL: new findings at or above' : 'INCOMPLETE: a run could not finish; fail-on';
  out.push(`<p class="verdict ${report.verdict}" id="verdict">${e(verdictText)} <code>${e(report.failOn)}</code></p>`);
  out.push(`<p id="counts"><strong>${count(s.new)}</strong> new · <strong>${count(s.known)}</strong> known · <strong>${count(s.gone)}</strong> gone · generated ${e(report.generated)}${report.baseline ? ` · baseline <code>${e(report.baseline)}</code>` : ''}</p>`);
  out.push(table(['severity', 'new', 'all current'], SEVERITY_ORDER.map((sev) => `<tr><td>${sev}</td><td class="num">${count(s.newBySeverity[sev])}</td><td class="num">${count(s.bySeverity[sev])}</td></tr>`)));

  out.push('<h2 id="window">Window and tokens</h2>');
  out.push(table(['run', 'exit', 'window', 'tokens (fingerprints)'], report.runs.map((r) => `<tr><td>${e(r.name)}</td><td class="num">${r.exitCode}</td><td>${r.window ? `${e(r.window.since)} to ${e(r.window.until)}` : '-'}</td><td>${r.tokens.map((t) => `<code>${e(t.fingerprint)}</code> (${e(t.label)})`).join('<br>') || '-'}</td></tr>`)));

  const logRuns = report.runs.filter((r) => r.producer === 'audit' || r.producer === 'rotation');
  out.push('<h2 id="coverage">Coverage</h2>');
  const coverage = logRuns.flatMap((r) => r.inputs.map((c) => `<tr><td>${e(r.name)}</td><td class="where"><code>${e(c.path)}</code></td><td>${e(`${c.envelope}/${c.format}`)}</td><td class="num">${count(c.lines)}</td><td class="num">${count(c.events)}</td><td class="num">${count(c.unparsed)}</td><td>${e(c.first ?? '-')}</td><td>${e(c.last ?? '-')}</td></tr>`));
  out.push(coverage.length ? `<div id="coverage-table">${table(['run', 'path', 'format', 'lines', 'events', 'unparsed', 'first', 'last'], coverage)}</div>` : '<p>No log was audited.</p>');

  out.push('<h2 id="timeline">Timeline</h2>');
  const audits = report.runs.filter((r) => r.producer === 'audit');
  if (audits.length === 0) out.push('<p>No audit in this report.</p>');
  audits.forEach((run, i) => {
    const mine = report.findings.filter((f) => f.producer === 'audit' && f.run === run.name);
    out.push(`<h3>${e(run.name)}</h3>`, TIMELINE_LEGEND, renderTimeline(run, mine, `tl${i}`));
    const rows = timelineRows(mine);
    out.push(`<details><summary>The timeline's data (${count(rows.length)} rows)</summary>${table(['lane', 'kind', 'rule', 'severity', 'from', 'to', 'events'], rows.map((r) => `<tr><td>${e(r.lane)}</td><td>${r.kind}</td><td>${e(r.rule)}</td><td>${r.severity}</td><td>${new Date(r.from).toISOString()}</td><td>${new Date(r.to).toISOString()}</td><td class="num">${count(r.count)}</td></tr>`))}</details>`);
  });

  const main = report.findings.filter((f) => f.producer === 'scan' || f.producer === 'audit');
  out.push(`<h2 id="findings">Findings (${count(main.length)})</h2>`, filterable('findings', main));
  if (report.gone.length > 0) {
    out.push(`<h2 id="gone">Gone since the baseline (${count(report.gone.length)})</h2>`);
    out.push('<p>A secret gone from the tree is not fixed: it stays in git history. Rotate it.</p>', table(FINDING_HEAD, findingRows(report.gone)));
  }
  const config = report.findings.filter((f) => f.producer === 'config');
  out.push(`<h2 id="config">Config checks (${count(config.length)})</h2>`, filterable('config', config));
  const rotation = report.findings.filter((f) => f.producer === 'rotation');
  out.push(`<h2 id="rotation">Rotation</h2>`, rotation.length ? table(FINDING_HEAD, findingRows(rotation)) : '<p>No rotation in this report.</p>');

  out.push('<h2 id="inputs">Inputs</h2>');
  out.push(table(['run', 'inputs read', 'issues'], report.runs.map((r) => `<tr><td>${e(r.name)}</td><td class="num">${count(r.inputs.length)}</td><td>${r.issues.map((i) => `<code>${e(i.path)}</code> ${e(i.kind)}: ${e(i.message)}`).join('<br>') || '-'}</td></tr>`)));
  out.push(`<script type="application/json" id="clawprint-report">${embedJson(report)}</script>`);
  out.push('</body></html>');
  return out.join('\n') + '\n';
}
