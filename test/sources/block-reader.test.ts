// readBlocks is a plain async iterator over a synchronous splitter (docs/performance.md): it must
// end, fail and stop early as the async generator it replaced did.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readBlocks } from '../../src/sources/blocks.js';

describe('readBlocks as an iterator', () => {
  it('a failing source: the blocks before the failure, then the error, then nothing (a carried partial line is not given)', async () => {
    async function* source(): AsyncGenerator<Buffer> {
      yield Buffer.from('one\ntwo\nthr');
      throw new Error('disk gone');
    }
    const it = readBlocks(source());
    assert.equal((await it.next()).value?.buf.toString(), 'one\ntwo\n');
    await assert.rejects(it.next(), /disk gone/);
    assert.deepEqual(await it.next(), { value: undefined, done: true });
  });

  it('a reader that stops early closes the source', async () => {
    let closed = false;
    async function* source(): AsyncGenerator<Buffer> {
      try {
        for (let i = 0; i < 10; i++) yield Buffer.from(`line ${i}\n`);
      } finally {
        closed = true;
      }
    }
    const seen: string[] = [];
    for await (const block of readBlocks(source())) {
      seen.push(block.buf.toString());
      if (seen.length === 2) break;
    }
    assert.deepEqual(seen, ['line 0\n', 'line 1\n']);
    assert.equal(closed, true);
  });

  it('a line carried over several chunks is one block; the last line without a newline ends the input', async () => {
    async function* source(): AsyncGenerator<Buffer> {
      for (const part of ['a', 'b', 'c\nd', 'e']) yield Buffer.from(part);
    }
    const blocks: string[] = [];
    for await (const block of readBlocks(source())) blocks.push(block.buf.toString());
    assert.deepEqual(blocks, ['abc\n', 'de']);
  });

  it('endLastLine (the audit): a last line without a newline gets one, marked as added; a last line with one is left as it is', async () => {
    async function* parts(...items: string[]): AsyncGenerator<Buffer> {
      for (const part of items) yield Buffer.from(part);
    }
    const read = async (...items: string[]): Promise<Array<[string, boolean]>> => {
      const out: Array<[string, boolean]> = [];
      for await (const block of readBlocks(parts(...items), undefined, false, true)) out.push([block.buf.toString(), block.newlineAdded === true]);
      return out;
    };
    assert.deepEqual(await read('a', 'b', 'c\nd', 'e'), [['abc\n', false], ['de\n', true]]);
    assert.deepEqual(await read('one\r\n', 'two 401'), [['one\r\n', false], ['two 401\n', true]]);
    assert.deepEqual(await read('one\ntwo\n'), [['one\ntwo\n', false]]);
    assert.deepEqual(await read(), []);
  });
});
