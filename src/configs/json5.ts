// A JSON5 reader that keeps the line of every value: openclaw.json is JSON5 (comments, trailing
// commas, unquoted keys, single quotes, hex numbers), and check-config reports file and line.
// The npm parsers return plain values without positions; this is the grammar of json5.org.
import { type ConfigNode, ConfigSyntaxError } from './config-file.js';

const IDENT_START = /[A-Za-z_$\u0080-\uffff]/;
const IDENT_PART = /[A-Za-z0-9_$\u0080-\uffff\u200c\u200d]/;
const NUMBER = /^[+-]?(?:0[xX][0-9a-fA-F]+|Infinity|NaN|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/;
const ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '0': '\0' };
/** Nesting deeper than this is refused: a hostile file must not overflow the stack. */
const MAX_DEPTH = 500;

export function parseJson5Tree(text: string): ConfigNode {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;

  const fail = (what: string): never => {
    throw new ConfigSyntaxError(`not valid JSON5: ${what}`, line);
  };
  const skipSpace = (): void => {
    for (;;) {
      const c = text[i];
      if (c === '\n') {
        line++;
        i++;
      } else if (c === ' ' || c === '\t' || c === '\r' || c === '\u00a0' || c === '\ufeff' || c === '\u2028' || c === '\u2029') i++;
      else if (c === '/' && text[i + 1] === '/') {
        while (i < text.length && text[i] !== '\n') i++;
      } else if (c === '/' && text[i + 1] === '*') {
        const end = text.indexOf('*/', i + 2);
        if (end < 0) fail('unterminated comment');
        for (let k = i; k < end; k++) if (text[k] === '\n') line++;
        i = end + 2;
      } else return;
    }
  };
  const readString = (): string => {
    const quote = text[i++];
    let out = '';
    for (;;) {
      if (i >= text.length) fail('unterminated string');
      const c = text[i++]!;
      if (c === quote) return out;
      if (c === '\n') fail('line break in a string');
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = text[i++] ?? '';
      if (e === '\n') line++;
      else if (e === '\r') {
        if (text[i] === '\n') i++;
        line++;
      } else if (e === 'u' || e === 'x') {
        const n = e === 'u' ? 4 : 2;
        const hex = text.slice(i, i + n);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== n) fail('bad escape');
        out += String.fromCharCode(Number.parseInt(hex, 16));
        i += n;
      } else if (e !== '\u2028' && e !== '\u2029') out += ESCAPES[e] ?? e;
    }
  };
  const readKey = (): string => {
    const c = text[i];
    if (c === '"' || c === "'") return readString();
    if (c === undefined || !IDENT_START.test(c)) fail('expected a key');
    const start = i++;
    while (i < text.length && IDENT_PART.test(text[i]!)) i++;
    return text.slice(start, i);
  };
  const readValue = (depth: number): ConfigNode => {
    if (depth > MAX_DEPTH) fail('nested too deeply');
    skipSpace();
    const at = line;
    const c = text[i];
    if (c === '{') {
      i++;
      const entries: Array<{ key: string; line: number; value: ConfigNode }> = [];
      for (;;) {
        skipSpace();
        if (text[i] === '}') {
          i++;
          return { kind: 'map', line: at, entries };
        }
        const keyLine = line;
        const key = readKey();
        skipSpace();
        if (text[i++] !== ':') fail(`expected ':' after ${JSON.stringify(key.slice(0, 40))}`);
        entries.push({ key, line: keyLine, value: readValue(depth + 1) });
        skipSpace();
        if (text[i] === ',') i++;
        else if (text[i] !== '}') fail("expected ',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      const items: ConfigNode[] = [];
      for (;;) {
        skipSpace();
        if (text[i] === ']') {
          i++;
          return { kind: 'list', line: at, items };
        }
        items.push(readValue(depth + 1));
        skipSpace();
        if (text[i] === ',') i++;
        else if (text[i] !== ']') fail("expected ',' or ']'");
      }
    }
    if (c === '"' || c === "'") return { kind: 'scalar', line: at, value: readString() };
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, i) && !IDENT_PART.test(text[i + word.length] ?? ' ')) {
        i += word.length;
        return { kind: 'scalar', line: at, value };
      }
    }
    const number = NUMBER.exec(text.slice(i, i + 400));
    if (number === null) fail(c === undefined ? 'unexpected end' : 'unexpected character');
    i += number![0].length;
    return { kind: 'scalar', line: at, value: Number(number![0].replace(/^\+/, '')) };
  };

  const root = readValue(0);
  skipSpace();
  if (i < text.length) fail('text after the value');
  return root;
}
