// The bench's output: a plain text table, the docs/product.md §10 targets with PASS/MISS per clawprint row,
// and the same data as JSON.

/** docs/product.md §10, on one core. */
export const TARGETS = {
  audit: { mbps: 1000, label: 'audit ≥ 1,000 MB/s uncompressed' },
  gzip: { mbps: 500, label: '≥ 500 MB/s from gzip' },
  scan: { mbps: 300, label: 'scan ≥ 300 MB/s' },
  structured: { mbps: 300, label: 'scan of a YAML/JSON tree ≥ 300 MB/s' },
  rssMB: 150,
};

export const TARGETS_LINE = `Targets (docs/product.md §10, one core): ${TARGETS.audit.label} · ${TARGETS.gzip.label} · ${TARGETS.scan.label} · ${TARGETS.structured.label} · peak RSS ≤ ${TARGETS.rssMB} MB`;

/**
 * A finished measurement: { work, tool, mb, seconds, mbps, rssMB, target? }; `target` (clawprint
 * rows) is the key into TARGETS. Rows that did not run carry `status` instead of figures.
 */
export function measuredRow(work, tool, mb, result, target) {
  if (result.error) return skippedRow(work, tool, mb, `failed (${result.error})`);
  const row = { work, tool, mb: round(mb, 3), seconds: round(result.seconds, 3), mbps: round(mb / result.seconds, 1), rssMB: round(result.rssMB, 1) };
  // CPU time in user mode: what a shared machine's load changes least (wall time is what MB/s uses).
  if (Number.isFinite(result.userSeconds)) row.userSeconds = round(result.userSeconds, 2);
  if (target) {
    const speed = row.mbps >= TARGETS[target].mbps ? 'PASS' : 'MISS';
    const rss = row.rssMB <= TARGETS.rssMB ? 'PASS' : 'MISS';
    row.target = { mbps: TARGETS[target].mbps, rssMB: TARGETS.rssMB, speed, rss };
  }
  return row;
}

export function skippedRow(work, tool, mb, status) {
  return { work, tool, mb: round(mb, 3), status };
}

const round = (n, digits) => Math.round(n * 10 ** digits) / 10 ** digits;

const fixed = (n, digits) => (n === undefined ? '' : n.toFixed(digits));

export function renderTable(rows) {
  const header = ['work', 'tool', 'MB', 'seconds', 'user s', 'MB/s', 'peak RSS MB', 'vs target'];
  const cells = rows.map((r) =>
    r.status
      ? [r.work, r.tool, fixed(r.mb, 1), r.status, '', '', '', '']
      : [
          r.work,
          r.tool,
          fixed(r.mb, 1),
          fixed(r.seconds, 3),
          fixed(r.userSeconds, 2),
          fixed(r.mbps, 1),
          fixed(r.rssMB, 1),
          r.target ? `${r.target.speed} ≥ ${r.target.mbps} MB/s, ${r.target.rss} ≤ ${r.target.rssMB} MB` : '',
        ],
  );
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r, j) => (r.status && i >= 3 ? 0 : cells[j][i].length))));
  const numeric = [false, false, true, true, true, true, true, false];
  const line = (c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]));
  const out = [header.map(line).join('  ').trimEnd(), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const [i, c] of cells.entries()) {
    // A row that did not run prints its status across the figure columns.
    out.push(rows[i].status ? `${c.slice(0, 3).map(line).join('  ')}  ${rows[i].status}` : c.map(line).join('  ').trimEnd());
  }
  return out.join('\n');
}

/** "clawprint scan is N× secretlint" when both ran. */
export function scanRatioLine(rows) {
  const ours = rows.find((r) => r.work === 'scan' && r.tool.startsWith('clawprint') && !r.status);
  const theirs = rows.find((r) => r.work === 'scan' && r.tool.startsWith('secretlint') && !r.status);
  if (!ours || !theirs) return undefined;
  return `scan throughput ratio clawprint/secretlint: ${(ours.mbps / theirs.mbps).toFixed(1)}× (peak RSS ${ours.rssMB.toFixed(0)} vs ${theirs.rssMB.toFixed(0)} MB)`;
}

/** Counts a clawprint JSON report's findings by rule, and sums `count` of aggregated token-use findings. */
export function summarizeFindings(report) {
  const byRule = {};
  let tokenUses = 0;
  for (const f of report.findings ?? []) {
    byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
    if (f.rule === 'token-use') tokenUses += f.count ?? 1;
  }
  const bytesRead = (report.inputs ?? []).reduce((sum, i) => sum + (i.bytes ?? 0), 0);
  return { findings: report.findings?.length ?? 0, byRule, tokenUses, bytesRead };
}

export function describeFindings(summary) {
  const rules = Object.entries(summary.byRule)
    .sort((a, b) => b[1] - a[1])
    .map(([rule, n]) => `${rule} ${n}`)
    .join(', ');
  return `${summary.findings} findings${rules ? ` (${rules})` : ''}`;
}
