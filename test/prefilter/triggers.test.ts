// mergeTriggers: every scan rule's triggers as one set (prefilter/triggers.ts). The three value
// rules declare the same runMatters: it is asked once per line, not once per rule.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SCAN_DETECTORS } from '../../src/detectors/index.js';
import { mergeTriggers, type RunMatters } from '../../src/prefilter/triggers.js';
import { mayHoldTokenShape } from '../../src/values/token-shapes.js';

describe('mergeTriggers runMatters', () => {
  it("is the value rules' own test, once, for the scan's rules", () => {
    assert.equal(mergeTriggers(Object.values(SCAN_DETECTORS).map((d) => d.triggers)).runMatters, mayHoldTokenShape);
  });

  it('asks each distinct test once; none when a rule with a run declares none', () => {
    const asked: string[] = [];
    const says = (name: string, answer: boolean): RunMatters => () => (asked.push(name), answer);
    const a = says('a', false);
    const b = says('b', true);
    const buf = Buffer.from('x');
    assert.equal(mergeTriggers([{ minRun: 43, runMatters: a }, { minRun: 40, runMatters: a }]).runMatters, a);
    const both = mergeTriggers([{ minRun: 43, runMatters: a }, { minRun: 43, runMatters: b }, { minRun: 43, runMatters: a }, { keywords: ['k'] }]).runMatters!;
    assert.equal(both(buf, 0, 1), true);
    assert.deepEqual(asked, ['a', 'b']);
    assert.equal(mergeTriggers([{ minRun: 43, runMatters: a }, { minRun: 43 }]).runMatters, undefined);
    assert.equal(mergeTriggers([{ keywords: ['k'] }]).runMatters, undefined);
  });
});
