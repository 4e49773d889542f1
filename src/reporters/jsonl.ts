// `--format jsonl`: one finding per line and nothing else, for `jq`, log shippers and SIEMs.
import { findingJson } from './finding-json.js';
import type { Reporter, StreamingReporter } from './reporter.js';

// JSON.stringify leaves NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR raw, and line splitters such
// as Python's str.splitlines() break on them: a user agent could otherwise split one finding in two.
const LINE_BREAKERS = /[\u0085\u2028\u2029]/g;

export const streamJsonl: StreamingReporter = function* (report, options) {
  for (const f of report.findings) {
    yield JSON.stringify(findingJson(f, options.displayTz)).replace(LINE_BREAKERS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) + '\n';
  }
};

export const renderJsonl: Reporter = (report, options) => [...streamJsonl(report, options)].join('');
