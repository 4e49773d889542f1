// displayPath answers the common case (a normalised path below the working directory) without
// path.relative; it must answer exactly as the general rule does.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { displayPath } from '../../src/sources/glob.js';

/** The general rule: relative when below the working directory, else absolute; POSIX separators. */
function general(absolute: string, cwd: string): string {
  const rel = path.relative(cwd, absolute);
  const shown = rel === '' || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel) ? absolute : rel;
  return shown.split(path.sep).join('/');
}

describe('displayPath', () => {
  it('agrees with path.relative for paths below, at, beside and above the working directory', () => {
    const cases = [
      ['/work/repo/src/a.ts', '/work/repo'],
      ['/work/repo/.env', '/work/repo'],
      ['/work/repo/deploy/.clawprintignore', '/work/repo/'],
      ['/work/repo', '/work/repo'],
      ['/work/repo-2/a.ts', '/work/repo'],
      ['/work/other/a.ts', '/work/repo'],
      ['/work/repo/../x/a.ts', '/work/repo'],
      ['/work/repo/./a.ts', '/work/repo'],
      ['/work/repo//a.ts', '/work/repo'],
      ['/a.ts', '/'],
      ['/work/repo/..hidden/a', '/work/repo'],
    ];
    for (const [absolute, cwd] of cases) assert.equal(displayPath(absolute!, cwd), general(absolute!, cwd!), `${absolute} from ${cwd}`);
  });
});
