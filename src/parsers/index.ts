// Every payload parser, in detection order: the first whose detect() accepts a file's payload
// sample wins; `plain` accepts everything and comes last.
import type { Parser, ParserId } from './parser.js';
import { plain } from './plain.js';

export const PARSERS = {
  plain,
} satisfies Partial<Record<ParserId, Parser>>;

export const PARSER_ORDER: readonly Parser[] = [plain];

export function parserById(id: string): Parser | undefined {
  return PARSER_ORDER.find((p) => p.id === id);
}
