// Every payload parser, in detection order: the first whose detect() accepts a file's payload
// sample wins; `plain` accepts everything and comes last.
import { accessLog } from './access-log.js';
import { gatewayJsonl } from './gateway-jsonl.js';
import { gatewayLogfmt } from './gateway-logfmt.js';
import { openclawConsole } from './openclaw-console.js';
import { openclawFile } from './openclaw-file.js';
import type { Parser, ParserId } from './parser.js';
import { plain } from './plain.js';

export const PARSERS = {
  'gateway-jsonl': gatewayJsonl,
  'gateway-logfmt': gatewayLogfmt,
  'openclaw-file': openclawFile,
  'openclaw-console': openclawConsole,
  'access-log': accessLog,
  plain,
} satisfies Record<ParserId, Parser>;

// Specific before general: JSON schemas before text shapes, and the tslog file (JSON with `time`
// but no event) is told apart by gateway-jsonl's event/method requirement. Console last: its
// `[subsystem]` shape is the loosest.
export const PARSER_ORDER: readonly Parser[] = [gatewayJsonl, openclawFile, accessLog, gatewayLogfmt, openclawConsole, plain];

export function parserById(id: string): Parser | undefined {
  return PARSER_ORDER.find((p) => p.id === id);
}
