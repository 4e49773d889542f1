// Cutting attacker-controlled text to a cell's width. Every such string was redacted when it
// entered its finding (redact-finding.ts), so a cut can never leave part of a secret standing; the
// text is made visible for a terminal (escape.ts) before it is cut, so a cut never splits an escape
// into something a terminal would act on.
import { escapeTerminal } from '../escape.js';

/** The terminal escape (escape.ts), under the name the reporters have always called it. */
export const visible = escapeTerminal;

/** Keeps the start: `abcdefgh` → `abcd…`. Counts code points so a surrogate pair is never split. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text; // no more code points than UTF-16 units
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, Math.max(0, max - 1)).join('') + '…';
}

/** Keeps the end, for paths where the file name matters most: `…/openclaw/gateway.log:12`. */
export function truncateStart(text: string, max: number): string {
  if (text.length <= max) return text;
  const chars = [...text];
  return chars.length <= max ? text : '…' + chars.slice(chars.length - Math.max(0, max - 1)).join('');
}

/** Attacker-controlled text for one cell: escaped, then cut. */
export function cell(text: string, max: number): string {
  return truncate(escapeTerminal(text), max);
}

/** The first `shown` items, each made safe, and `+N more` for the rest. */
export function listWithMore(items: readonly string[], shown: number, max: number): string[] {
  const out = items.slice(0, shown).map((item) => cell(item, max));
  if (items.length > shown) out.push(`+${items.length - shown} more`);
  return out;
}
