// A plain-text file is scanned sparsely (only lines the prefilter marks), except blocks that hold a
// gateway key and the block after one. Blocks follow the input's chunks, so stdin chunks build
// the cases: a config cut between two blocks, and a gateway block that a skipped line closed.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { SCAN_DETECTORS } from '../../src/detectors/index.js';
import { runScan } from '../../src/pipeline/scan-run.js';
import { LineMarker } from '../../src/prefilter/line-marker.js';
import { mergeTriggers } from '../../src/prefilter/triggers.js';
import { TokenMatcher } from '../../src/token.js';

const hex = (seed: string): string => createHash('sha256').update(seed).digest('hex').slice(0, 48);
const A = hex('structured-keys a');
const B = hex('structured-keys b');

async function scanChunks(chunks: string[], prefilter: boolean): Promise<Array<[string, number, string]>> {
  const result = await runScan([{ input: { path: 'ci.log' }, open: () => Readable.from(chunks.map((c) => Buffer.from(c))) }], {
    detectors: Object.values(SCAN_DETECTORS),
    tokens: new TokenMatcher([]),
    forced: {},
    prefilter,
  });
  return result.findings.map((f) => [f.rule, f.location.line, f.message]);
}

describe('gateway keys (LineMarker)', () => {
  it('finds a gateway key that opens a YAML, JSON or JSON5 mapping, not the word gateway', () => {
    const triggers = mergeTriggers(Object.values(SCAN_DETECTORS).map((d) => d.triggers));
    const marker = new LineMarker(triggers, new TokenMatcher([]));
    const keys = { holdsGatewayKey: (buf: Buffer) => marker.mark(buf).mappingKey };
    const opening = ['gateway:\n', '  gateway:\r\n', '- gateway: # seed config\n', '  gateway: {\n', 'gateway: { token: x }\n', '{"gateway":{}}\n', '{ "gateway": {} }\n', '{ "gateway" : {} }\n', "{'gateway': {}}\n"];
    for (const text of opening) assert.equal(keys.holdsGatewayKey(Buffer.from(`x\n${text}`)), true, text);
    const mentions = ['[gateway] listening on ws://0.0.0.0:18789\n', '{"0":"{\\"subsystem\\":\\"gateway/ws\\"}"}\n', '{"component":"gateway"}\n', 'info gateway: request served\n'];
    for (const text of mentions) assert.equal(keys.holdsGatewayKey(Buffer.from(text)), false, text);
  });
});

describe('scan of a plain-text file across blocks', () => {
  const cases: Array<{ name: string; chunks: string[]; expected: Array<[string, number, string]> }> = [
    {
      name: 'a YAML config cut between two blocks is still read as one',
      chunks: ['+ cat gateway.yaml\ngateway:\n  port: 8080\n', `  auth:\n    token: ${A}\n`],
      expected: [['gateway-token-literal', 5, 'gateway token literal in gateway.token in YAML']],
    },
    {
      name: 'a gateway block does not reach past lines the prefilter skipped',
      chunks: ['gateway:\n  port: 8080\n', '  bind: loopback\n', `slack:\n  bot: x\n  token: ${B}\n`],
      expected: [['token-shaped-string', 6, 'token-shaped 48-digit hex string with high entropy']],
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      assert.deepEqual(await scanChunks(c.chunks, true), c.expected);
      assert.deepEqual(await scanChunks(c.chunks, false), c.expected, 'without the prefilter');
    });
  }
});
