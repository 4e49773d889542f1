// The prefilter on framed logs (scan-run.ts, Envelope.skippable): raw Docker and GitHub Actions
// lines that can give nothing are never decoded, yet every token survives the framing the issue
// names — a colour code inside it (raw or JSON-escaped), a keyword with a colour code after it, a
// 16 KiB partial split, a gateway config printed record by record. Each case is asserted exactly
// and against the same scan without the prefilter.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { SCAN_DETECTORS } from '../../src/detectors/index.js';
import { ENVELOPES } from '../../src/envelopes/index.js';
import type { ForcedFormat } from '../../src/pipeline/format.js';
import { runScan } from '../../src/pipeline/scan-run.js';
import { expandInputs } from '../../src/sources/glob.js';
import { openclawMask, TokenMatcher } from '../../src/token.js';

// Fake secrets made here, never real ones.
const hex48 = createHash('sha256').update('clawprint framed-prefilter test').digest('hex').slice(0, 48);
const password = 'Pa55-w0rd-for-framing-7';
const ESC = '\x1b';
const TIME = '2025-02-21T14:03:11.4801562Z';

const docker = (log: string, stream = 'stdout'): string => `${JSON.stringify({ log, stream, time: '2025-02-21T14:03:11.201000000Z' })}\n`;
/** Ordinary container output: nothing a rule could find (the `conn=4b1f…` is not a mask). */
const dockerFiller = (n: number): string =>
  Array.from({ length: n }, (_, i) => docker(`${ESC}[32m[ws]${ESC}[39m webchat connected conn=4b1f… remote=10.0.${i % 250}.7 client=openclaw-control-ui\n`)).join('');
const github = (message: string): string => `${TIME} ${message}\n`;
const githubFiller = (n: number): string => Array.from({ length: n }, (_, i) => github(`${ESC}[32minfo${ESC}[39m load report queue took=${i}ms`)).join('');

interface Expected {
  rule: string;
  line: number;
}

/** Scans `content` as a file called `name`, with and without the prefilter (which must agree). */
async function scanFile(
  name: string,
  content: string,
  forced: ForcedFormat = {},
): Promise<{ found: Array<Expected & { path: string }>; examined: number; lines: number; envelopes: string[] }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'clawprint-framed-'));
  writeFileSync(path.join(dir, name), content);
  const { inputs } = await expandInputs([dir]);
  const tokens = new TokenMatcher([]);
  const run = (prefilter: boolean) => runScan(inputs.map((input) => ({ input })), { detectors: Object.values(SCAN_DETECTORS), tokens, forced, prefilter });
  const [full, filtered] = [await run(false), await run(true)];
  assert.deepEqual(filtered.findings, full.findings);
  return {
    found: filtered.findings.map((f) => ({ path: path.basename(f.location.path), rule: f.rule, line: f.location.line })),
    examined: filtered.coverage.reduce((n, c) => n + c.examined, 0),
    lines: filtered.coverage.reduce((n, c) => n + c.lines, 0),
    envelopes: filtered.coverage.map((c) => c.envelope),
  };
}

describe('scan prefilter on framed logs', () => {
  it('finds a token with a colour code inside it, and a mask, among container lines it never decodes', async () => {
    const log =
      dockerFiller(300) +
      docker(`deploy key ${hex48.slice(0, 20)}${ESC}[1m${hex48.slice(20)}${ESC}[0m ready\n`) +
      dockerFiller(300) +
      docker(`[ws] connect client=cli auth=token token=${openclawMask(hex48)!} remote=203.0.113.7\n`) +
      dockerFiller(300);
    const { found, examined, lines } = await scanFile('app-json.log', log);
    assert.deepEqual(found, [
      { path: 'app-json.log', rule: 'token-shaped-string', line: 301 },
      { path: 'app-json.log', rule: 'masked-token', line: 602 },
    ]);
    assert.equal(lines, 902);
    assert.ok(examined <= 4, `decoded ${examined} of ${lines} lines`);
  });

  it('skips ellipses no token character follows, and finds a mask on a line that has both', async () => {
    const webchat = (i: number) => `2025-02-21T14:03:11.201Z [ws] webchat connected conn=4b1f… remote=10.0.${i % 250}.7 client=openclaw-control-ui\n`;
    const lines = Array.from({ length: 300 }, (_, i) => webchat(i)).join('');
    const { found, examined } = await scanFile('gateway.log', `${lines}[ws] conn=4b1f… auth=token token=${openclawMask(hex48, '...')!} remote=203.0.113.7\n${lines}`);
    assert.deepEqual(found, [{ path: 'gateway.log', rule: 'masked-token', line: 301 }]);
    assert.ok(examined <= 2, `decoded ${examined} lines`);
  });

  it('reads source, YAML and JSON files as they are, whatever their lines look like, unless an envelope is forced', async () => {
    // A Docker record holding a token split by a JSON-escaped colour code: only the envelope joins it.
    const record = docker(`deploy key ${hex48.slice(0, 20)}${ESC}[1m${hex48.slice(20)}${ESC}[0m ready\n`);
    const log = dockerFiller(30) + record + dockerFiller(30);
    for (const name of ['records.json', 'records.yaml', 'records.ts']) {
      const { found, envelopes } = await scanFile(name, log);
      assert.deepEqual(envelopes, ['none'], name);
      assert.deepEqual(found, [], name);
    }
    assert.deepEqual((await scanFile('records.log', log)).envelopes, ['docker-json']);
    const forced = await scanFile('records.json', log, { envelope: ENVELOPES['docker-json'] });
    assert.deepEqual(forced.envelopes, ['docker-json']);
    assert.deepEqual(forced.found, [{ path: 'records.json', rule: 'token-shaped-string', line: 31 }]);
  });

  it('reads a keyword through the colour code after it (GitHub Actions)', async () => {
    const { found, examined } = await scanFile('build.txt', githubFiller(400) + github(`${ESC}[1mToken${ESC}[0m: ${password}`) + githubFiller(400));
    assert.deepEqual(found, [{ path: 'build.txt', rule: 'gateway-token-literal', line: 401 }]);
    assert.ok(examined <= 2, `decoded ${examined} lines`);
  });

  it('joins a token split by a 16 KiB partial record, decoding only the parts (and what interleaves)', async () => {
    const head = `${'lorem ipsum '.repeat(1400).slice(0, 16384 - 21)} ${hex48.slice(0, 20)}`;
    const interleaved = docker(head) + docker('stderr line between the parts\n', 'stderr') + docker(`${hex48.slice(20)} done\n`);
    const { found, examined, lines } = await scanFile('split-json.log', dockerFiller(200) + interleaved + dockerFiller(200));
    assert.deepEqual(found, [{ path: 'split-json.log', rule: 'token-shaped-string', line: 201 }]);
    assert.equal(lines, 403);
    // The joined line and the stderr line that came between its parts.
    assert.equal(examined, 2);
  });

  it('gives the line after a plist key, which holds no keyword of its own (unframed)', async () => {
    const filler = Array.from({ length: 400 }, (_, i) => `    <key>Label${i}</key>\n    <string>ai.openclaw.job${i}</string>\n    <integer>${i}</integer>\n    <true/>\n`).join('');
    const plist = `${filler}    <key>OPENCLAW_GATEWAY_TOKEN</key>\n    <string>${password}</string>\n${filler}`;
    const { found, examined, lines } = await scanFile('ai.openclaw.gateway.plist', plist);
    assert.deepEqual(found, [{ path: 'ai.openclaw.gateway.plist', rule: 'gateway-token-literal', line: 1602 }]);
    assert.equal(lines, 3202);
    // Every <key> line and the line after it, nothing else.
    assert.equal(examined, 1602);
  });

  it('follows a gateway config a container prints record by record (escaped newlines)', async () => {
    const config = ['gateway:\n', '  auth:\n', '    mode: token\n', `    token: ${password}\n`].map((l) => docker(l)).join('');
    const { found } = await scanFile('config-json.log', dockerFiller(300) + config + dockerFiller(300));
    assert.deepEqual(found, [{ path: 'config-json.log', rule: 'gateway-token-literal', line: 304 }]);
  });
});
