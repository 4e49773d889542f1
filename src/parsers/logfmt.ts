// key=value splitting in the two shapes clawprint reads:
// - logfmt (gateway-logfmt): values end at whitespace unless double-quoted, quotes use `\"`;
// - OpenClaw messages: a phrase, then `key=value` pairs whose values are never quoted and may hold
//   spaces (`client=cli cli v2026.7.1`, `ua=Mozilla/5.0 (X11; Linux x86_64)`,
//   `reason=unauthorized: gateway token missing`), so a value runs until the next ` key=`.

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/**
 * logfmt pairs of one line, or undefined when the line does not start with `key=`. A bare word
 * later in the line is kept as a key with an empty value (logfmt's boolean flag).
 */
export function splitLogfmt(text: string): Map<string, string> | undefined {
  const fields = new Map<string, string>();
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    if (i >= n) break;
    const keyStart = i;
    while (i < n && text[i] !== '=' && text[i] !== '"' && !isSpace(text.charCodeAt(i))) i++;
    const key = text.slice(keyStart, i);
    if (text[i] !== '=') {
      if (fields.size === 0 || key === '' || text[i] === '"') return undefined;
      if (!fields.has(key)) fields.set(key, '');
      continue;
    }
    if (key === '') return undefined;
    i++;
    let value: string;
    if (text[i] === '"') {
      const read = readQuoted(text, i);
      value = read.value;
      i = read.end;
    } else {
      const start = i;
      while (i < n && !isSpace(text.charCodeAt(i))) i++;
      value = text.slice(start, i);
    }
    if (!fields.has(key)) fields.set(key, value);
  }
  return fields.size > 0 ? fields : undefined;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };

/** A double-quoted value starting at `start`; an unterminated quote runs to the end of the line. */
function readQuoted(text: string, start: number): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') return { value, end: i + 1 };
    if (c === '\\' && i + 1 < text.length) {
      const next = text[i + 1]!;
      value += ESCAPES[next] ?? c + next;
      i += 2;
      continue;
    }
    value += c;
    i++;
  }
  return { value, end: i };
}

const PAIR_KEY = /(?:^|\s)([A-Za-z_][\w.-]*)=/g;

/** An OpenClaw message split into its leading phrase and its `key=value` pairs (first key wins). */
export function splitMessagePairs(message: string): { phrase: string; fields: Map<string, string> } {
  const fields = new Map<string, string>();
  const keys: Array<{ key: string; at: number; valueAt: number }> = [];
  PAIR_KEY.lastIndex = 0;
  for (let m = PAIR_KEY.exec(message); m !== null; m = PAIR_KEY.exec(message)) {
    keys.push({ key: m[1]!, at: m.index, valueAt: m.index + m[0].length });
  }
  for (let k = 0; k < keys.length; k++) {
    const { key, valueAt } = keys[k]!;
    const end = keys[k + 1]?.at ?? message.length;
    if (!fields.has(key)) fields.set(key, message.slice(valueAt, end).trim());
  }
  return { phrase: message.slice(0, keys[0]?.at ?? message.length).trim(), fields };
}
