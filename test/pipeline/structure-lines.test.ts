// The prefilter on YAML and JSON files (scan-run.ts, structure-lines.ts): only marked lines, lines
// naming `gateway` and the lines the structure trackers follow after one reach the rules, and the
// findings are exactly those of reading every line — a `gateway:` block whose token sits many
// lines below it, a block that crosses the scan's 1 MiB read, `gateway` named by a package or a
// string rather than a key, and a pending key before a `"gateway"` string (the trap: read alone,
// that line would open a context that reading every line does not).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { SCAN_DETECTORS } from '../../src/detectors/index.js';
import { runScan } from '../../src/pipeline/scan-run.js';
import { withStructureLines } from '../../src/pipeline/structure-lines.js';
import { type BlockMarks, LineMarker } from '../../src/prefilter/line-marker.js';
import { mergeTriggers } from '../../src/prefilter/triggers.js';
import { expandInputs } from '../../src/sources/glob.js';
import { TokenMatcher } from '../../src/token.js';

// Fake secrets made here, never real ones.
const tok = (n: number): string => createHash('sha256').update(`clawprint structure-lines test ${n}`).digest('hex').slice(0, 48);

/** Scans `content` as a file called `name`, with and without the prefilter (which must agree). */
async function scanFile(name: string, content: string): Promise<{ found: string[]; examined: number; lines: number }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'clawprint-structure-'));
  writeFileSync(path.join(dir, name), content);
  const { inputs } = await expandInputs([dir]);
  const tokens = new TokenMatcher([]);
  const run = (prefilter: boolean) => runScan(inputs.map((input) => ({ input })), { detectors: Object.values(SCAN_DETECTORS), tokens, forced: {}, prefilter });
  const [full, filtered] = [await run(false), await run(true)];
  assert.deepEqual(filtered.findings, full.findings);
  assert.deepEqual(filtered.coverage.map((c) => c.lines), full.coverage.map((c) => c.lines));
  return {
    found: filtered.findings.map((f) => `${f.rule} ${f.location.line}`),
    examined: filtered.coverage.reduce((n, c) => n + c.examined, 0),
    lines: filtered.coverage.reduce((n, c) => n + c.lines, 0),
  };
}

/** Helm-values-like filler: nothing a rule could find, and no `gateway`. */
const yamlFiller = (n: number, indent = ''): string =>
  Array.from({ length: n }, (_, i) => `${indent}component${i}:\n${indent}  enabled: true\n${indent}  # a comment about it\n${indent}  port: ${8000 + i}\n`).join('');

describe('scan prefilter on YAML and JSON', () => {
  it('follows a gateway: block from its key to a token far below it, and reads little else', async () => {
    const yaml = `${yamlFiller(500)}gateway:\n  # the token clients present\n${yamlFiller(40, '  ')}\n  token: ${tok(1)}\nafter:\n  token: ${tok(2)}\n${yamlFiller(500)}`;
    const r = await scanFile('values.yaml', yaml);
    // line 2004 + 160 filler lines; the second token is outside the block: a bare 48-hex shape.
    assert.deepEqual(r.found, ['gateway-token-literal 2164', 'token-shaped-string 2166']);
    assert.ok(r.examined < 250, `examined ${r.examined} of ${r.lines} lines`);
  });

  it('keeps following a gateway: block across the 1 MiB read', async () => {
    const before = yamlFiller(20_000);
    assert.ok(before.length > 1 << 20);
    const yaml = `${before.slice(0, (1 << 20) - 200).replace(/\n[^\n]*$/, '\n')}gateway:\n${yamlFiller(30, '  ')}  token: ${tok(3)}\n`;
    const r = await scanFile('big.yaml', yaml);
    assert.equal(r.found.length, 1);
    assert.match(r.found[0]!, /^gateway-token-literal \d+$/);
  });

  it('reads the token under gateway.auth in a lockfile-sized JSON where packages are named gateway', async () => {
    const entry = (i: number, name: string) =>
      `    "node_modules/${name}": {\n      "version": "1.0.${i}",\n      "integrity": "sha512-${Buffer.from(createHash('sha512').update(String(i)).digest()).toString('base64')}",\n      "dependencies": {\n        "x": "^1.0.0"\n      }\n    },\n`;
    const pkgs = Array.from({ length: 3000 }, (_, i) => entry(i, i % 500 === 7 ? `@aws-sdk/client-api-gateway${i}` : `pkg-${i}`)).join('');
    const json = `{\n  "packages": {\n${pkgs}    "z": {}\n  },\n  "gateway": {\n    "auth": {\n      "mode": "token",\n      "token": "${tok(4)}"\n    }\n  }\n}\n`;
    const r = await scanFile('package-lock.json', json);
    assert.equal(r.found.length, 1);
    assert.match(r.found[0]!, /^gateway-token-literal \d+$/);
    assert.ok(r.examined < r.lines / 3, `examined ${r.examined} of ${r.lines} lines`);
  });

  it('does not open a context where reading every line does not: a "gateway" string that is the value of a key pending from the line before', async () => {
    // Line 2 starts the JSON tracker; read after line 3, "gateway" on line 4 is the value of "x",
    // so no gateway.auth opens and the token is only a bare shape. Line 4 read on its own would
    // open one: the lines after a line naming gateway must be given while the tracker follows.
    const json = `{\n  "gateway_info": {\n    "x":\n    "gateway": {"auth": {"token": "${tok(5)}"}}\n  }\n}\n`;
    const r = await scanFile('trap.json', json);
    assert.deepEqual(r.found, ['token-shaped-string 4']);
  });

  it('takes a YAML gateway block that only ends at a dedent after blank and comment lines', async () => {
    const yaml = `gateway:\n\n  # later\n\n  port: 1\n${yamlFiller(10, '  ')}  password: ${tok(6)}\nother:\n  password: ${tok(7)}\n`;
    const r = await scanFile('gw.yml', yaml);
    assert.deepEqual(r.found, ['gateway-token-literal 46', 'token-shaped-string 48']);
  });
});

describe('lines naming gateway, from the SIMD pass (LineMarker NAMED) or searched', () => {
  // withStructureLines takes the lines holding `gateway` from the marker's pass (2026-12-06; before,
  // a second Buffer.indexOf pass over every block); with no named keys it searches them itself.
  const triggers = mergeTriggers(Object.values(SCAN_DETECTORS).map((d) => d.triggers));
  const rnd = (i: number): string => createHash('sha256').update(`structure-lines named ${i}`).digest('hex');
  const kinds = [
    (i: number) => `gateway:`,
    (i: number) => `  "gateway": { "port": ${i} },`,
    (i: number) => `image: ghcr.io/openclaw/gateway:${rnd(i).slice(0, 7)}`,
    (i: number) => `gatewaygateway ${i} gateway: x`,
    (i: number) => `# the gateway ${rnd(i).slice(0, 12)} token: ${tok(i)}`,
    (i: number) => `Gateway GATEWAY gate way ${i}`,
    (i: number) => `token: ${tok(i)}\r`,
    (i: number) => ``,
    (i: number) => `component${i}: { enabled: true, secret: ${rnd(i).slice(0, 50)} }`,
  ];
  const block = (seed: number, lines: number, last: string): Buffer => {
    const out = Array.from({ length: lines }, (_, i) => (rnd(seed * 100_000 + i).charCodeAt(0) % 3 === 0 ? kinds[(i * 7 + seed) % kinds.length]!(i) : `filler ${i}: ${rnd(i).slice(0, 20)}`));
    return Buffer.from(`${out.join('\n')}${last}`);
  };
  it('gives the same lines both ways, for every mode, on blocks with gateway anywhere', () => {
    const marker = new LineMarker(triggers, new TokenMatcher([]));
    for (const [seed, last] of [[1, '\n'], [2, ''], [3, 'gateway'], [4, '\ngateway: {'], [5, '\r\n']] as const) {
      const buf = Buffer.concat([Buffer.from('gateway:\n'), block(seed, 3000, last)]);
      const marks = marker.mark(buf);
      const holding = buf.toString('latin1').split('\n').flatMap((l, i) => (l.includes('gateway') ? [i + 1] : []));
      assert.deepEqual(marks.namedNumbers, holding, `seed ${seed}`);
      assert.ok(holding.length > 300, `seed ${seed}: ${holding.length} lines name gateway`);
      for (const followFirst of [false, true]) {
        for (const keysOnly of [false, true]) {
          const named = withStructureLines(marks, followFirst, keysOnly);
          const searched = withStructureLines({ ...marks, namedKeys: [] }, followFirst, keysOnly);
          const lines = (m: BlockMarks) => ({ starts: m.starts, numbers: m.numbers, nextLineKeys: m.nextLineKeys, runOnly: m.runOnly });
          assert.deepEqual(lines(named), lines(searched), `seed ${seed} followFirst ${followFirst} keysOnly ${keysOnly}`);
          assert.ok(named.starts.length > marks.starts.length, `seed ${seed}: lines were added`);
        }
      }
    }
  });
});
