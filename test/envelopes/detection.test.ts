// End to end: the registry order through detectFormat picks the right envelope for every
// fixture, and plain gateway/OpenClaw logs stay unframed.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ENVELOPE_ORDER, ENVELOPES } from '../../src/envelopes/index.js';
import { detectFormat } from '../../src/pipeline/format.js';
import { UTC_CONTEXT } from '../../src/time.js';
import { fileLines, SAMPLES, sampleOf, scenarioDirs } from './scenarios.js';

const detected = (lines: readonly string[]): string => detectFormat(sampleOf(lines), {}, UTC_CONTEXT).envelope.id;

describe('envelope detection through detectFormat', () => {
  it('registers every envelope in the documented order', () => {
    assert.deepEqual(
      ENVELOPE_ORDER.map((e) => e.id),
      ['docker-json', 'journald-json', 'shipper-json', 'cri', 'timestamped', 'paas', 'compose', 'github-actions', 'gitlab', 'jenkins', 'none'],
    );
    for (const [id, envelope] of Object.entries(ENVELOPES)) assert.equal(envelope.id, id);
  });

  for (const envelope of ENVELOPE_ORDER.filter((e) => e.id !== 'none')) {
    for (const dir of scenarioDirs(envelope.id)) {
      it(`detects ${envelope.id} for fixture ${path.basename(dir)}`, () => {
        assert.equal(detected(fileLines(path.join(dir, 'input.log'))), envelope.id);
      });
    }
  }

  const unframed = ['gatewayJsonl', 'openclawConsole', 'openclawConsoleShort', 'plain'] as const;
  for (const name of unframed) {
    it(`leaves ${name} lines unframed`, () => assert.equal(detected(SAMPLES[name]), 'none'));
  }

  it('tells CRI from timestamped and GitHub Actions from timestamped', () => {
    assert.equal(detected(SAMPLES.criContainerd), 'cri');
    assert.equal(detected(SAMPLES.timestamped), 'timestamped');
    assert.equal(detected(SAMPLES.githubActions), 'github-actions');
    assert.equal(detected(SAMPLES.paas), 'paas');
  });
});
