// `--format json`: the whole report as one object, keys in the order docs/product.md §9 lists them.
import { coverageJson, findingJson, issueJson, tokensJson, windowJson } from './finding-json.js';
import { type Reporter, type StreamingReporter, summarize } from './reporter.js';

// The report is laid out with empty inputs and findings arrays, which are then written item by
// item at the place of each (a real newline before `"inputs"` or `"findings"` is structure, never
// a string: JSON.stringify escapes a newline inside one).
const EMPTY_INPUTS = '\n  "inputs": [],\n';
const EMPTY_FINDINGS = '\n  "findings": [],\n';
/**
 * Coverage rows are yielded in pieces of about this many characters: laid out in the one string
 * with the rest, the rows of a tree of thousands of files made a string of MBs, copied whole when
 * flattened and again into a Buffer when written, on fresh pages (~2,000 page faults for the
 * YAML/JSON tree's 3 MB report; docs/performance.md, "2026-12-06, per call").
 */
const PIECE_CHARS = 1 << 16;

/** An item of an array at the report's top level, as JSON.stringify(report, null, 2) lays it out. */
const item = (value: unknown, first: boolean): string => `${first ? '' : ','}\n    ${JSON.stringify(value, null, 2).replace(/\n/g, '\n    ')}`;

export const streamJson: StreamingReporter = function* (report, options) {
  const window = windowJson(report, options.displayTz);
  const out = {
    tool: { name: report.tool.name, version: report.tool.version },
    command: report.command,
    ...(window !== undefined ? { window } : {}),
    tokens: tokensJson(report.tokens),
    inputs: [],
    issues: report.issues.map(issueJson),
    ...(report.limits !== undefined && report.limits.length > 0 ? { limits: report.limits.map((l) => ({ scope: l.scope, kind: l.kind, count: l.count, message: l.message })) } : {}),
    findings: [],
    summary: summarize(report.findings),
  };
  const text = JSON.stringify(out, null, 2);
  const inputsAt = text.indexOf(EMPTY_INPUTS);
  const findingsAt = text.indexOf(EMPTY_FINDINGS);
  let from = 0;
  if (report.inputs.length !== 0) {
    let piece = text.slice(0, inputsAt) + '\n  "inputs": [';
    for (let i = 0; i < report.inputs.length; i++) {
      piece += item(coverageJson(report.inputs[i]!, options.displayTz), i === 0);
      if (piece.length < PIECE_CHARS) continue;
      yield piece;
      piece = '';
    }
    yield `${piece}\n  ],\n`;
    from = inputsAt + EMPTY_INPUTS.length;
  }
  if (report.findings.length === 0) {
    yield text.slice(from) + '\n';
    return;
  }
  yield text.slice(from, findingsAt) + '\n  "findings": [';
  let first = true;
  for (const f of report.findings) {
    yield item(findingJson(f, options.displayTz), first);
    first = false;
  }
  yield `\n  ],\n${text.slice(findingsAt + EMPTY_FINDINGS.length)}\n`;
};

export const renderJson: Reporter = (report, options) => [...streamJson(report, options)].join('');
