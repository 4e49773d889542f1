// compareText must order strings as localeCompare does: every pair of printable ASCII characters,
// strings that differ after a shared start, prefixes, case, and characters it leaves to ICU.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareText } from '../src/collate.js';
import { seededInts } from './random.js';

const PRINTABLE = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i));
const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);
const agree = (a: string, b: string): void => assert.equal(compareText(a, b), sign(a.localeCompare(b)), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);

describe('compareText', () => {
  it('orders every pair of printable ASCII characters as localeCompare, alone and after a shared path', () => {
    for (const a of PRINTABLE) {
      for (const b of PRINTABLE) {
        agree(a, b);
        agree(`src/x${a}`, `src/x${b}`);
        agree(`${a}z`, `${b}A`);
      }
    }
  });

  it('orders prefixes, case and paths as localeCompare', () => {
    const cases: Array<[string, string]> = [
      ['a', 'ab'], ['ab', 'a'], ['a', 'A'], ['A', 'a'], ['Ab', 'aa'], ['aB', 'Ab'], ['a-b', 'a_b'], ['a.b', 'a/b'],
      ['deploy/demo-1/config.yaml', 'deploy/demo-10/config.yaml'], ['services/api/README.md', 'services/api/readme.md'],
      ['x', ''], ['', 'x'], ['same', 'same'], ['exposed-token', 'hardcoded-token'],
    ];
    for (const [a, b] of cases) agree(a, b);
  });

  it('leaves other characters to localeCompare and agrees with it', () => {
    const cases: Array<[string, string]> = [
      ['a\u0001b', 'ab'], ['ab', 'a\tb'], ['résumé', 'resume'], ['é', 'f'], ['a\u0301', 'á'], ['x\u00a0y', 'x y'], ['日本', 'a'], ['z', 'Ä'],
    ];
    for (const [a, b] of cases) {
      agree(a, b);
      agree(b, a);
    }
  });

  it('agrees with localeCompare on 20,000 random strings of path characters and case', () => {
    const next = seededInts(9);
    const alphabet = 'aAbBzZ09-_./ ~$#';
    const draw = (): string => Array.from({ length: 1 + next(6) }, () => alphabet[next(alphabet.length)]).join('');
    for (let i = 0; i < 20_000; i++) {
      const a = draw();
      agree(a, next(3) === 0 ? a + draw() : draw());
    }
  });
});
