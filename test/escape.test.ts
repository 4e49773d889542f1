// One escaping function per output kind, each run over the same table of hostile strings: what a
// log line or a file name can carry to act on a terminal, a spreadsheet, GitHub or a browser.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeCsv, escapeHtml, escapeMarkdown, escapeTerminal } from '../src/escape.js';

const ESC = '\u001b';
const BEL = '\u0007';

/** [name, hostile input, what escapeTerminal shows]. */
const HOSTILE: ReadonlyArray<readonly [string, string, string]> = [
  ['OSC 52 sets the clipboard', `${ESC}]52;c;Y3VybCBldmlsLnNoIHwgc2g=${BEL}`, '\\x1b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\\x07'],
  ['OSC 0 sets the window title', `${ESC}]0;pwned${BEL}`, '\\x1b]0;pwned\\x07'],
  ['CSI 2J clears the screen', `${ESC}[2J${ESC}[H`, '\\x1b[2J\\x1b[H'],
  ['8-bit CSI (C1)', '\u009b31mred', '\\x9b31mred'],
  ['8-bit OSC (C1) and ST', '\u009d0;t\u009c', '\\x9d0;t\\x9c'],
  ['a newline forging a second line', 'ok\nclawprint: 0 findings', 'ok\\nclawprint: 0 findings'],
  ['carriage return overwriting the line', 'evil\rgood', 'evil\\rgood'],
  ['backspace and DEL', 'a\bb\u007f', 'a\\x08b\\x7f'],
  ['RIGHT-TO-LEFT OVERRIDE (Trojan Source)', 'user\u202eexe.txt', 'user\\u202eexe.txt'],
  ['ARABIC LETTER MARK', 'a\u061cb', 'a\\u061cb'],
  ['bidi isolates U+2066-2069', '\u2066x\u2067y\u2068z\u2069', '\\u2066x\\u2067y\\u2068z\\u2069'],
  ['zero-width space, joiners, marks', 'a\u200bb\u200cc\u200dd\u200ee\u200ff', 'a\\u200bb\\u200cc\\u200dd\\u200ee\\u200ff'],
  ['word joiner and BOM', 'a\u2060b\ufeffc', 'a\\u2060b\\ufeffc'],
  ['line and paragraph separators', 'a\u2028b\u2029c', 'a\\u2028b\\u2029c'],
  ['tag characters (ASCII smuggling)', 'hi\u{e0041}\u{e0042}\u{e007f}', 'hi\\u{e0041}\\u{e0042}\\u{e007f}'],
  ['a lone surrogate', 'a\ud800b', 'a\\ud800b'],
  ['Hangul filler as a blank name', '\u3164', '\\u3164'],
];

/** Characters that must never survive an escape, whatever the output kind. */
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]|\udb40[\udc00-\udc7f]/;

describe('escapeTerminal', () => {
  for (const [name, input, shown] of HOSTILE) {
    it(`shows ${name} as visible escapes`, () => {
      assert.equal(escapeTerminal(input), shown);
    });
  }
  it('keeps printable text, wide characters and emoji as they are', () => {
    for (const text of ['curl/8.5.0', 'agent 研究者', 'naïve café', '🦞 clawprint', '[clawprint sha256:492af9017f91]']) assert.equal(escapeTerminal(text), text);
  });
});

describe('every output kind escapes every hostile string', () => {
  for (const [kind, escape] of [['terminal', escapeTerminal], ['csv', escapeCsv], ['markdown', escapeMarkdown], ['html', escapeHtml]] as const) {
    for (const [name, input] of HOSTILE) {
      it(`${kind}: ${name}`, () => {
        const out = escape(input);
        assert.ok(!FORBIDDEN.test(out), `${kind} let a control or invisible character through: ${JSON.stringify(out)}`);
        assert.ok(!out.includes('\n') && !out.includes('\r'), 'a line break survived');
      });
    }
  }
});

describe('escapeCsv', () => {
  it('defuses formulas, then quotes; ESC and C1 bytes never reach the file raw', () => {
    assert.equal(escapeCsv('=HYPERLINK("http://x")'), `"'=HYPERLINK(""http://x"")"`);
    assert.equal(escapeCsv('@SUM(1+1)'), "'@SUM(1+1)");
    assert.equal(escapeCsv(`\t=1`), "'\\t=1");
    assert.equal(escapeCsv(`${ESC}]52;c;eA==${BEL}`), '\\x1b]52;c;eA==\\x07');
    assert.equal(escapeCsv('a,b'), '"a,b"');
    assert.equal(escapeCsv('-'), '-');
  });
});

describe('escapeMarkdown', () => {
  const table: ReadonlyArray<readonly [string, string, string]> = [
    ['a mention pings a user', '@octocat', '@&#8203;octocat'],
    ['a team mention', 'cc @org/security-team', 'cc @&#8203;org/security-team'],
    ['an issue reference links an issue', 'see #123', 'see #&#8203;123'],
    ['a GH- reference', 'GH-42', 'GH-&#8203;42'],
    ['a bare URL becomes a link', 'https://evil.example/x', 'https&#8203;://evil.example/x'],
    ['a www autolink', 'www.evil.example', 'www&#8203;.evil.example'],
    ['an e-mail autolink', 'ops@evil.example', 'ops@&#8203;evil.example'],
    ['a mailto autolink', 'mailto:x', 'mailto&#8203;:x'],
    ['a link', '[click](http://e)', '\\[click\\](http&#8203;://e)'],
    ['HTML', '<img src=x onerror=alert(1)>', '\\<img src=x onerror=alert(1)\\>'],
    ['an entity', '&lt;', '\\&lt;'],
    ['a cell separator', 'a|b', 'a\\|b'],
    ['emphasis, code and strike', '*a* _b_ `c` ~d~', '\\*a\\* \\_b\\_ \\`c\\` \\~d\\~'],
    ['a backslash', 'back\\slash', 'back\\\\slash'],
  ];
  for (const [name, input, shown] of table) {
    it(`defuses ${name}`, () => assert.equal(escapeMarkdown(input), shown));
  }
  it('leaves times, addresses and fingerprints readable', () => {
    for (const text of ['2025-02-21T14:00:07.000Z', '203.0.113.7', '2001:db8::1', 'sha256:492af9017f91']) assert.equal(escapeMarkdown(text), text);
  });
});

describe('escapeHtml', () => {
  it('writes the five special characters as entities', () => {
    assert.equal(escapeHtml(`<script>alert("x" + 'y')</script> & more`), '&lt;script&gt;alert(&quot;x&quot; + &#39;y&#39;)&lt;/script&gt; &amp; more');
  });
});
