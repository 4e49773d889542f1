// The one directory walk behind directory and glob inputs of every command: links followed, each
// real directory read once, a loop reported once per link. Trees are built in a temp dir because
// git does not keep symlink loops and FIFOs portably.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { expandInputs } from '../../src/sources/glob.js';
import type { InputIssue } from '../../src/sources/input.js';
import { walkFiles } from '../../src/sources/walk.js';

function tree(files: readonly string[]): string {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'clawprint-walk-')));
  for (const name of files) {
    const full = path.join(root, ...name.split('/'));
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, `${name}\n`);
  }
  return root;
}

const rel = (root: string) => (p: string): string => path.relative(root, p).split(path.sep).join('/');

/** Two links to `.` inside L: a walk that follows links without loop detection never ends. */
function twoSelfLinks(): string {
  const root = tree(['L/access.log']);
  symlinkSync('.', path.join(root, 'L', 'a'));
  symlinkSync('.', path.join(root, 'L', 'b'));
  return root;
}

describe('walkFiles', () => {
  it('reports each link that leads back to a directory already read, and reads every file once', async () => {
    const root = twoSelfLinks();
    const issues: InputIssue[] = [];
    const files = await walkFiles(path.join(root, 'L'), issues, { display: rel(root) });
    assert.deepEqual(files.map(rel(root)), ['L/access.log']);
    assert.deepEqual(
      issues.map((i) => [i.path, i.kind, i.message]),
      [
        ['L/a', 'directory-loop', 'directory reached again through a link; read once'],
        ['L/b', 'directory-loop', 'directory reached again through a link; read once'],
      ],
    );
  });

  it('reports a link out of the walked tree and does not follow it; followLinks follows it', async () => {
    const root = tree(['logs/app.log', 'elsewhere/old/rotated.log', 'elsewhere/notes.log']);
    symlinkSync(path.join(root, 'elsewhere', 'old'), path.join(root, 'logs', 'old'));
    symlinkSync(path.join(root, 'elsewhere', 'notes.log'), path.join(root, 'logs', 'notes.log'));
    const issues: InputIssue[] = [];
    const files = await walkFiles(path.join(root, 'logs'), issues, { display: rel(root) });
    assert.deepEqual(files.map(rel(root)), ['logs/app.log']);
    const message = 'symbolic link leads out of the walked tree; not followed (--follow-links follows it)';
    assert.deepEqual(issues.map((i) => [i.path, i.kind, i.message]), [['logs/notes.log', 'link-outside', message], ['logs/old', 'link-outside', message]]);
    const followed: InputIssue[] = [];
    const all = await walkFiles(path.join(root, 'logs'), followed, { display: rel(root), followLinks: true });
    assert.deepEqual(all.map(rel(root)), ['logs/app.log', 'logs/notes.log', 'logs/old/rotated.log']);
    assert.deepEqual(followed, []);
  });

  it('follows a link inside the tree, and reads a file reached through two links once', async () => {
    const root = tree(['logs/app.log', 'logs/archive/old/rotated.log']);
    symlinkSync(path.join(root, 'logs', 'archive', 'old'), path.join(root, 'logs', 'old'));
    symlinkSync(path.join(root, 'logs', 'app.log'), path.join(root, 'logs', 'current.log'));
    const issues: InputIssue[] = [];
    const files = await walkFiles(path.join(root, 'logs'), issues, { display: rel(root) });
    assert.deepEqual(files.map(rel(root)), ['logs/app.log', 'logs/archive/old/rotated.log']);
    assert.deepEqual(issues.map((i) => [i.path, i.kind]), [['logs/old', 'directory-loop']]);
  });

  it('skips FIFOs (reading one would block) and devices (one never ends) with one counted issue, and dangling links', async () => {
    const root = tree(['d/a.log']);
    execFileSync('mkfifo', [path.join(root, 'd', 'pipe')]);
    symlinkSync('/dev/zero', path.join(root, 'd', 'zero'));
    symlinkSync(path.join(root, 'nowhere'), path.join(root, 'd', 'dangling'));
    const issues: InputIssue[] = [];
    const files = await walkFiles(path.join(root, 'd'), issues, { display: rel(root), followLinks: true });
    assert.deepEqual(files.map(rel(root)), ['d/a.log']);
    assert.deepEqual(issues.map((i) => [i.path, i.kind, i.message]), [['d', 'special-file', '2 devices, FIFOs or sockets skipped: not files']]);
  });

  it('stops at maxDepth', async () => {
    const root = tree(['d/a.log', 'd/x/b.log', 'd/x/y/c.log']);
    const files = await walkFiles(path.join(root, 'd'), [], { display: rel(root), maxDepth: 2 });
    assert.deepEqual(files.map(rel(root)), ['d/a.log', 'd/x/b.log']);
  });
});

describe('expandInputs: audit and scan expand directories and globs with the same walk', () => {
  for (const [label, ignoreFiles] of [['audit', false], ['scan', true]] as const) {
    it(`${label}: a directory with two links to itself`, async () => {
      const root = twoSelfLinks();
      const { inputs, issues } = await expandInputs([path.join(root, 'L')], { ignoreFiles });
      assert.deepEqual(inputs.map((i) => rel(root)(i.absolutePath!)), ['L/access.log']);
      assert.deepEqual(issues.map((i) => [rel(root)(i.path), i.kind]), [['L/a', 'directory-loop'], ['L/b', 'directory-loop']]);
    });

    it(`${label}: a ** glob over the same tree`, async () => {
      const root = twoSelfLinks();
      const { inputs, issues } = await expandInputs([`${root}/L/**/*.log`], { ignoreFiles });
      assert.deepEqual(inputs.map((i) => rel(root)(i.absolutePath!)), ['L/access.log']);
      assert.deepEqual(issues.map((i) => [rel(root)(i.path), i.kind]), [['L/a', 'directory-loop'], ['L/b', 'directory-loop']]);
    });
  }

  it('a glob without ** matches at its own depth only, hidden files included', async () => {
    const root = tree(['logs/a.log', 'logs/.hidden.log', 'logs/b.txt', 'logs/sub/c.log', 'logs/sub/deeper/d.log']);
    const top = await expandInputs([`${root}/logs/*.log`]);
    assert.deepEqual(top.inputs.map((i) => rel(root)(i.absolutePath!)), ['logs/.hidden.log', 'logs/a.log']);
    const one = await expandInputs([`${root}/logs/*/*.log`]);
    assert.deepEqual(one.inputs.map((i) => rel(root)(i.absolutePath!)), ['logs/sub/c.log']);
    const none = await expandInputs([`${root}/nothing/*.log`]);
    assert.deepEqual([none.inputs, none.issues.map((i) => i.kind)], [[], ['no-files']]);
  });
});
