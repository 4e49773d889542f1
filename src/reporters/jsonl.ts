// `--format jsonl`: one finding per line and nothing else, for `jq`, log shippers and SIEMs.
import { escapeJsonText } from '../escape.js';
import { findingJson } from './finding-json.js';
import type { Reporter, StreamingReporter } from './reporter.js';

// JSON.stringify leaves NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR raw, and line splitters such
// as Python's str.splitlines() break on them (a user agent could split one finding in two); bidi and
// invisible characters too: escapeJsonText writes them as `\uXXXX`.
export const streamJsonl: StreamingReporter = function* (report, options) {
  for (const f of report.findings) yield escapeJsonText(JSON.stringify(findingJson(f, options.displayTz))) + '\n';
};

export const renderJsonl: Reporter = (report, options) => [...streamJsonl(report, options)].join('');
