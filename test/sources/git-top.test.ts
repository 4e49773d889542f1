// The work tree's top found without git (src/sources/git-top.ts) is git's own answer, and every
// layout it cannot be sure of is left to `git rev-parse`: each case is checked against git.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { plainWorkTreeTop } from '../../src/sources/git-top.js';

const ENV = { PATH: process.env['PATH'] ?? '', HOME: tmpdir(), GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };

function git(cwd: string, args: string[], env: Record<string, string> = {}) {
  return spawnSync('git', args, { cwd, env: { ...ENV, ...env }, encoding: 'utf8' });
}

function repo(): string {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'clawprint-top-')));
  assert.equal(git(dir, ['init', '-q']).status, 0);
  mkdirSync(path.join(dir, 'a', 'b'), { recursive: true });
  return dir;
}

/** What `git rev-parse --show-toplevel` says in `cwd`, or undefined when it fails. */
function gitTop(cwd: string, env: Record<string, string> = {}): string | undefined {
  const r = git(cwd, ['rev-parse', '--show-toplevel'], env);
  return r.status === 0 ? r.stdout.trim() : undefined;
}

describe('the work tree top without git', () => {
  it('is git\'s answer at the top, in a subdirectory, through a symbolic link, in a repository nested in another', () => {
    const top = repo();
    const link = path.join(realpathSync(mkdtempSync(path.join(tmpdir(), 'clawprint-top-link-'))), 'to b');
    symlinkSync(path.join(top, 'a', 'b'), link);
    const nested = path.join(top, 'a', 'inner');
    mkdirSync(nested);
    assert.equal(git(nested, ['init', '-q']).status, 0);
    for (const cwd of [top, path.join(top, 'a', 'b'), link, nested]) {
      const expected = gitTop(cwd);
      assert.ok(expected !== undefined);
      assert.equal(plainWorkTreeTop(cwd, ENV), expected, cwd);
    }
  });

  it('leaves to git a linked worktree, GIT_DIR or GIT_WORK_TREE, core.worktree, a bare repository, a repository\'s own directory, no repository', () => {
    const top = repo();
    writeFileSync(path.join(top, 'f'), 'x\n');
    assert.equal(git(top, ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-q', '--allow-empty', '-m', 'x']).status, 0);
    const linked = `${top}-linked`;
    assert.equal(git(top, ['worktree', 'add', '-q', linked]).status, 0);
    assert.equal(plainWorkTreeTop(linked, ENV), undefined);
    assert.equal(plainWorkTreeTop(path.join(top, 'a'), { ...ENV, GIT_DIR: path.join(top, '.git') }), undefined);
    assert.equal(plainWorkTreeTop(top, { ...ENV, GIT_WORK_TREE: top }), undefined);
    assert.equal(plainWorkTreeTop(path.join(top, '.git', 'hooks'), ENV), undefined);

    const moved = repo();
    assert.equal(git(moved, ['config', 'core.worktree', path.join(moved, 'a')]).status, 0);
    assert.equal(gitTop(moved), path.join(moved, 'a'));
    assert.equal(plainWorkTreeTop(moved, ENV), undefined);

    const bare = realpathSync(mkdtempSync(path.join(tmpdir(), 'clawprint-top-bare-')));
    assert.equal(git(bare, ['init', '-q', '--bare']).status, 0);
    assert.equal(plainWorkTreeTop(bare, ENV), undefined);

    const nowhere = realpathSync(mkdtempSync(path.join(tmpdir(), 'clawprint-top-none-')));
    assert.equal(gitTop(nowhere), undefined);
    assert.equal(plainWorkTreeTop(nowhere, ENV), undefined);
  });

  it('leaves to git a .git that is not a repository, and one owned by someone else (safe.directory)', (t) => {
    const top = repo();
    const stray = path.join(top, 'a', 'b');
    mkdirSync(path.join(stray, '.git'));
    // git walks past an empty .git to the repository above; this module does not guess.
    assert.equal(gitTop(stray), top);
    assert.equal(plainWorkTreeTop(stray, ENV), undefined);
    if (process.getuid?.() !== 0) return t.skip('changing a directory\'s owner needs root');
    const foreign = repo();
    chownSync(path.join(foreign, '.git'), 65534, 65534);
    assert.equal(plainWorkTreeTop(foreign, ENV), undefined);
  });
});
