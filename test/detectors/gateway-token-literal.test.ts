// fixtures/detectors/gateway-token-literal/: ng.* scenarios with their exact findings, ok.* with
// none; plus what the fixtures cannot show: the decoded fingerprint, the written span that
// `clawprint mask` replaces, ids that survive line moves, and columns behind an envelope.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gatewayTokenLiteral } from '../../src/detectors/gateway-token-literal.js';
import { fileKindOf } from '../../src/values/literal-values.js';
import { isGatewayTokenFile } from '../../src/values/token-files.js';
import { fingerprintOf, TokenMatcher } from '../../src/token.js';
import { describeScanRule, scanText } from './scan-fixtures.js';

describeScanRule('gateway-token-literal');

const none = new TokenMatcher([]);
const literal = (text: string, file = 'access.log') => scanText(text, file, none, [gatewayTokenLiteral]);

describe('gateway-token-literal values', () => {
  const token = 'Zm9v+YmFy/YmF6cXV4cXV1eA==';
  const encoded = encodeURIComponent(token);
  const line = `GET /hooks/wake?token=${encoded} HTTP/1.1`;

  it('fingerprints the percent-decoded value but reports the written span', () => {
    const [f, ...rest] = literal(line);
    assert.equal(rest.length, 0);
    assert.equal(f!.secret!.fingerprint, fingerprintOf(token));
    assert.equal(f!.secret!.length, encoded.length);
    assert.equal(f!.secret!.preview, `${encoded.slice(0, 4)}…`);
    assert.equal(line.slice(f!.location.column! - 1, f!.location.column! - 1 + f!.secret!.length), encoded);
  });

  it('keeps its id when the line moves, and not across files', () => {
    const a = literal(`${line}\n`)[0]!;
    const b = literal(`# moved\n\n${line}\n`)[0]!;
    const c = literal(line, 'other.log')[0]!;
    assert.equal(b.location.line, 3);
    assert.equal(a.id, b.id);
    assert.notEqual(a.id, c.id);
  });

  it('adds ScanLine.column (the envelope prefix) to the column', () => {
    const run = gatewayTokenLiteral.create({ tokens: none, path: 'job.log' });
    const [f] = run.onLine({ text: line, path: 'job.log', line: 7, column: 29, context: 'github-actions' });
    assert.equal(f!.location.column, 29 + line.indexOf(encoded) + 1);
    assert.equal(f!.context, 'github-actions');
    assert.equal(f!.matchesExposedToken, false);
  });

  it('leaves a YAML gateway block at the first key that is not indented under it', () => {
    const yaml = ['gateway:', '  port: 8080', 'slack:', '  token: xoxb-1234567890-abcdefghij'].join('\n');
    assert.deepEqual(literal(yaml, 'gateway.yaml'), []);
    const nested = ['- name: prod', '  gateway:', '    auth:', '      token: 9f2c4e7a1b3d5f60', '  token: a1b2c3d4e5f60718'].join('\n');
    assert.deepEqual(literal(nested, 'gateway.yaml').map((f) => f.location.line), [4]);
  });
});

describe('fileKindOf', () => {
  it('reads a copy or template by the name of what it copies', () => {
    const kinds = Object.fromEntries(
      ['openclaw.json.bak', 'openclaw.json.bak.1', '.openclaw/openclaw.json5', 'gateway.yaml.example', 'gateway.yml.j2', 'openclaw.json~', 'deploy.ts.orig', 'gateway-2025.log.1', '.env.bak', 'bak', 'notes.bak'].map((p) => [p, fileKindOf(p)]),
    );
    assert.deepEqual(kinds, {
      'openclaw.json.bak': 'json',
      'openclaw.json.bak.1': 'json',
      '.openclaw/openclaw.json5': 'json',
      'gateway.yaml.example': 'yaml',
      'gateway.yml.j2': 'yaml',
      'openclaw.json~': 'json',
      'deploy.ts.orig': 'code',
      'gateway-2025.log.1': 'text',
      '.env.bak': 'text',
      bak: 'text',
      'notes.bak': 'text',
    });
  });

  it('tells a kind by the extension first exactly as by stripping copy suffixes (names of parts and suffixes, every mix)', () => {
    // The definition: strip copy suffixes (COPY_SUFFIX_RE's), then read the extension.
    const suffix = /(?:~|\.(?:bak|backup|orig|old|save|prev|tmp|dist|example|sample|template|tmpl|tpl|j2|\d+))$/;
    const reference = (p: string): string => {
      let base = p.slice(p.lastIndexOf('/') + 1).toLowerCase();
      for (let m = suffix.exec(base); m !== null && m.index > 0; m = suffix.exec(base)) base = base.slice(0, m.index);
      const dot = base.lastIndexOf('.');
      const ext = dot > 0 ? base.slice(dot + 1) : '';
      return ext === 'yaml' || ext === 'yml' ? 'yaml' : ext === 'json' || ext === 'json5' || ext === 'jsonc' ? 'json' : ['ts', 'js', 'py', 'go', 'c', 'm', 'r'].includes(ext) ? 'code' : 'text';
    };
    const parts = ['', 'a', '.a', 'TS', 'ts', 'yml', 'JSON', 'json5', 'bak', '1', '2024', 'tmp', 'j2', 'md', 'm', 'r', 'go~', 'example'];
    for (const a of parts) for (const b of parts) for (const c of parts) {
      const name = [a, b, c].filter((x) => x !== '').join('.');
      if (name !== '') assert.equal(fileKindOf(`dir/${name}`), reference(`dir/${name}`), name);
    }
  });
});

describe('gateway-token-literal: where a name starts and ends', () => {
  // A fake value of a token's length; each line is one trap for the name's bounds (char codes since 2026-12-06).
  const v = 'q7Vx2LmN8pR4sT6uW9yZ1aB3cD5eF0gH';
  const messages = (line: string) => literal(line, 'app.yaml').map((f) => [f.message, f.location.column]);
  it('takes [A-Za-z0-9_.-] back from the secret word, at most 128 characters, without leading dots and dashes', () => {
    assert.deepEqual(messages(`cfg.gateway.token = "${v}"`), [['gateway token literal in cfg.gateway.token assignment', 22]]);
    assert.deepEqual(messages(`é.gateway-token: "${v}"`), [['gateway token literal in gateway-token assignment', 19]]);
    assert.deepEqual(messages(`x${'a'.repeat(200)}_gateway_token: "${v}"`), [[`gateway token literal in ${'a'.repeat(119)}_gateway_token assignment`, 219]]);
  });
  it('leaves a secret word inside a longer word, and a name after $ or {', () => {
    for (const line of [`gateway_tokens: "${v}"`, `openclaw_gateway_token9: "${v}"`, `$gateway_token: "${v}"`, `{gateway_token: "${v}"`]) assert.deepEqual(messages(line), [], line);
  });
});

describe('isGatewayTokenFile', () => {
  it('knows a file by a name that ends in the gateway token, with or without an extension', () => {
    const named = ['gateway.token', '/data/.clawdbot/gateway.token', '/home/u/secrets/gateway-token', 'gateway_token.txt', 'jonathan-gateway-token.txt', '.openclaw-gateway-token', 'C:\\state\\GatewayToken.txt'];
    const other = ['gateway-tokens.txt', 'gateway-token-notes.md', 'token.txt', 'gateway.yaml', 'mygatewaytoken', 'gateway.token/README.md'];
    assert.deepEqual(named.filter((p) => !isGatewayTokenFile(p)), []);
    assert.deepEqual(other.filter((p) => isGatewayTokenFile(p)), []);
  });
});
