// Making attacker-controlled text safe to show a human: log lines are written by whoever sent the
// request, so a user agent can carry newlines, ANSI escapes or bidi overrides. Table and Markdown
// cells go through `visible` first, then are cut to a sane width.

// C0 controls, DEL, C1 controls (ESC starts terminal escape sequences; CSI is U+009B), bidi
// embeddings/overrides/isolates (Trojan Source, CVE-2021-42574), zero-width characters, the
// Unicode line/paragraph separators and the BOM — none of them should act on a reader's terminal.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Replaces every control or invisible character with a visible escape (`\n`, `\x1b`, `\u202e`). */
export function visible(text: string): string {
  return text.replace(INVISIBLE, (c) => {
    const named = NAMED[c];
    if (named !== undefined) return named;
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Keeps the start: `abcdefgh` → `abcd…`. Counts code points so a surrogate pair is never split. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, Math.max(0, max - 1)).join('') + '…';
}

/** Keeps the end, for paths where the file name matters most: `…/openclaw/gateway.log:12`. */
export function truncateStart(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : '…' + chars.slice(chars.length - Math.max(0, max - 1)).join('');
}

/** Attacker-controlled text for one cell: escaped, then cut. */
export function cell(text: string, max: number): string {
  return truncate(visible(text), max);
}

/** The first `shown` items, each made safe, and `+N more` for the rest. */
export function listWithMore(items: readonly string[], shown: number, max: number): string[] {
  const out = items.slice(0, shown).map((item) => cell(item, max));
  if (items.length > shown) out.push(`+${items.length - shown} more`);
  return out;
}
