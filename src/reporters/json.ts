// `--format json`: the whole report as one object, keys in the order docs/product.md §9 lists them.
import { coverageJson, findingJson, issueJson, tokensJson, windowJson } from './finding-json.js';
import { type Reporter, type StreamingReporter, summarize } from './reporter.js';

// The report is laid out with an empty findings array, which is then written finding by finding
// at the place of that array (a real newline before `"findings"` is structure, never a string).
const EMPTY_FINDINGS = '\n  "findings": [],\n';

export const streamJson: StreamingReporter = function* (report, options) {
  const window = windowJson(report, options.displayTz);
  const out = {
    tool: { name: report.tool.name, version: report.tool.version },
    command: report.command,
    ...(window !== undefined ? { window } : {}),
    tokens: tokensJson(report.tokens),
    inputs: report.inputs.map((c) => coverageJson(c, options.displayTz)),
    issues: report.issues.map(issueJson),
    ...(report.limits !== undefined && report.limits.length > 0 ? { limits: report.limits.map((l) => ({ scope: l.scope, kind: l.kind, count: l.count, message: l.message })) } : {}),
    findings: [],
    summary: summarize(report.findings),
  };
  const text = JSON.stringify(out, null, 2);
  const at = text.indexOf(EMPTY_FINDINGS);
  if (report.findings.length === 0) {
    yield text + '\n';
    return;
  }
  yield text.slice(0, at) + '\n  "findings": [';
  let first = true;
  for (const f of report.findings) {
    yield `${first ? '' : ','}\n    ${JSON.stringify(findingJson(f, options.displayTz), null, 2).replace(/\n/g, '\n    ')}`;
    first = false;
  }
  yield `\n  ],\n${text.slice(at + EMPTY_FINDINGS.length)}\n`;
};

export const renderJson: Reporter = (report, options) => [...streamJson(report, options)].join('');
