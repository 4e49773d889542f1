// One escaping function per kind of output, for every string that came from an input (log text,
// file names, agent ids, user agents, request lines). A log line is written by whoever sent the
// request and a file name by whoever made the repository, so either can carry terminal escape
// sequences (OSC 52 sets the clipboard, OSC 0 the window title, CSI 2J clears the screen), bidi
// overrides that reorder what a reader sees (Trojan Source, CVE-2021-42574), invisible characters,
// or Markdown that pings people on GitHub. Redaction comes first (redact-finding.ts): these
// functions only change how a string is shown, never whether a secret is in it.

// Everything that acts on a terminal or hides from a reader, shown as a visible escape instead:
// C0 controls and DEL; C1 controls (U+009B is CSI, U+009D OSC on terminals that read 8-bit C1);
// soft hyphen; ARABIC LETTER MARK (U+061C); Hangul fillers and the Mongolian vowel separator
// (blank "names"); zero-width space/joiners, LRM/RLM (U+200B-200F); line/paragraph separators and
// the bidi embeddings and overrides (U+2028-202E); word joiner and invisible operators
// (U+2060-2064); bidi isolates (U+2066-2069) and the deprecated format controls (U+206A-206F);
// Hangul filler (U+3164, U+FFA0); the BOM/zero-width no-break space; interlinear annotations
// (U+FFF9-FFFB); tag characters (U+E0000-E007F, invisible "ASCII smuggling"); and lone surrogates,
// which are no character at all.
const HIDDEN =
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb]|\udb40[\udc00-\udc7f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeOne(c: string): string {
  const named = NAMED[c];
  if (named !== undefined) return named;
  const code = c.codePointAt(0)!;
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
  return code <= 0xffff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\u{${code.toString(16)}}`;
}

/**
 * For a terminal (table output, stderr): every control, bidi or invisible character becomes a
 * visible escape (`\n`, `\x1b`, `\u202e`, `\u{e0041}`), so nothing from an input can move the
 * cursor, set the clipboard, reorder a line or hide text. Printable text, wide characters and
 * emoji are kept.
 */
export function escapeTerminal(text: string): string {
  HIDDEN.lastIndex = 0;
  return HIDDEN.test(text) ? text.replace(HIDDEN, escapeOne) : text;
}

// Spreadsheets evaluate a cell that starts with one of these as a formula (OWASP "CSV Injection");
// a leading apostrophe makes them text. Tab and CR are on OWASP's list too. A lone `-` (how the
// user named stdin) cannot compute anything and stays as it is.
const FORMULA_START = /^(?:[=+@\t\r]|-.)/s;

/**
 * For a CSV cell (RFC 4180): formula-defused, then shown as for a terminal (a CSV is read with
 * `cat` and `less` as often as in a spreadsheet, so ESC, OSC and C1 bytes must not reach it), then
 * quoted when it holds a comma or a quote. No line break is left inside a cell after escaping.
 */
export function escapeCsv(value: string): string {
  const safe = escapeTerminal(FORMULA_START.test(value) ? `'${value}` : value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

// A zero-width space written as an entity: invisible when rendered, and it breaks the patterns
// GitHub links on (`@user` mentions, `#123` references, autolinked URLs and e-mail addresses),
// while the Markdown source itself holds no invisible character.
const ZWSP = '&#8203;';

/**
 * For a Markdown table cell or list item (GitHub-flavoured): shown as for a terminal first (a
 * newline or `|` must not end the cell), then every ASCII punctuation that can start markup is
 * backslash-escaped (GFM splits cells on `|` before inline parsing, so `\|` is the only way to keep
 * one), and what GitHub would turn into a notification or a link is defused: `@user` and
 * `@org/team` mentions, `#123` and `GH-123` references, `http://`/`https://` URLs, `www.` and
 * `mailto:`/`xmpp:` autolinks.
 */
export function escapeMarkdown(text: string): string {
  return escapeTerminal(text)
    .replace(/[\\`*_[\]<>|~&]/g, '\\$&')
    .replace(/(#|\bGH-)(?=\d)/gi, `$1${ZWSP}`)
    .replace(/@/g, `@${ZWSP}`)
    .replace(/(?<=[A-Za-z0-9+.-]):(?=\/\/)/g, `${ZWSP}:`)
    .replace(/\b(www|mailto|xmpp)(?=[.:])/gi, `$1${ZWSP}`);
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** For HTML text and attribute values: shown as for a terminal, then the five special characters as entities. */
export function escapeHtml(text: string): string {
  return escapeTerminal(text).replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!);
}

// What JSON.stringify leaves raw of HIDDEN: it escapes C0 controls and lone surrogates itself, not
// DEL, C1 controls, NEL/LINE/PARAGRAPH SEPARATOR (line splitters break a JSON line there), bidi
// controls or invisible characters. Outside strings a JSON text is ASCII, so each is inside a string
// and its `\uXXXX` escape is the same JSON value.
const JSON_HIDDEN =
  /[\u007f-\u009f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb]|\udb40[\udc00-\udc7f]/g;

const jsonUnit = (c: string): string => {
  let out = '';
  for (let i = 0; i < c.length; i++) out += `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return out;
};

/**
 * For JSON text made by JSON.stringify (json, jsonl, SARIF, the evidence file): every control, bidi
 * or invisible character it left raw becomes a `\uXXXX` escape, so `cat report.json` or a line
 * splitter cannot be steered by an input; a JSON reader gets the same strings back.
 */
export function escapeJsonText(text: string): string {
  JSON_HIDDEN.lastIndex = 0;
  return JSON_HIDDEN.test(text) ? text.replace(JSON_HIDDEN, jsonUnit) : text;
}
