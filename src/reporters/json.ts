// `--format json`: the whole report as one object, keys in the order SPEC §9 lists them.
import { coverageJson, findingJson, issueJson, tokensJson, windowJson } from './finding-json.js';
import { type Reporter, summarize } from './reporter.js';

export const renderJson: Reporter = (report, options) => {
  const window = windowJson(report, options.displayTz);
  const out = {
    tool: { name: report.tool.name, version: report.tool.version },
    command: report.command,
    ...(window !== undefined ? { window } : {}),
    tokens: tokensJson(report.tokens),
    inputs: report.inputs.map((c) => coverageJson(c, options.displayTz)),
    issues: report.issues.map(issueJson),
    ...(report.limits !== undefined && report.limits.length > 0 ? { limits: report.limits.map((l) => ({ scope: l.scope, kind: l.kind, count: l.count, message: l.message })) } : {}),
    findings: report.findings.map((f) => findingJson(f, options.displayTz)),
    summary: summarize(report.findings),
  };
  return JSON.stringify(out, null, 2) + '\n';
};
