// Repeated lines (pipeline/repeated-lines.ts): a line whose payload key gave a quiet payload is not
// decoded again in the same scan run, in any file, while every rule rests. Each case counts the
// decoder's (or the rules') calls and compares the findings with a scan without the prefilter.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { SCAN_DETECTORS } from '../../src/detectors/index.js';
import type { Envelope } from '../../src/envelopes/envelope.js';
import { ENVELOPES } from '../../src/envelopes/index.js';
import { QUIET_KEY_MAX_LENGTH, QUIET_KEYS_MAX, QuietKeySet } from '../../src/pipeline/repeated-lines.js';
import { runScan } from '../../src/pipeline/scan-run.js';
import { expandInputs } from '../../src/sources/glob.js';
import { TokenMatcher } from '../../src/token.js';
import { countedRules, scanBothWays } from './counted-rules.js';

// Fake secrets made here, never real ones.
const hex48 = createHash('sha256').update('clawprint repeated-lines test').digest('hex').slice(0, 48);
const ESC = '\x1b';

const time = (i: number): string => `2025-02-21T14:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.${String(i).padStart(7, '0').slice(-7)}Z`;
const github = (i: number, message: string): string => `${time(i)} ${message}\n`;
/** Lines no rule can care about: the prefilter leaves them undecoded. */
const githubFiller = (from: number, n: number): string => Array.from({ length: n }, (_, i) => github(from + i, `${ESC}[32minfo${ESC}[39m load report queue took=${i}ms`)).join('');
const docker = (i: number, log: string): string => `${JSON.stringify({ log, stream: 'stdout', time: `2025-02-21T14:03:${String(i % 60).padStart(2, '0')}.${String(i).padStart(9, '0')}Z` })}\n`;

/** Counts the raw lines each envelope's decoders are given, while a test runs. */
const pushed = new Map<string, number>();
const originals = new Map<Envelope, Envelope['createDecoder']>();
function countPushes(envelope: Envelope): void {
  const create = envelope.createDecoder;
  originals.set(envelope, create);
  envelope.createDecoder = (ctx) => {
    const decoder = create(ctx);
    const push = decoder.push.bind(decoder);
    decoder.push = (raw, line, emit) => {
      pushed.set(envelope.id, (pushed.get(envelope.id) ?? 0) + 1);
      push(raw, line, emit);
    };
    return decoder;
  };
}
afterEach(() => {
  for (const [envelope, create] of originals) envelope.createDecoder = create;
  originals.clear();
  pushed.clear();
});


/** Scans the files (name → content) in one run, with and without the prefilter (which must agree). */
async function scanFiles(files: Record<string, string>): Promise<{ found: Array<{ path: string; rule: string; line: number }>; examined: number; decoded: number }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'clawprint-repeats-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  const { inputs } = await expandInputs([dir]);
  const tokens = new TokenMatcher([]);
  const run = (prefilter: boolean) => runScan(inputs.map((input) => ({ input })), { detectors: Object.values(SCAN_DETECTORS), tokens, forced: {}, prefilter });
  const full = await run(false);
  pushed.clear();
  const filtered = await run(true);
  assert.deepEqual(filtered.findings, full.findings);
  return {
    found: filtered.findings.map((f) => ({ path: path.basename(f.location.path), rule: f.rule, line: f.location.line })),
    examined: filtered.coverage.reduce((n, c) => n + c.examined, 0),
    decoded: [...pushed.values()].reduce((a, b) => a + b, 0),
  };
}

describe('repeated lines of framed logs and source files', () => {
  it('decodes a quiet CI line once across files, and gives a repeated token line a finding at its own line in each file', async () => {
    countPushes(ENVELOPES['github-actions']);
    const quiet = '  OPENCLAW_GATEWAY_TOKEN: ***';
    const leak = `${ESC}[36;1m./deploy.sh --token ${hex48}${ESC}[0m`;
    const log = (from: number): string =>
      githubFiller(from, 50) + github(from + 50, quiet) + githubFiller(from + 51, 50) + github(from + 101, leak) + github(from + 102, quiet) + github(from + 103, quiet) + githubFiller(from + 104, 50) + github(from + 154, leak);
    const { found, examined, decoded } = await scanFiles({ '1_build.txt': log(0), '2_test.txt': log(1000) });
    assert.deepEqual(found, [
      { path: '1_build.txt', rule: 'gateway-token-literal', line: 102 },
      { path: '1_build.txt', rule: 'gateway-token-literal', line: 155 },
      { path: '2_test.txt', rule: 'gateway-token-literal', line: 102 },
      { path: '2_test.txt', rule: 'gateway-token-literal', line: 155 },
    ]);
    // Six quiet lines and four with the token are examined; the quiet text is decoded once.
    assert.equal(examined, 10);
    assert.equal(decoded, 5);
  });

  it('decodes a quiet container record once, under any time, with JSON escapes in it', async () => {
    countPushes(ENVELOPES['docker-json']);
    const quiet = `${ESC}[33mwarn${ESC}[39m retry "Authorization: Bearer ***" \\ done\n`;
    const lines = Array.from({ length: 40 }, (_, i) => docker(i, i % 10 === 3 ? quiet : `plain output ${i}\n`)).join('');
    const { found, examined, decoded } = await scanFiles({ 'app-json.log': lines + docker(41, `token=${hex48}\n`) + docker(42, `token=${hex48}\n`) });
    assert.deepEqual(found, [
      { path: 'app-json.log', rule: 'token-shaped-string', line: 41 },
      { path: 'app-json.log', rule: 'token-shaped-string', line: 42 },
    ]);
    assert.equal(examined, 6);
    assert.equal(decoded, 3);
  });

  it('decodes a repeated line again where the lines before change what it gives (a plist key waiting for its value)', async () => {
    countPushes(ENVELOPES['github-actions']);
    const value = '    <string>Pa55-w0rd-for-plists-7</string>';
    const log =
      githubFiller(0, 20) +
      github(20, '    <key>Label</key>') +
      github(21, value) +
      github(22, '    <key>Label</key>') +
      github(23, value) +
      githubFiller(24, 20) +
      github(44, '    <key>OPENCLAW_GATEWAY_TOKEN</key>') +
      github(45, value) +
      githubFiller(46, 20);
    const { found, decoded } = await scanFiles({ 'plist.txt': log });
    assert.deepEqual(found, [{ path: 'plist.txt', rule: 'gateway-token-literal', line: 46 }]);
    // Lines 21 and 22 are decoded; their copies on lines 23 and 24 are not (the second `<key>` line
    // still brings the next one); after the gateway key, its value is decoded (lines 45, 46).
    assert.equal(decoded, 4);
  });

  it('does not keep a line longer than the key bound: each copy is decoded', async () => {
    countPushes(ENVELOPES['github-actions']);
    const long = `Authorization: Bearer *** ${'x'.repeat(QUIET_KEY_MAX_LENGTH)}`;
    const short = 'Authorization: Bearer ***';
    const log = githubFiller(0, 10) + github(10, long) + github(11, long) + github(12, long) + github(13, short) + github(14, short) + githubFiller(15, 10);
    const { found, examined, decoded } = await scanFiles({ 'long.txt': log });
    assert.deepEqual(found, []);
    assert.equal(examined, 5);
    assert.equal(decoded, 4);
  });

  it('gives a repeated source line to the rules once across files, and a repeated one with a token every time', async () => {
    const { detectors, lines } = countedRules();
    const quiet = '    headers["Authorization"] = f"Bearer {token}"';
    const leak = `    fallback = "${hex48}"`;
    const source = (n: number): string => [...Array.from({ length: n }, (_, i) => `x${i} = ${i}`), quiet, leak, quiet, 'y = 1', quiet, leak, ''].join('\n');
    const dir = mkdtempSync(path.join(tmpdir(), 'clawprint-repeats-'));
    writeFileSync(path.join(dir, 'a.py'), source(10));
    writeFileSync(path.join(dir, 'b.py'), source(20));
    const { inputs } = await expandInputs([dir]);
    const tokens = new TokenMatcher([]);
    const full = await runScan(inputs.map((input) => ({ input })), { detectors: Object.values(SCAN_DETECTORS), tokens, forced: {}, prefilter: false });
    const filtered = await runScan(inputs.map((input) => ({ input })), { detectors, tokens, forced: {} });
    assert.deepEqual(filtered.findings, full.findings);
    assert.deepEqual(
      filtered.findings.map((f) => [path.basename(f.location.path), f.rule, f.location.line]),
      [
        ['a.py', 'token-shaped-string', 12],
        ['a.py', 'token-shaped-string', 16],
        ['b.py', 'token-shaped-string', 22],
        ['b.py', 'token-shaped-string', 26],
      ],
    );
    assert.deepEqual(
      filtered.coverage.map((c) => c.examined),
      [5, 5],
    );
    // The quiet line reaches the rules once; the token line four times.
    assert.equal(lines(), 5);
  });

  it('gives a repeated quiet YAML or JSON line to the rules once, the same text under a gateway key every time, and a line naming gateway every time', async () => {
    const env = '      - OPENCLAW_GATEWAY_TOKEN=${OPENCLAW_GATEWAY_TOKEN}';
    const value = '  token: Sup3r-s3cret-gw-value-91';
    const image = '    image: ghcr.io/openclaw/gateway:latest';
    const compose = (n: number): string => ['services:', '  app:', image, '    environment:', ...Array.from({ length: n }, () => env), 'other:', value, value, image, ''].join('\n');
    const json = ['{', '  "env": {', '    "OPENCLAW_GATEWAY_TOKEN": "${OPENCLAW_GATEWAY_TOKEN}",', '    "OPENCLAW_GATEWAY_TOKEN": "${OPENCLAW_GATEWAY_TOKEN}",', '    "mode": "local"', '  }', '}', ''].join('\n');
    const { filtered, given } = await scanBothWays({
      'a-compose.yaml': compose(5),
      'b-compose.yaml': compose(3),
      'c-gateway.yaml': ['gateway:', value, value, ''].join('\n'),
      'd.json': json,
    });
    assert.deepEqual(
      filtered.findings.map((f) => [path.basename(f.location.path), f.rule, f.location.line]),
      [
        ['c-gateway.yaml', 'gateway-token-literal', 2],
        ['c-gateway.yaml', 'gateway-token-literal', 3],
      ],
    );
    assert.deepEqual(
      filtered.coverage.map((c) => c.examined),
      [9, 7, 3, 2],
    );
    // The env line and the value outside a gateway key reach the rules once in all (2); the image
    // line, which names gateway, every time (4); the gateway file's three lines (3); the JSON line once (1).
    assert.equal(given, 10);
  });

  it('empties the set of quiet keys when it is full', () => {
    const keys = new QuietKeySet();
    for (let i = 0; i < QUIET_KEYS_MAX; i++) keys.add(`line ${i}`);
    assert.equal(keys.size, QUIET_KEYS_MAX);
    for (let i = 0; i < QUIET_KEYS_MAX; i++) assert.ok(keys.has(`line ${i}`), `line ${i}`);
    keys.add('line 7');
    assert.equal(keys.size, QUIET_KEYS_MAX);
    keys.add('one more');
    assert.deepEqual(keys.keys(), ['one more']);
    assert.ok(!keys.has('line 7'));
  });

  it('finds a quiet key by its whole text: keys alike in length and in most characters stay apart', () => {
    const keys = new QuietKeySet();
    // Lines of one length that differ in one character anywhere (a counter, a digest's last digit).
    const base = 'Downloading openclaw-gateway 2026.12.1 layer 0000000000000000 of 00000000 bytes';
    const variants: string[] = [];
    for (let at = 0; at < base.length; at++) variants.push(`${base.slice(0, at)}#${base.slice(at + 1)}`);
    variants.forEach((v) => keys.add(v));
    assert.ok(!keys.has(base));
    for (const v of variants) if (keys.has(v)) assert.ok(variants.includes(v));
    // Each kept key is found; at most KEYS_PER_PROBE share a probe, so some may have given way.
    const kept = keys.keys();
    assert.equal(keys.size, kept.length);
    for (const k of kept) assert.ok(keys.has(k));
    for (const v of variants) assert.equal(keys.has(v), kept.includes(v));
    assert.ok(kept.length >= QuietKeySet.KEYS_PER_PROBE && kept.length < variants.length, `${kept.length} of ${variants.length} kept`);
    // Short keys, an empty one, and keys that differ only in case or past the sampled characters.
    const others = ['', 'a', 'A', 'ab', 'ba', 'x'.repeat(17), `${'x'.repeat(16)}y`, 'x'.repeat(512), `${'x'.repeat(300)}y${'x'.repeat(211)}`];
    others.forEach((o) => keys.add(o));
    for (const o of others) assert.ok(keys.has(o), JSON.stringify(o.slice(0, 20)));
    assert.ok(!keys.has('B'));
    assert.ok(!keys.has(`${'x'.repeat(301)}y${'x'.repeat(210)}`));
  });
});

describe('payload keys', () => {
  const key = (envelope: Envelope, line: string): string | undefined => {
    const buf = Buffer.from(`filler\n${line}\n`);
    return envelope.skippable!.payloadKey!(buf, 7, buf.length - 1);
  };
  const gh = ENVELOPES['github-actions'];
  const dj = ENVELOPES['docker-json'];

  it('GitHub Actions: the message after the time, only after a time the decoder takes', () => {
    assert.equal(key(gh, `${time(1)} hello ${ESC}[1mworld`), `hello ${ESC}[1mworld`);
    assert.equal(key(gh, `${time(2)} hello ${ESC}[1mworld`), key(gh, `${time(1)} hello ${ESC}[1mworld`));
    assert.equal(key(gh, '2025-02-21T14:03:11.480156Z hello'), undefined); // 6 digits: a continuation line
    assert.equal(key(gh, `${time(1)}hello`), undefined);
    assert.equal(key(gh, `${time(1)} `), undefined);
    assert.equal(key(gh, 'hello'), undefined);
  });

  it('Docker: the record up to its stream, only when the log string decodes from it alone', () => {
    const rec = (log: string, t = '2025-02-21T14:03:11.201000000Z'): string => `{"log":"${log}","stream":"stdout","time":"${t}"}`;
    assert.equal(key(dj, rec('hi \\u001b[1mthere\\n')), '{"log":"hi \\u001b[1mthere\\n","stream":"stdout"');
    assert.equal(key(dj, rec('hi\\n', '2025-02-21T15:00:00Z')), key(dj, rec('hi\\n')));
    assert.notEqual(key(dj, rec('hi\\n').replace('stdout', 'stderr')), key(dj, rec('hi\\n')));
    // JSON.parse of the string would throw: the decoder reads the whole line instead.
    assert.equal(key(dj, rec('bad \\x escape\\n')), undefined);
    assert.equal(key(dj, rec('a \\" b \\u12 c\\n')), undefined);
    assert.equal(key(dj, rec('ends in \\')), undefined);
    assert.equal(key(dj, '{"log":"x\\n","stream":"stdout"}'), undefined); // no time: not Docker's shape
    assert.equal(key(dj, '{"stream":"stdout","log":"x\\n","time":"t"}'), undefined);
  });
});
