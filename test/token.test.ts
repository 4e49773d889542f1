import assert from 'node:assert/strict';
import { createHash, hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { UsageError } from '../src/errors.js';
import { estimateEntropyBytes, fingerprintHex, fingerprintOf, oneWayForms, TokenMatcher } from '../src/token.js';
import { encodedPattern, hexDigest, hexDigestBy } from '../src/token-forms.js';
import { seeded } from './random.js';
import { fixture } from './helpers.js';

// A fake 48-hex token; expected forms were computed with sha256sum/openssl/base64, not this code.
const TOKEN = readFileSync(fixture('token', 'token.txt'), 'utf8').trim();
const EXPECTED = JSON.parse(readFileSync(fixture('token', 'expected-forms.json'), 'utf8')) as Record<string, string>;
const FP = EXPECTED['fingerprint']!;
const HEX = EXPECTED['sha256']!;

describe('encodedPattern', () => {
  // The definition it replaced (a Buffer, a map and two regular expressions per character): the same source.
  const regexLiteral = (c: string): string => c.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
  const hexDigit = (d: string): string => (/[a-f]/.test(d) ? `[${d}${d.toUpperCase()}]` : d);
  const plain = (raw: string, backslashes: boolean): string => {
    let source = '';
    for (const c of raw) {
      const pct = [...Buffer.from(c, 'utf8')].map((b) => `%${[...b.toString(16).padStart(2, '0')].map(hexDigit).join('')}`).join('');
      const lit = backslashes && /^[\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]$/.test(c) ? `\\\\?${regexLiteral(c)}` : regexLiteral(c);
      source += `(?:${lit}|${pct})`;
    }
    return source;
  };

  it('writes the same pattern as a plain per-character definition', () => {
    const rnd = seeded(9);
    const ascii = Array.from({ length: 128 }, (_, i) => String.fromCharCode(i)).join('');
    const texts = [ascii, 'b7341f029c3c', 'a/b+c=d&e<f>g', '\u00e9\u20ac\ud83d\ude00\ud800x\udc00'];
    for (let i = 0; i < 300; i++) {
      let t = '';
      for (let j = 0; j < 1 + Math.floor(rnd() * 60); j++) {
        const r = rnd();
        t += r < 0.7 ? ascii[Math.floor(rnd() * 128)]! : r < 0.85 ? String.fromCharCode(0x80 + Math.floor(rnd() * 0x780)) : r < 0.95 ? String.fromCodePoint(0x10000 + Math.floor(rnd() * 0x1000)) : String.fromCharCode(0xd800 + Math.floor(rnd() * 0x800));
      }
      texts.push(t);
    }
    for (const t of texts) for (const backslashes of [false, true]) assert.equal(encodedPattern(t, backslashes).source, new RegExp(plain(t, backslashes), 'g').source, JSON.stringify(t));
  });
});

describe('oneWayForms (docs/product.md §1)', () => {
  it('derives every one-way form exactly', () => {
    assert.deepEqual(oneWayForms(TOKEN), EXPECTED);
  });
});

describe('hexDigest (finding ids and fingerprints)', () => {
  it('is the createHash digest of the UTF-8 bytes, for any string', () => {
    // Finding ids hash paths and rule words joined by NUL; a path can hold any character, a lone surrogate included.
    for (const text of ['', 'token-in-unparsed-line\u0000deploy/.env\u00003', 'é/ü/日本\u0000x', 'a\ud800b', '\udc00', 'x'.repeat(100_000)]) {
      for (const algorithm of ['sha256', 'sha1'] as const) {
        const expected = createHash(algorithm).update(text, 'utf8').digest('hex');
        assert.equal(hexDigest(algorithm, text), expected, `${algorithm} ${JSON.stringify(text.slice(0, 40))}`);
        // Both ways: crypto.hash (Node 20.12+) and the createHash fallback of older Node 20 releases.
        assert.equal(hexDigestBy(hash, algorithm, text), expected, `crypto.hash ${algorithm}`);
        assert.equal(hexDigestBy(undefined, algorithm, text), expected, `fallback ${algorithm}`);
      }
    }
  });
});

describe('fingerprint field matching', () => {
  const m = new TokenMatcher([{ label: 'exposed', raw: TOKEN }]);
  it('accepts sha256:<prefix>, bare hex prefixes, and base64/base64url digests', () => {
    for (const v of [FP, `sha256:${HEX.slice(0, 16)}`, HEX.slice(0, 8), HEX, HEX.toUpperCase(), EXPECTED['sha256Base64']!, EXPECTED['sha256Base64Url']!]) {
      assert.equal(m.matchFingerprintField(v)?.fingerprint, FP, v);
    }
  });
  it('rejects other fingerprints and prefixes shorter than 8 digits', () => {
    assert.equal(m.matchFingerprintField(HEX.slice(0, 7)), undefined);
    assert.equal(m.matchFingerprintField('sha256:0123456789ab'), undefined);
    assert.equal(m.matchFingerprintField('not-a-fingerprint'), undefined);
  });
  it('works from --fingerprint alone, in every accepted form', () => {
    for (const spec of [FP, HEX.slice(0, 8), HEX, EXPECTED['sha256Base64']!]) {
      const fm = new TokenMatcher([{ label: 'exposed', fingerprint: spec }]);
      assert.equal(fm.matchFingerprintField(`sha256:${HEX.slice(0, 12)}`)?.label, 'exposed', spec);
      assert.equal(fm.matchCredential(TOKEN)?.token.label, 'exposed', spec);
    }
  });
  it('refuses malformed --fingerprint values with a usage error', () => {
    for (const bad of ['sha256:xyz', '1234567', 'hello world']) {
      assert.throws(() => new TokenMatcher([{ label: 'exposed', fingerprint: bad }]), UsageError, bad);
    }
  });
  it('normalises fingerprint forms to hex', () => {
    assert.equal(fingerprintHex(EXPECTED['sha256Base64Url']!), HEX);
    assert.equal(fingerprintHex('SHA256:ABCDEF12'), 'abcdef12');
  });
});

describe('credential matching (docs/product.md §3.3)', () => {
  const m = new TokenMatcher([{ label: 'exposed', raw: TOKEN }]);
  it('matches the raw value, its percent-encoding, and the OpenClaw mask', () => {
    assert.deepEqual(m.matchCredential(TOKEN), { token: { fingerprint: FP, label: 'exposed' }, viaMask: false });
    assert.equal(m.matchCredential(encodeURIComponent(TOKEN))?.viaMask, false);
    assert.deepEqual(m.matchCredential(EXPECTED['mask']!), { token: { fingerprint: FP, label: 'exposed' }, viaMask: true });
    assert.equal(m.matchCredential(`${TOKEN.slice(0, 6)}...${TOKEN.slice(-4)}`)?.viaMask, true);
  });
  it('does not match other values or masks with other ends', () => {
    assert.equal(m.matchCredential(TOKEN.slice(1)), undefined);
    assert.equal(m.matchCredential(`${TOKEN.slice(0, 6)}…0000`), undefined);
  });
});

describe('findInText and redact', () => {
  const m = new TokenMatcher([{ label: 'exposed', raw: TOKEN }]);
  const b64 = Buffer.from(TOKEN).toString('base64');
  const basic = Buffer.from(`admin:${TOKEN}`).toString('base64');
  it('finds raw, base64 (any alignment), digest and mask forms with positions', () => {
    const text = `a=${TOKEN} b=${b64} c=Basic ${basic} d=${HEX} e=${EXPECTED['mask']}`;
    const forms = m.findInText(text).map((f) => f.form);
    assert.deepEqual(forms, ['raw', 'base64', 'base64', 'sha256', 'mask']);
    assert.equal(m.findInText(text)[0]!.index, 2);
  });
  it('redacts every reversible form', () => {
    const out = m.redact(`x ${TOKEN} y ${b64} z ${JSON.stringify(TOKEN)}`);
    assert.ok(!out.includes(TOKEN) && !out.includes(b64));
    assert.ok(out.includes(`[clawprint ${FP}]`));
  });
  it('needles are short prefixes, none containing another', () => {
    const needles = m.needles();
    assert.ok(needles.includes(HEX.slice(0, 8)));
    for (const a of needles) for (const b of needles) if (a !== b) assert.ok(!b.includes(a), `${b} contains ${a}`);
  });
});

describe('several tokens in one matcher', () => {
  const OTHER = 'sha256:57600c51e331';
  it('attributes each value to its own token', () => {
    const m = new TokenMatcher([{ label: 'exposed', raw: TOKEN }, { label: 'exposed', fingerprint: OTHER }]);
    assert.deepEqual(m.tokens, [{ fingerprint: FP, label: 'exposed' }, { fingerprint: OTHER, label: 'exposed' }]);
    assert.equal(m.matchCredential(TOKEN)?.token.fingerprint, FP);
    assert.equal(m.matchFingerprintField(OTHER)?.fingerprint, OTHER);
    assert.equal(m.matchFingerprintField(FP)?.fingerprint, FP);
  });
  it('the same token given twice is one token, kept in its richest form', () => {
    // Raw and its own fingerprint: one entry, still raw (masks and raw forms keep matching).
    const m = new TokenMatcher([{ label: 'exposed', fingerprint: HEX.slice(0, 8) }, { label: 'exposed', raw: TOKEN }]);
    assert.deepEqual(m.tokens, [{ fingerprint: FP, label: 'exposed' }]);
    assert.ok(m.hasRaw);
    // A short and a long prefix of one digest: one entry, named by the longer one.
    const p = new TokenMatcher([{ label: 'exposed', fingerprint: `sha256:${HEX.slice(0, 8)}` }, { label: 'exposed', fingerprint: FP }]);
    assert.deepEqual(p.tokens, [{ fingerprint: FP, label: 'exposed' }]);
  });
});

describe('estimateEntropyBytes', () => {
  it('scores hex tokens at 4 bits a character and repeats near zero', () => {
    assert.equal(estimateEntropyBytes(TOKEN), 24);
    assert.ok(estimateEntropyBytes('a'.repeat(64)) < 1);
    assert.equal(estimateEntropyBytes('A'.repeat(20) + 'b'.repeat(23)), 0.25);
  });
});

describe('a token that is not hex (every reversible form differs)', () => {
  // /, +, &, < and > in the token: percent-encoding, base64/base64url and each JSON encoder's
  // escaping all write it differently. Expected forms were computed with Python's urllib, base64
  // and json modules plus the documented escapes of PHP (\/, JSON_HEX_*) and Go (\u003c…).
  const RAW = readFileSync(fixture('token', 'non-hex-token.txt'), 'utf8').trim();
  const FORMS = JSON.parse(readFileSync(fixture('token', 'non-hex-forms.json'), 'utf8')) as Record<string, string>;
  const m = new TokenMatcher([{ label: 'exposed', raw: RAW }]);
  const text = Object.entries(FORMS).map(([name, form]) => `${name}=${form}`).join(' ; ');
  const found = m.findInText(text);

  it('finds each form whole, under its form name', () => {
    assert.equal(new Set(Object.values(FORMS)).size, Object.keys(FORMS).length, 'the fixture forms must all differ');
    assert.deepEqual(
      found.map((f) => [text.slice(f.index, f.index + f.length), f.form]),
      [
        [FORMS['raw'], 'raw'],
        [FORMS['percentEncoded'], 'percent-encoded'],
        [FORMS['base64'], 'base64'],
        [FORMS['base64url'], 'base64'],
        [FORMS['jsonSlashEscaped'], 'json-escaped'],
        [FORMS['jsonGoEscaped'], 'json-escaped'],
        [FORMS['jsonPhpHexEscaped'], 'json-escaped'],
      ],
    );
  });

  it('has a needle inside every form it finds, and no needle inside another', () => {
    const needles = m.needles();
    for (const f of found) {
      const written = text.slice(f.index, f.index + f.length);
      assert.ok(needles.some((n) => written.includes(n)), `no needle in the ${f.form} form`);
    }
    for (const a of needles) for (const b of needles) if (a !== b) assert.ok(!b.includes(a), `${b} contains ${a}`);
  });

  it('redacts every form', () => {
    const out = m.redact(text);
    for (const form of Object.values(FORMS)) assert.ok(!out.includes(form), 'a form survived redact');
    assert.equal(out.split(`[clawprint ${fingerprintOf(RAW)}]`).length - 1, Object.keys(FORMS).length);
  });
});

describe('percent-encoded in any mix, and fingerprint-only runs', () => {
  // A standard-base64 token (built at run time: the repository's scan must not see a literal one).
  let seed = 0;
  const digest = (): string => createHash('sha256').update(`percent ${seed++}`).digest('base64');
  let B64 = digest();
  while (!(B64.includes('/') && B64.includes('+'))) B64 = digest();
  const m = new TokenMatcher([{ label: 'exposed', raw: B64 }]);
  const marker = `[clawprint ${fingerprintOf(B64)}]`;
  const quote = encodeURIComponent(B64).replace(/%2F/g, '/');
  const every = [...Buffer.from(B64)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
  it('finds quote() (with / kept), every byte as %xx, and a mix, as percent-encoded', () => {
    for (const form of [quote, every, every.toUpperCase(), `${every.slice(0, 30)}${B64.slice(10)}`]) {
      const found = m.findInText(`GET /x?id=${form} HTTP/1.1`);
      assert.deepEqual(found.map((f) => [f.index, f.length, f.form]), [[10, form.length, 'percent-encoded']], form);
      assert.equal(m.redact(`id=${form};`), `id=${marker};`);
    }
  });
  it('redact also takes a backslash before punctuation (Markdown escapes), findInText does not', () => {
    const escaped = B64.replace(/[+/=_-]/g, '\\$&');
    assert.equal(m.redact(`a ${escaped} b`), `a ${marker} b`);
  });
  it('replaces the raw token alike whether the text holds a % or a backslash (the pattern runs) or neither (split)', () => {
    const texts = [B64, `a${B64}b${B64}${B64}`, `${B64.slice(0, 20)} ${B64.slice(20)}`, `x${B64.slice(1)}`, `${B64}${B64.slice(0, 5)}`, 'short', ''];
    for (const text of texts) {
      const viaPattern = m.redact(`${text}%`).slice(0, -1);
      const viaBackslash = m.redact(`${text}\\`).slice(0, -1);
      assert.equal(m.redact(text), viaPattern, text);
      assert.equal(viaBackslash, viaPattern, text);
      assert.equal(viaPattern.includes(B64), false, text);
    }
    assert.equal(m.redact(`a${B64}b${B64}`), `a${marker}b${marker}`);
  });
  it('with only a fingerprint, replaces runs that hash to it, whole or (for field values) inside a longer run', () => {
    const fp = new TokenMatcher([{ label: 'exposed', fingerprint: fingerprintOf(B64) }]);
    assert.equal(fp.redactRuns(`${encodeURIComponent(B64)}.log`), `${marker}.log`);
    assert.equal(fp.redactRuns(`logs/${encodeURIComponent(B64)}.log`, true), `logs/${marker}.log`);
    assert.equal(fp.redactRuns(`/hooks/${quote}/run`, true), marker); // quote() keeps the token's own /: only the whole run is known
    assert.equal(fp.redactRuns(`bot.${B64}`), `bot.${marker}`);
    assert.equal(fp.redactRuns(`ua-x${B64}-y`), `ua-x${B64}-y`);
    assert.equal(fp.redactRuns(`ua-x${B64}-y`, true), `ua-x${marker}-y`);
    assert.equal(fp.redactRuns('python-httpx/0.27 /api/v1/agents/researcher/messages', true), 'python-httpx/0.27 /api/v1/agents/researcher/messages');
  });
});
