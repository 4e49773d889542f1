// Every reporter, one line each. Adding a format = its file + one line here + its fixtures.
import { renderCsv } from './csv.js';
import { renderJson, streamJson } from './json.js';
import { renderJsonl, streamJsonl } from './jsonl.js';
import { renderMarkdown } from './markdown.js';
import type { Reporter, StreamingReporter } from './reporter.js';
import { renderSarif } from './sarif.js';
import { renderTable } from './table.js';

/** `--format` values; the first is the default. */
export const FORMAT_IDS = ['table', 'json', 'jsonl', 'markdown', 'csv', 'sarif'] as const;
export type FormatId = (typeof FORMAT_IDS)[number];

export const REPORTERS = {
  table: renderTable,
  json: renderJson,
  jsonl: renderJsonl,
  markdown: renderMarkdown,
  csv: renderCsv,
  sarif: renderSarif,
} satisfies Record<FormatId, Reporter>;

/** Formats written piece by piece, so no report has to fit in one string; the others are bounded (commands/output.ts). */
export const STREAMING_REPORTERS = {
  json: streamJson,
  jsonl: streamJsonl,
} satisfies Partial<Record<FormatId, StreamingReporter>>;
