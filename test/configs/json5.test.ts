// The JSON5 reader behind openclaw.json: the json5.org grammar, with the line of every value.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigSyntaxError, type ConfigNode } from '../../src/configs/config-file.js';
import { parseJson5Tree } from '../../src/configs/json5.js';

const at = (node: ConfigNode, ...keys: string[]): ConfigNode => {
  let n = node;
  for (const k of keys) {
    assert.equal(n.kind, 'map');
    const e = (n as Extract<ConfigNode, { kind: 'map' }>).entries.find((x) => x.key === k);
    assert.ok(e, `no key ${k}`);
    n = e.value;
  }
  return n;
};

describe('parseJson5Tree', () => {
  it('reads comments, unquoted and quoted keys, single quotes, trailing commas, hex and signed numbers', () => {
    const tree = parseJson5Tree(`\uFEFF// head
{
  /* block
     comment */ gateway: {
    'port': 0x4A65,
    auth: { mode: "token", token: 'it\\'s', },
    weights: [+1, -.5, Infinity, NaN,],
  },
  "quoted key": "a\\u0041\\x41",
  multi: "line \\
continued",
  flag: true, none: null,
}
`);
    assert.deepEqual(at(tree, 'gateway', 'port'), { kind: 'scalar', line: 5, value: 0x4a65 });
    assert.deepEqual(at(tree, 'gateway', 'auth', 'token'), { kind: 'scalar', line: 6, value: "it's" });
    assert.equal((at(tree, 'gateway', 'weights') as Extract<ConfigNode, { kind: 'list' }>).items.length, 4);
    assert.deepEqual(at(tree, 'quoted key'), { kind: 'scalar', line: 9, value: 'aAA' });
    assert.deepEqual(at(tree, 'multi'), { kind: 'scalar', line: 10, value: 'line continued' });
    assert.deepEqual(at(tree, 'none'), { kind: 'scalar', line: 12, value: null });
  });

  for (const [name, text, line] of [
    ['an unterminated object', '{ a: 1,\n', 2],
    ['a missing colon', '{\n a 1 }', 2],
    ['an unterminated string', '{ a: "x }', 1],
    ['text after the value', '{}\n{}', 2],
    ['an unterminated comment', '{ /* x', 1],
  ] as const) {
    it(`reports ${name} with its line`, () => {
      assert.throws(
        () => parseJson5Tree(text),
        (e: unknown) => e instanceof ConfigSyntaxError && e.line === line && /^not valid JSON5: /.test(e.message),
      );
    });
  }

  it('refuses nesting past its depth bound instead of overflowing the stack', () => {
    assert.throws(() => parseJson5Tree('['.repeat(100_000)), ConfigSyntaxError);
  });
});
