// `--format json`: the whole report as one object, keys in the order docs/product.md §9 lists them.
import { escapeJsonText } from '../escape.js';
import { coverageJson, findingJson, issueJson, tokensJson, windowJson } from './finding-json.js';
import { type Report, type Reporter, type StreamingReporter, summarize } from './reporter.js';

// The report is laid out with empty inputs and findings arrays, which are then written item by
// item at the place of each (a real newline before `"inputs"` or `"findings"` is structure, never
// a string: JSON.stringify escapes a newline inside one).
const EMPTY_INPUTS = '\n  "inputs": [],\n';
const EMPTY_FINDINGS = '\n  "findings": [],\n';
/**
 * Coverage rows and findings are yielded in pieces of this many items (tens of KB): laid out in the
 * one string with the rest, the rows of a tree of thousands of files made a string of MBs, copied
 * whole when flattened and again into a Buffer when written, on fresh pages (~2,000 page faults
 * for the YAML/JSON tree's 3 MB report; docs/performance.md, "2026-12-06, per call").
 */
const PIECE_ITEMS = 128;

// Items at the depth of a top-level array's: JSON.stringify([[…]], null, 2) lays them out with
// the indentation JSON.stringify(report, null, 2) gives them, in one call (one string per item,
// re-indented with a regular expression, was ~20 MB of garbage for the YAML/JSON tree's report).
const NESTED_OPEN = '[\n  [\n'.length;
const NESTED_CLOSE = '\n  ]\n]'.length;

/** Items `[from, to)` of `values`, as they follow `[` (or an item before, `first` false) in the report. */
function items<T>(values: readonly T[], from: number, to: number, json: (value: T) => unknown, first: boolean): string {
  const batch = new Array<unknown>(to - from);
  for (let i = from; i < to; i++) batch[i - from] = json(values[i]!);
  const text = JSON.stringify([batch], null, 2);
  return `${first ? '' : ','}\n${escapeJsonText(text.slice(NESTED_OPEN, text.length - NESTED_CLOSE))}`;
}

/** The items of a top-level array, PIECE_ITEMS at a time, as they follow its `[`. */
function* pieces<T>(values: readonly T[], json: (value: T) => unknown): Generator<string> {
  for (let i = 0; i < values.length; i += PIECE_ITEMS) yield items(values, i, Math.min(i + PIECE_ITEMS, values.length), json, i === 0);
}

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
  // Inputs and findings are escaped piece by piece (items); the rest here, once.
  const text = escapeJsonText(JSON.stringify(out, null, 2));
  const inputsAt = text.indexOf(EMPTY_INPUTS);
  const findingsAt = text.indexOf(EMPTY_FINDINGS);
  let from = 0;
  if (report.inputs.length !== 0) {
    yield text.slice(0, inputsAt) + '\n  "inputs": [';
    yield* pieces(report.inputs, (c) => coverageJson(c, options.displayTz));
    yield '\n  ],\n';
    from = inputsAt + EMPTY_INPUTS.length;
  }
  if (report.findings.length === 0) {
    yield text.slice(from) + '\n';
    return;
  }
  yield text.slice(from, findingsAt) + '\n  "findings": [';
  yield* pieces(report.findings, (f) => findingJson(f, options.displayTz));
  yield `\n  ],\n${text.slice(findingsAt + EMPTY_FINDINGS.length)}\n`;
};

export const renderJson: Reporter = (report, options) => [...streamJson(report, options)].join('');
