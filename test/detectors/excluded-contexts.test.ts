// The excluded-context table (src/detectors/excluded-contexts.ts) keeps itself honest: each entry's
// `excluded` lines give no finding, its `kept` lines (the same places with a token a human would
// call one) give one. Then paths of the "never a finding" list that no fixture reached before:
// the hex words, `Gateway access token:` lines, vendor prefixes added with the fourth and fifth
// corpora, a URL after an escaped break deciding a `Bearer` line, the placeholder word list.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EXCLUDED_CONTEXTS } from '../../src/detectors/excluded-contexts.js';
import { isExcludedValue, isPlaceholderText } from '../../src/detectors/exclusions.js';
import { scanExamples } from '../../src/detectors/scan-examples.js';
import { isVendorToken } from '../../src/detectors/vendor-tokens.js';
import { isWordIdentifier, isWordPlaceholder } from '../../src/detectors/word-placeholders.js';
import { TokenMatcher } from '../../src/token.js';
import { scanText } from './scan-fixtures.js';

const none = new TokenMatcher([]);
const findings = (line: string, file = 'notes.md') => scanText(line, file, none).map((f) => `${f.rule} ${f.severity}`);

describe('excluded contexts (the table)', () => {
  it('has unique ids', () => {
    const ids = EXCLUDED_CONTEXTS.map((c) => c.id);
    assert.deepEqual([...new Set(ids)], ids);
  });
  for (const context of EXCLUDED_CONTEXTS) {
    describe(context.id, () => {
      for (const line of context.examples.excluded) {
        it(`excludes ${JSON.stringify(line.slice(0, 60))}`, () => assert.deepEqual(findings(line), []));
      }
      for (const line of context.examples.kept) {
        it(`still reports ${JSON.stringify(line.slice(0, 60))}`, () => assert.notDeepEqual(findings(line), []));
      }
    });
  }
});

describe('never-a-finding paths', () => {
  const { EXAMPLE_HEX48, EXAMPLE_BASE64URL } = scanExamples();

  it('takes deadbeef and cafebabe for the hex words examples are made of', () => {
    assert.deepEqual(findings('Authorization: Bearer deadbeef12346'), []);
    assert.deepEqual(findings(`const k = "cafebabe${EXAMPLE_HEX48.slice(8)}";`, 'k.ts'), []);
    assert.deepEqual(findings(`const k = "${EXAMPLE_HEX48}";`, 'k.ts'), ['token-shaped-string high']);
  });

  it('reads `Gateway access token:` as setup output, and `Gateway access:` not', () => {
    assert.deepEqual(findings(`Gateway access token: ${EXAMPLE_BASE64URL}`), ['gateway-token-literal high']);
    assert.deepEqual(findings(`Gateway access: ${EXAMPLE_BASE64URL}`), ['token-shaped-string medium']);
  });

  it('knows Bannerbear bb_ma_ and HubSpot pat-eu1- as other products\' prefixes', () => {
    assert.ok(isVendorToken(`bb_ma_${EXAMPLE_HEX48.slice(0, 30)}`) && isVendorToken('pat-eu1-0123abcd-0123-4567-89ab-0123456789ab'));
    assert.deepEqual(findings(`Authorization: Bearer bb_ma_${EXAMPLE_BASE64URL}`), []);
    assert.deepEqual(findings('"Authorization": "Bearer pat-eu1-xxx",'), []);
    assert.ok(!isVendorToken(`bb_${EXAMPLE_BASE64URL}`) && !isVendorToken(`pat-eu9${EXAMPLE_BASE64URL}`));
  });

  it('knows Google\'s protobuf ids by their heads (ad clicks, YouTube, Google News)', () => {
    for (const head of ['CjwK', 'CAES', 'ChQK', 'CBkQ', 'CBMi', 'QUFF']) assert.ok(isVendorToken(head + EXAMPLE_BASE64URL), head);
    assert.deepEqual(findings(`{"gclid": "CjwK${EXAMPLE_BASE64URL}"}`), []);
    assert.deepEqual(findings(`{"gclid": "${EXAMPLE_BASE64URL}"}`), ['token-shaped-string medium']);
  });

  // The `Bearer` literal goes to the public host; the 43-character value is still a token shape.
  it('judges a Bearer line by a URL after an escaped break (\\n, \\t, \\r), not by one behind a backslash-escaped letter', () => {
    for (const esc of ['\\n', '\\t', '\\r']) {
      assert.deepEqual(findings(`"curl -H \\"Authorization: Bearer ${EXAMPLE_BASE64URL}\\" ${esc}https://api.particle.io/v1/devices"`, 'rules.json'), ['token-shaped-string medium'], esc);
    }
    // `\\xhttps://…` is no break: no URL is read, the line names no host, and the literal stays.
    assert.deepEqual(findings(`"curl -H \\"Authorization: Bearer ${EXAMPLE_BASE64URL}\\" \\xhttps://api.particle.io/v1/devices"`, 'rules.json'), ['gateway-token-literal high']);
  });

  it('reads placeholders from one word list: your-…-key, glued UPPERCASE words, pieces', () => {
    assert.ok(isPlaceholderText('YOUR_CONTEXT7_API_KEY') && isPlaceholderText('yourgatewaytoken') && isPlaceholderText('my-placeholder-value'));
    assert.ok(!isPlaceholderText('yours-truly-2024'));
    assert.ok(isWordPlaceholder('REALTOKEN123', true) && isWordPlaceholder('supersecrettoken123456', true));
    assert.ok(!isWordPlaceholder('REALTOKEN123X', false) && !isWordPlaceholder('MONKEYBUSINESS12', true));
    assert.ok(isExcludedValue('abc123secret') && isExcludedValue('abcd1234-ef56-gh78-ij90-klmn1234opqr'));
    // In a password context only stand-in words make a placeholder; chosen words stay a password.
    assert.ok(isWordPlaceholder('from-config', true) && !isWordPlaceholder('correct-horse-battery-9', true));
  });

  it('takes identifiers made of words for code, not tokens (token shapes only)', () => {
    assert.ok(isWordIdentifier('AddFileAnnotationsToChatMessage1700271021237'));
    assert.ok(isWordIdentifier('Ai_Cf_Qwen_Qwen2_5_Coder_32B_Instruct_Prompt'));
    assert.ok(!isWordIdentifier(EXAMPLE_BASE64URL) && !isWordIdentifier(`Ai_Cf_${EXAMPLE_BASE64URL}`));
  });
});
