// pathBelow answers as path.relative would, for the walk's display paths and ignore layers.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { pathBelow } from '../../src/sources/relative-path.js';
import { displayPath } from '../../src/sources/glob.js';

const DIRS = ['/', '/work', '/work/repo', '/work/re', '/work/repo/', '/work/./repo', '/work//repo', '/work/x/../repo'];
const PATHS = [
  '/', '/work', '/work/repo', '/work/repo/a.md', '/work/repo/guide/b.md', '/work/repository/a.md', '/work/re/a', '/work/repo/..foo',
  '/work/repo/../etc/passwd', '/work/repo/./a', '/work/repo//a', '/work/repo/a/', '/other/a', '/workrepo/a',
];

describe('pathBelow', () => {
  it('agrees with path.relative wherever it decides', () => {
    let decided = 0;
    for (const dir of DIRS) {
      for (const p of PATHS) {
        const fast = pathBelow(dir, p);
        if (fast === undefined) continue;
        decided++;
        const rel = path.relative(dir, p);
        const outside = rel === '' || rel === '..' || rel.startsWith('../');
        assert.equal(fast, outside ? false : rel, `${dir} ${p}`);
      }
    }
    assert.equal(decided, 4 * 10);
  });

  it('leaves unnormalised paths to path.relative', () => {
    assert.equal(pathBelow('/work/repo', '/work/repo/../etc'), undefined);
    assert.equal(pathBelow('/work/repo/', '/work/repo/a'), undefined);
    assert.equal(pathBelow('/work/./repo', '/work/repo/a'), undefined);
    assert.equal(pathBelow('/work/repo', '/work/repo//a'), undefined);
  });

  it('gives displayPath the same answers for paths inside, outside and unnormalised', () => {
    assert.equal(displayPath('/work/repo/guide/b.md', '/work/repo'), 'guide/b.md');
    assert.equal(displayPath('/work/repository/a.md', '/work/repo'), '/work/repository/a.md');
    assert.equal(displayPath('/work/repo', '/work/repo'), '/work/repo');
    assert.equal(displayPath('/tmp/a.md', '/'), 'tmp/a.md');
    assert.equal(displayPath('/work/repo/x/../a.md', '/work/repo'), 'a.md');
    assert.equal(displayPath('/work/a.md', '/work/repo/'), '/work/a.md');
  });
});
