// `clawprint scan --staged` (pre-commit) in real git repositories built by the test: the index is
// scanned, not the working tree, and only lines the staged change adds are reported. git is
// required: CI installs it, so a missing git fails here instead of skipping.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { addedLines } from '../../src/sources/added-lines.js';
import { BlobReader } from '../../src/sources/git-blobs.js';
import { inRanges, openBlob } from '../../src/sources/git-staged.js';
import { openBytes } from '../../src/sources/open-input.js';
import { fixture, runCli } from '../helpers.js';

const SECRET = readFileSync(fixture('commands', 'staged', 'secret.env'), 'utf8').trim();
const OTHER = readFileSync(fixture('commands', 'staged', 'other-secret.env'), 'utf8').trim();
// `printf %s <value after => | sha256sum | cut -c1-12`, computed outside clawprint.
const SECRET_FP = 'sha256:163f39d04e99';
const OTHER_FP = 'sha256:3186eb50bbf5';

const HOME = realpathSync(mkdtempSync(path.join(tmpdir(), 'clawprint-staged-home-')));
// No user or system git config may change what the test sees (hooks, signing, diff drivers).
const ENV = { HOME, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_DATE: '2025-02-21T14:03:11Z', GIT_COMMITTER_DATE: '2025-02-21T14:03:11Z' };

function git(repo: string, ...args: string[]): string {
  const r = spawnSync('git', ['-c', 'user.name=clawprint test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', ...args], {
    cwd: repo,
    env: { PATH: process.env['PATH'] ?? '', ...ENV },
    encoding: 'utf8',
  });
  assert.ok(r.error === undefined, `git could not run (${String(r.error)}); CI installs git, so this is a failure, not a skip`);
  assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function newRepo(): string {
  const repo = realpathSync(mkdtempSync(path.join(tmpdir(), 'clawprint-staged-')));
  git(repo, '-c', 'init.defaultBranch=main', 'init', '-q');
  return repo;
}

function write(repo: string, name: string, lines: string[]): void {
  const file = path.join(repo, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, lines.join('\n') + '\n');
}

async function scanStaged(repo: string, ...extra: string[]) {
  const r = await runCli(['scan', '--staged', '--format', 'json', '--no-progress', ...extra], { cwd: repo, env: ENV });
  type Found = { id: string; rule: string; location: { path: string; line: number; column: number }; secret: { fingerprint: string } };
  const findings = r.stdout === '' ? [] : (JSON.parse(r.stdout) as { findings: Found[] }).findings;
  return { ...r, findings, at: findings.map((f) => `${f.location.path}:${f.location.line}:${f.location.column} ${f.rule} ${f.secret.fingerprint}`) };
}

describe('clawprint scan --staged', () => {
  before(() => {
    const r = spawnSync('git', ['--version'], { encoding: 'utf8' });
    assert.ok(r.status === 0, 'git is not installed: the --staged tests need it (CI installs it)');
  });

  it('blocks a staged secret in a repository with no commits yet', async () => {
    const repo = newRepo();
    write(repo, 'config/gateway.env', ['PORT=18789', SECRET]);
    git(repo, 'add', '.');
    const r = await scanStaged(repo);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(r.at, [`config/gateway.env:2:24 gateway-token-literal ${SECRET_FP}`]);
  });

  it('scans the index, not the working tree', async () => {
    const repo = newRepo();
    write(repo, 'a.env', ['PORT=1']);
    write(repo, 'b.env', [SECRET]);
    git(repo, 'add', '.');
    // Unstaged edits: a secret added to a.env in the working tree only, b.env's secret removed there only.
    write(repo, 'a.env', ['PORT=1', OTHER]);
    write(repo, 'b.env', ['PORT=2']);
    const r = await scanStaged(repo);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(r.at, [`b.env:1:24 gateway-token-literal ${SECRET_FP}`]);
  });

  it('passes when the only secret is in the working tree', async () => {
    const repo = newRepo();
    write(repo, 'a.env', ['PORT=1']);
    git(repo, 'add', '.');
    write(repo, 'a.env', ['PORT=1', SECRET]);
    const r = await scanStaged(repo);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.at, []);
  });

  it('reports only lines the change adds, not a committed secret on an untouched line', async () => {
    const repo = newRepo();
    write(repo, 'service.env', ['# gateway', SECRET, 'PORT=1', 'HOST=0.0.0.0']);
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'initial');
    write(repo, 'service.env', ['# gateway (edited)', SECRET, 'PORT=2', 'HOST=0.0.0.0']);
    git(repo, 'add', '.');
    let r = await scanStaged(repo);
    assert.equal(r.code, 0, r.stderr);
    write(repo, 'service.env', ['# gateway (edited)', SECRET, 'PORT=2', 'HOST=0.0.0.0', OTHER]);
    git(repo, 'add', '.');
    r = await scanStaged(repo);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(r.at, [`service.env:5:24 gateway-token-literal ${OTHER_FP}`]);
  });

  it('reports an added copy of a committed secret with the id a full scan gives that occurrence', async () => {
    const repo = newRepo();
    write(repo, 'app.env', ['# app', SECRET]);
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'initial');
    write(repo, 'app.env', ['# app', SECRET, 'PORT=1', `export ${SECRET}`]);
    git(repo, 'add', '.');
    const r = await scanStaged(repo);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(r.at, [`app.env:4:31 gateway-token-literal ${SECRET_FP}`]);
    const full = await runCli(['scan', 'app.env', '--format', 'json', '--no-progress'], { cwd: repo, env: ENV });
    const ids = (JSON.parse(full.stdout) as { findings: Array<{ id: string }> }).findings.map((f) => f.id);
    assert.equal(new Set(ids).size, 2);
    assert.equal(r.findings[0]!.id, ids[1]);
  });

  it('does not report a committed secret in a file that was only renamed', async () => {
    const repo = newRepo();
    write(repo, 'old name.env', ['# settings', SECRET, 'PORT=1']);
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'initial');
    git(repo, 'mv', 'old name.env', 'new "name".env');
    const r = await scanStaged(repo);
    assert.equal(r.code, 0, r.stderr);
  });

  it('honours .clawprintignore at the top of the work tree and pathspecs given as paths', async () => {
    const repo = newRepo();
    write(repo, '.clawprintignore', ['fixtures/']);
    write(repo, 'fixtures/fake.env', [SECRET]);
    write(repo, 'src/real.env', [OTHER]);
    git(repo, 'add', '.');
    let r = await scanStaged(repo);
    assert.deepEqual(r.at, [`src/real.env:1:24 gateway-token-literal ${OTHER_FP}`]);
    r = await scanStaged(repo, 'fixtures');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.at, []);
  });

  for (const attribute of ['-diff', 'binary']) {
    it(`a .gitattributes \`${attribute}\` on the file does not hide the secret the change adds`, async () => {
      const repo = newRepo();
      write(repo, '.gitattributes', [`*.env ${attribute}`]);
      write(repo, 'service.env', ['# gateway', 'PORT=1']);
      git(repo, 'add', '.');
      git(repo, 'commit', '-q', '-m', 'initial');
      write(repo, 'service.env', ['# gateway', 'PORT=1', SECRET]);
      git(repo, 'add', '.');
      // What git itself says about the change: no line at all.
      assert.doesNotMatch(git(repo, 'diff', '--cached', '-U0'), /^\+[^+]/m);
      const r = await scanStaged(repo);
      assert.equal(r.code, 1, r.stderr);
      assert.deepEqual(r.at, [`service.env:3:24 gateway-token-literal ${SECRET_FP}`]);
    });
  }

  it('a symbolic link replaced by a file holding a secret (a type change) is scanned', async () => {
    const repo = newRepo();
    write(repo, 'real.env', ['PORT=1']);
    symlinkSync('real.env', path.join(repo, 'gateway.env'));
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'initial');
    rmSync(path.join(repo, 'gateway.env'));
    write(repo, 'gateway.env', ['PORT=1', SECRET]);
    git(repo, 'add', '.');
    const r = await scanStaged(repo);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(r.at, [`gateway.env:2:24 gateway-token-literal ${SECRET_FP}`]);
  });

  it('is one line and exit 2 outside a git repository', async () => {
    const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'clawprint-nogit-')));
    const r = await scanStaged(dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^clawprint: --staged needs a git repository[^\n]*\n$/);
  });
});

describe('git diff plumbing', () => {
  it('a blob git cannot read is an unreadable input, never an empty (clean) file', async () => {
    const repo = newRepo();
    write(repo, 'a.txt', ['hello']);
    git(repo, 'add', 'a.txt');
    const good = git(repo, 'rev-parse', ':a.txt').trim();
    const read = async (blob: string) => {
      const bytes = openBytes({ path: 'a.txt' }, openBlob(repo, blob));
      const chunks: Buffer[] = [];
      for await (const c of bytes.chunks) chunks.push(c);
      return { text: Buffer.concat(chunks).toString(), issues: bytes.issues.map((i) => `${i.kind}: ${i.message}`) };
    };
    assert.deepEqual(await read(good), { text: 'hello\n', issues: [] });
    const bad = await read('0123456789abcdef0123456789abcdef01234567');
    assert.equal(bad.text, '');
    assert.equal(bad.issues.length, 1);
    assert.match(bad.issues[0]!, /^unreadable: git cat-file 0123456789ab: /);
  });

  it('one git cat-file reads many blobs in order: a reader that stops early skips the rest of its blob, a missing id or a tree errors only its own stream', async () => {
    const repo = newRepo();
    // Larger than a pipe's buffer, so git is still writing it when its reader stops.
    const big = Buffer.alloc(3 << 20, 'abcdefghij\n');
    writeFileSync(path.join(repo, 'big.txt'), big);
    write(repo, 'a.txt', ['first']);
    write(repo, 'b.txt', ['last']);
    git(repo, 'add', '.');
    const id = (file: string) => git(repo, 'rev-parse', `:${file}`).trim();
    const reader = new BlobReader(repo);
    const tree = git(repo, 'write-tree').trim();
    const streams = [id('a.txt'), id('big.txt'), '0123456789abcdef0123456789abcdef01234567', tree, id('b.txt'), id('big.txt')].map((blob) => reader.open(blob));
    reader.close();
    const readAll = async (s: AsyncIterable<Buffer>) => {
      const chunks: Buffer[] = [];
      for await (const c of s) chunks.push(c);
      return Buffer.concat(chunks);
    };
    assert.equal((await readAll(streams[0]!)).toString(), 'first\n');
    for await (const chunk of streams[1]!) {
      assert.ok(chunk.length > 0);
      break; // destroys the stream, as the scan does on a binary file
    }
    await assert.rejects(readAll(streams[2]!), /^Error: git cat-file 0123456789ab: missing$/);
    await assert.rejects(readAll(streams[3]!), new RegExp(`^Error: git cat-file ${tree.slice(0, 12)}: a tree, not a file$`));
    assert.equal((await readAll(streams[4]!)).toString(), 'last\n');
    assert.ok((await readAll(streams[5]!)).equals(big));
  });

  it('added lines: a moved line is not new, a second copy of a committed line is, every line counts past the bound', async () => {
    const bytes = (...lines: string[]): AsyncIterable<Buffer> => (async function* () {
      // Split mid-line: a line's hash runs across chunks.
      const all = Buffer.from(lines.join('\n'));
      for (let i = 0; i < all.length; i += 3) yield all.subarray(i, i + 3);
    })();
    assert.deepEqual(await addedLines(bytes('a', 'b', 'c', ''), bytes('c', 'a', 'b', 'x', 'y', 'b', '')), [[4, 6]]);
    assert.deepEqual(await addedLines(bytes('a', 'b'), bytes('a', 'b')), []);
    // No final newline: the last line still counts, and `b` differs from `b\r`.
    assert.deepEqual(await addedLines(bytes('a', 'b'), bytes('a\r', 'b\r', 'b')), [[1, 2]]);
    assert.deepEqual(await addedLines(bytes(), bytes('a', '')), [[1, 1]]);
    assert.deepEqual(await addedLines(bytes('a', 'b', 'c', ''), bytes('a', ''), 2), [[1, Number.MAX_SAFE_INTEGER]]);
  });

  it('tests a line against ascending added ranges', () => {
    const ranges: Array<[number, number]> = [[2, 3], [7, 7], [10, 20]];
    assert.deepEqual([1, 2, 3, 4, 7, 8, 10, 20, 21].map((n) => inRanges(ranges, n)), [false, true, true, false, true, false, true, true, false]);
    assert.equal(inRanges([], 1), false);
  });
});
