// The diff the bin starts before the CLI loads (src/sources/staged-diff.ts) is started only for
// the pre-commit hook's plain `scan --staged`, and listStaged uses one only when it was started
// for the same directory and arguments, once: any other guess costs a git process, never a wrong
// list of files.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { listStaged, offerStagedDiff } from '../../src/sources/git-staged.js';
import { prestartStagedDiff, stagedDiffArgs } from '../../src/sources/staged-diff.js';

const ENV = { PATH: process.env['PATH'] ?? '', HOME: tmpdir(), GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };

function repo(files: string[]): string {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'clawprint-prestart-')));
  assert.equal(spawnSync('git', ['init', '-q'], { cwd: dir, env: ENV }).status, 0);
  for (const name of files) writeFileSync(path.join(dir, name), `${name}\n`);
  assert.equal(spawnSync('git', ['add', '.'], { cwd: dir, env: ENV }).status, 0);
  return dir;
}

async function staged(cwd: string): Promise<string[]> {
  const { files, blobs } = await listStaged(cwd, ['.']);
  blobs.close();
  return files.map((f) => f.path);
}

describe('the staged diff started by the bin', () => {
  it('is started for `scan --staged` with --verbose or --no-progress only', () => {
    const cwd = repo([]);
    for (const args of [['scan', '--staged'], ['scan', '--no-progress', '--staged'], ['scan', '--staged', '--verbose']]) {
      const started = prestartStagedDiff(['node', 'clawprint', ...args], cwd);
      assert.deepEqual(started && { cwd: started.cwd, args: started.args }, { cwd, args: stagedDiffArgs(['.']) }, args.join(' '));
    }
    for (const args of [['scan', '--staged', 'src'], ['scan', '--staged', '--format', 'json'], ['scan', '.'], ['mask', '--staged'], ['scan', '--staged', '--', '.']]) {
      assert.equal(prestartStagedDiff(['node', 'clawprint', ...args], cwd), undefined, args.join(' '));
    }
  });

  it('is used by listStaged when started in its directory for its paths, once; another is ignored', async () => {
    const a = repo(['a.txt']);
    const b = repo(['b.txt']);
    offerStagedDiff(prestartStagedDiff(['node', 'clawprint', 'scan', '--staged'], a));
    assert.deepEqual(await staged(b), ['b.txt']);
    // A diff offered for this directory is what listStaged lists (here one made up, to tell).
    const made = Buffer.from(`:000000 100644 ${'0'.repeat(40)} ${'1'.repeat(40)} A\0made up.txt\0`);
    offerStagedDiff({ cwd: b, args: stagedDiffArgs(['.']), run: Promise.resolve({ error: null, stdout: made, stderr: Buffer.alloc(0) }) });
    assert.deepEqual(await staged(b), ['made up.txt']);
    assert.deepEqual(await staged(b), ['b.txt']);
    offerStagedDiff({ cwd: b, args: stagedDiffArgs(['sub']), run: Promise.resolve({ error: null, stdout: made, stderr: Buffer.alloc(0) }) });
    assert.deepEqual(await staged(b), ['b.txt']);
  });
});
