import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectFormat } from '../../src/pipeline/format.js';

const UTC = { zone: 'UTC' };

describe('detectFormat', () => {
  it('keeps a gateway log whose lines are half damaged as gateway-jsonl (never silently plain)', () => {
    const sample = [
      '{"ts":"2025-02-21T14:01:00Z","event":"http.request","method":"GET","path":"/a","status":200}',
      '{"ts":"2025-02-21T14:02:00Z","event":"http.request","method":"GET","path":"/b"',
      '{"ts":"2025-02-21T14:03:00Z",,,}',
      '{"ts":"2025-02-21T14:04:00Z","event":"http.request","method":"GET","path":"/c","status":200}',
    ];
    assert.equal(detectFormat(sample, {}, UTC).parser.id, 'gateway-jsonl');
  });

  it('does not claim an unrelated application log because its lines start with a time', () => {
    const sample = [
      '2025-02-21 15:00:00,000 WARN billing.worker: card declined code=4001 order=88231',
      '2025-02-21 15:00:01,000 INFO billing.worker: retry scheduled order=88231',
      '2025-02-21 15:00:02,000 INFO http: GET /health 200',
    ];
    const format = detectFormat(sample, {}, UTC);
    assert.deepEqual([format.envelope.id, format.parser.id], ['none', 'plain']);
  });
});
