// findCredentials skips the passes a text cannot match (src/parsers/credentials.ts): a `token=`
// text without a bearer, header or Basic marker takes the query pass alone. Checked against the
// four passes run on every text, on generated texts that mix the markers in any case and order.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Credential, type CredentialKind, findCredentials } from '../../src/parsers/credentials.js';

const VALUE = String.raw`[A-Za-z0-9._~+/=%\-\u2026]{6,}`;
const REFERENCE: Array<{ kind: CredentialKind; re: RegExp }> = [
  { kind: 'bearer', re: new RegExp(String.raw`\bBearer\s+(${VALUE})`, 'gi') },
  { kind: 'header', re: new RegExp(String.raw`x-openclaw-token["']?\s*[:=]\s*\[?\s*["']?(${VALUE})`, 'gi') },
  { kind: 'query', re: new RegExp(String.raw`(?:[?&#;\t "]|\\u0026)token=(${VALUE})`, 'g') },
  { kind: 'basic', re: /\bBasic\s+([A-Za-z0-9+/]{8,}={0,2})/g },
];

/** Every pattern over the whole text, in order: what findCredentials gave before it skipped passes. */
function everyPass(text: string, kinds?: ReadonlySet<CredentialKind>): Credential[] {
  const out: Credential[] = [];
  for (const { kind, re } of REFERENCE) {
    if (kinds !== undefined && !kinds.has(kind)) continue;
    for (const m of text.matchAll(re)) {
      let value = m[1]!;
      const length = value.length;
      const index = m.index + m[0].length - length;
      if (kind === 'basic') {
        const decoded = Buffer.from(value, 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        if (colon === -1) continue;
        value = decoded.slice(colon + 1);
        if (value.length === 0) continue;
      }
      out.push({ kind, value, index, length });
    }
  }
  return out;
}

const PIECES = [
  '{"path":"/hooks/wake?token=',
  '&token=',
  ' token=',
  'token=',
  '\\u0026token=',
  'Token=',
  'Bearer ',
  'bEaReR\t',
  'BEARER  ',
  'bearer',
  'Basic ',
  'basic ',
  'BASIC ',
  'dXNlcjpodW50ZXIy',
  'dXNlcm5vY29sb24=',
  'x-openclaw-token: ',
  'X-OpenClaw-Token=["',
  'openclaw-token',
  'abcdef123456',
  'Zm9vOmJhcg==',
  '%2Fv1%3D',
  '…more',
  '"',
  ' ',
  '?',
  'é',
  ',"status":401}',
];

/** A deterministic generator (mulberry32): the same texts on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('findCredentials', () => {
  it('finds what every pass finds, on 20,000 generated texts', () => {
    const next = random(8);
    const kindSets: Array<ReadonlySet<CredentialKind> | undefined> = [undefined, new Set(['query']), new Set(['bearer', 'basic']), new Set(['header', 'query'])];
    let queryOnly = 0;
    let found = 0;
    for (let i = 0; i < 20_000; i++) {
      const parts: string[] = [];
      const n = 1 + Math.floor(next() * 8);
      for (let j = 0; j < n; j++) parts.push(PIECES[Math.floor(next() * PIECES.length)]!);
      const text = parts.join('');
      const kinds = kindSets[i % kindSets.length];
      const expected = everyPass(text, kinds);
      assert.deepEqual([...findCredentials(text, kinds)], expected, text);
      if (text.includes('token=') && !/bearer|basic|openclaw-token/i.test(text)) queryOnly++;
      found += expected.length;
    }
    // The generator reaches the case the skip is for, and texts that hold credentials.
    assert.ok(queryOnly > 1000, `${queryOnly} texts with token= alone`);
    assert.ok(found > 5000, `${found} credentials`);
  });

  it('finds a query token alone, and every kind on one line in pattern order', () => {
    assert.deepEqual(findCredentials('{"path":"/hooks/wake?token=abcdef123456","status":200}'), [{ kind: 'query', value: 'abcdef123456', index: 27, length: 12 }]);
    const line = 'GET /x?token=abcdef123456 Authorization: Basic dXNlcjpodW50ZXIy bearer zyxwvu987654'; // clawprint:allow (a made-up value)
    assert.deepEqual(
      findCredentials(line).map((c) => c.kind),
      ['bearer', 'query', 'basic'],
    );
    assert.equal(findCredentials('{"event":"ws.connect","status":401}').length, 0);
  });
});
