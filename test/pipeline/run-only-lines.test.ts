// Lines the prefilter marked for a long token run alone (a lockfile's `"integrity": "sha512-…"`):
// when the run is a slice of standard base64 (mayHoldTokenShape false) the line is not decoded
// (ScanTriggers.runMatters). The byte test must never drop a line findTokenShapes would find
// something on; scans must find what reading every line finds.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { describe, it } from 'node:test';
import { findTokenShapes, mayHoldTokenShape } from '../../src/values/token-shapes.js';
import { scanBothWays } from './counted-rules.js';

// Fake values made here, never real ones.
const digest = (seed: string, n = 64): Buffer => createHash('sha512').update(seed).digest().subarray(0, n);
const hex48 = createHash('sha256').update('clawprint run-only test').digest('hex').slice(0, 48);
const sri = (seed: string): string => `sha512-${digest(seed).toString('base64')}`;
const integrity = (seed: string): string => `      "integrity": "${sri(seed)}",`;

const bytesSay = (line: string): boolean => {
  const buf = Buffer.from(`x\n${line}\ny`);
  const answer = mayHoldTokenShape(buf, 2, buf.length - 2);
  // The scan passes Buffers (read as latin1); any Uint8Array answers the same.
  assert.equal(mayHoldTokenShape(new Uint8Array(buf), 2, buf.length - 2), answer, `Uint8Array: ${line}`);
  return answer;
};

describe('mayHoldTokenShape', () => {
  it('says no to lockfile integrity lines and wrapped base64, whose runs are slices of standard base64', () => {
    let no = 0;
    for (let i = 0; i < 200; i++) {
      const line = integrity(`pkg-${i}`);
      assert.equal(findTokenShapes(line), undefined, line);
      if (!bytesSay(line)) no++;
    }
    // A few runs end the line without a `+`, `/` or `=` after them: those lines are decoded.
    assert.ok(no >= 190, `${no} of 200 integrity lines left undecoded`);
    assert.equal(bytesSay(`MIIC${'Zm9vYmFyYmF6'.repeat(5)}/${'TWFuIGlz'.repeat(6)}+`), false);
  });

  it('says no to a run the text before it calls a digest, yes where a candidate could start elsewhere or the key names a credential', () => {
    const hex64 = createHash('sha256').update('clawprint digest line').digest('hex');
    const digests = [
      `    digest: sha256:${hex64}`,
      `          image: quay.io/prometheus/prometheus@sha256:${hex64}`,
      `        checksum/config: ${hex64}`,
      `  "sha512": "${digest('q', 48).toString('hex')}",`,
    ];
    for (const line of digests) {
      assert.equal(findTokenShapes(line), undefined, line);
      assert.equal(bytesSay(line), false, line);
    }
    const shapes = [
      `        checksum/token: ${hex64}`, // a credential's key: DIGEST_KEY_RE does not excuse it
      `    digest: sha256:abc_${hex64}`, // a candidate after '_' has other text before it
      `    note: ${hex64}`,
      `    digest: sha256:${hex64} ${hex48}`, // a second run, not described
    ];
    for (const line of shapes) {
      assert.notEqual(findTokenShapes(line), undefined, line);
      assert.equal(bytesSay(line), true, line);
    }
    // Non-ASCII in the bytes before the run: not read as text here (the line is decoded instead).
    assert.equal(bytesSay(`    é digest: sha256:${hex64}`), true);
  });

  it('says yes wherever findTokenShapes could find a shape', () => {
    const cases = [
      `token ${hex48}`, // a hex token, bounded by nothing
      `path/${hex48}/x`, // hex inside slashes is read whatever bounds it
      `a/${'Zm9v'.repeat(4)}_${hex48}_${'YmFy'.repeat(3)}+`, // a hex part in a base64-bounded run
      `key=${digest('x', 32).toString('base64url')}`, // base64url, not bounded by base64
      `"\\n${digest('y', 40).toString('base64url')}+`, // an escape moves the run's start
      `${'Zm9v'.repeat(12)} ${digest('z', 33).toString('base64url')} tail`, // a base64-bounded run, then one that is not
    ];
    for (const line of cases) assert.equal(bytesSay(line), true, line);
  });

  it('never says no to a line findTokenShapes finds a shape on (random lines of base64, hex and separators)', () => {
    const pieces = ['+', '/', '=', '-', '_', ' ', '"', '\\n', '.', ':', 'é', '\t', 'sha256:', '@sha256:', 'digest: ', 'checksum/config: ', 'hash_token=', "'"];
    let seed = 1;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    let found = 0;
    for (let i = 0; i < 5000; i++) {
      let line = '';
      while (line.length < 40 + rand(200)) {
        const r = rand(10);
        if (r < 4) line += digest(`r${i}-${line.length}`, 10 + rand(60)).toString(rand(2) === 0 ? 'base64' : 'base64url');
        else if (r < 6) line += digest(`h${i}-${line.length}`, 8 + rand(40)).toString('hex').slice(0, 10 + rand(80));
        else line += pieces[rand(pieces.length)];
      }
      if (findTokenShapes(line) === undefined) continue;
      found++;
      assert.equal(bytesSay(line), true, line);
    }
    assert.ok(found > 200, `only ${found} lines with a shape`);
  });
});


async function scanFiles(files: Record<string, string>): Promise<{ found: Array<{ path: string; rule: string; line: number }>; given: number; examined: number }> {
  const { filtered, given } = await scanBothWays(files);
  return {
    found: filtered.findings.map((f) => ({ path: path.basename(f.location.path), rule: f.rule, line: f.location.line })),
    given,
    examined: filtered.coverage.reduce((n, c) => n + c.examined, 0),
  };
}

describe('scan of lines marked for their run alone', () => {
  it('leaves a lockfile integrity line undecoded, and finds a token among them at its line', async () => {
    const entry = (i: number): string[] => [`    "node_modules/pkg-${i}": {`, `      "version": "1.0.${i}",`, integrity(`lock-${i}`), '    },'];
    const lines = ['{', '  "packages": {', ...Array.from({ length: 300 }, (_, i) => entry(i)).flat()];
    lines.splice(600, 0, `      "note": "${hex48}",`);
    const { found, given, examined } = await scanFiles({ 'package-lock.json': [...lines, '  }', '}', ''].join('\n') });
    assert.deepEqual(found, [{ path: 'package-lock.json', rule: 'token-shaped-string', line: 601 }]);
    // Every line with a 43-character run is examined (counted as read); few reach the rules.
    const marked = lines.filter((l) => /[A-Za-z0-9_-]{43}/.test(l)).length;
    assert.ok(marked > 100, `${marked} integrity lines with a long run`);
    assert.equal(examined, marked);
    assert.ok(given <= marked / 10, `${given} of ${marked} lines given to the rules`);
  });

  it('gives a run-only line inside a gateway block (the trackers follow it), and one that names gateway', async () => {
    const password = `${digest('pw', 36).toString('base64').slice(0, 44)}/x`;
    const yaml = ['services:', ...Array.from({ length: 50 }, (_, i) => `  s${i}: ${sri(`y${i}`)}`), 'gateway:', '  auth:', `    password: ${password}`, `other: ${sri('z')}`, ''].join('\n');
    const json = `{"x": 1}\n{"gateway_sri": "${sri('g')}", "gateway": {"auth": {"password": "${password}"}}}\n`;
    const { found } = await scanFiles({ 'values.yaml': yaml, 'config.json': json });
    assert.deepEqual(found, [
      { path: 'config.json', rule: 'gateway-token-literal', line: 2 },
      { path: 'values.yaml', rule: 'gateway-token-literal', line: 54 },
    ]);
  });

  it('gives a run-only line of a text file that names gateway, where the trackers may start (sparse and dense blocks)', async () => {
    // The marker's NAMED needle: such a line is not run-only, so it reaches the rules as it did when
    // the quiet-run test searched the mapping keys itself.
    const password = `${digest('pw2', 36).toString('base64').slice(0, 44)}/x`;
    const filler = Array.from({ length: 40 }, (_, i) => `Release ${i} pins the bundle to ${sri(`n${i}`)} as before.`);
    const sparse = [...filler, `the gateway pin is ${sri('named')} now`, ...filler, ''].join('\n');
    const dense = [...filler, '```yaml', `gateway: # pinned ${sri('k')}`, '  auth:', `    password: ${password}`, '```', `a gateway note ${sri('m')}`, ...filler, ''].join('\n');
    const { found, given } = await scanFiles({ 'NOTES.md': sparse, 'README.md': dense });
    assert.deepEqual(found, [{ path: 'README.md', rule: 'gateway-token-literal', line: 44 }]);
    // NOTES.md: the named line; README.md: the block's key, the lines the trackers follow, and the
    // named note after it. (Taken as quiet runs, the two named lines would leave 6.)
    assert.equal(given, 8);
  });
});
