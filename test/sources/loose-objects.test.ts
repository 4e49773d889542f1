// Staged blobs read from loose objects (src/sources/loose-objects.ts) are byte for byte what
// `git cat-file` gives; whatever is not a loose blob here (packed, too large, a tree, a repository
// with replace refs or another object directory) is left to git, and a corrupt one is an error,
// never an empty (clean) file.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { BlobReader } from '../../src/sources/git-blobs.js';
import { CLI } from '../helpers.js';
import { LOOSE_MAX_BYTES, looseObjectDir, openLoose } from '../../src/sources/loose-objects.js';

const ENV = { PATH: process.env['PATH'] ?? '', HOME: tmpdir(), GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };

function git(cwd: string, ...args: string[]): Buffer {
  const r = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd, env: ENV });
  assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function repo(files: Record<string, string | Buffer>): { dir: string; id: (name: string) => string } {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'clawprint-loose-')));
  git(dir, 'init', '-q');
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  git(dir, 'add', '.');
  return { dir, id: (name) => git(dir, 'rev-parse', `:${name}`).toString().trim() };
}

async function readAll(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c);
  return Buffer.concat(chunks);
}

describe('loose objects', () => {
  it('reads a staged blob as git cat-file does: text, empty, binary, several chunks long', async () => {
    const binary = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 256));
    const files = { 'a.txt': 'hello\n', 'empty': '', 'bin.dat': binary, 'big.txt': Buffer.alloc(300_000, 'line of text\n') };
    const { dir, id } = repo(files);
    const objects = looseObjectDir(dir, ENV);
    assert.equal(objects, path.join(dir, '.git', 'objects'));
    for (const name of Object.keys(files)) {
      const stream = openLoose(objects!, id(name));
      assert.ok(stream !== undefined, name);
      assert.ok((await readAll(stream)).equals(git(dir, 'cat-file', 'blob', id(name))), name);
    }
  });

  it('leaves to git a packed blob, a tree, a missing id and a blob over the bound', () => {
    const { dir, id } = repo({ 'a.txt': 'hello\n', 'huge.txt': Buffer.alloc(LOOSE_MAX_BYTES + 1, 'x') });
    const objects = looseObjectDir(dir, ENV)!;
    assert.equal(openLoose(objects, id('huge.txt')), undefined);
    assert.equal(openLoose(objects, git(dir, 'write-tree').toString().trim()), undefined);
    assert.equal(openLoose(objects, '0123456789abcdef0123456789abcdef01234567'), undefined);
    git(dir, 'commit', '-q', '-m', 'x');
    git(dir, 'gc', '-q', '--prune=now');
    assert.equal(openLoose(objects, id('a.txt')), undefined);
  });

  it('is not used with replace refs or another object directory', () => {
    const { dir, id } = repo({ 'a.txt': 'hello\n', 'b.txt': 'other\n' });
    assert.equal(looseObjectDir(dir, { ...ENV, GIT_OBJECT_DIRECTORY: path.join(dir, '.git', 'objects') }), undefined);
    assert.equal(looseObjectDir(dir, { ...ENV, GIT_REPLACE_REF_BASE: 'refs/other/' }), undefined);
    git(dir, 'replace', id('a.txt'), id('b.txt'));
    assert.equal(looseObjectDir(dir, ENV), undefined);
    git(dir, 'pack-refs', '--all');
    assert.deepEqual(readdirSync(path.join(dir, '.git', 'refs', 'replace')), []);
    assert.equal(looseObjectDir(dir, ENV), undefined);
  });

  it('a corrupt loose object errors its stream', async () => {
    // Over 1 KiB once compressed: inflated when read, not when opened (a small one is kept).
    let seed = 1;
    const noise = Buffer.from(Array.from({ length: 4096 }, () => 32 + ((seed = (seed * 48271) % 2147483647) % 95)));
    const { dir, id } = repo({ 'a.txt': noise });
    const objects = looseObjectDir(dir, ENV)!;
    const file = path.join(objects, id('a.txt').slice(0, 2), id('a.txt').slice(2));
    const stream = openLoose(objects, id('a.txt'))!;
    // Cut after the header: the size it announces is no longer there.
    writeFileSync(file, spawnSync('head', ['-c', '20', file]).stdout);
    await assert.rejects(readAll(stream), new RegExp(`^Error: git object ${id('a.txt').slice(0, 12)}: `));
  });

  it('a small loose object cut short errors its stream: its data, or only its checksum, gone', async () => {
    const { dir, id } = repo({ 'a.txt': 'hello, a line long enough to be cut\n' });
    const objects = looseObjectDir(dir, ENV)!;
    const file = path.join(objects, id('a.txt').slice(0, 2), id('a.txt').slice(2));
    const whole = readFileSync(file);
    // The last 4 bytes are the zlib stream's checksum: every byte of the blob is still there.
    for (const cut of [20, whole.length - 4]) {
      writeFileSync(file, whole.subarray(0, cut));
      const stream = openLoose(objects, id('a.txt'))!;
      await assert.rejects(readAll(stream), new RegExp(`^Error: git object ${id('a.txt').slice(0, 12)}: `), `cut at ${cut}`);
    }
  });

  it('BlobReader mixes loose and packed blobs in the order they are opened', async () => {
    const { dir, id } = repo({ 'old.txt': 'committed\n' });
    git(dir, 'commit', '-q', '-m', 'x');
    git(dir, 'gc', '-q', '--prune=now');
    writeFileSync(path.join(dir, 'new.txt'), 'staged\n');
    git(dir, 'add', '.');
    const reader = new BlobReader(dir, looseObjectDir(dir, ENV));
    const streams = [id('old.txt'), id('new.txt'), id('old.txt')].map((blob) => reader.open(blob));
    reader.close();
    assert.deepEqual(await Promise.all(streams.map(async (s) => (await readAll(s)).toString())), ['committed\n', 'staged\n', 'committed\n']);
  });

  it('scan --staged with a small staged object corrupt inside says it could not read it (exit 2), never ends in silence', async () => {
    const { dir, id } = repo({ '.env': 'A=1\n' });
    git(dir, 'commit', '-q', '-m', 'x');
    writeFileSync(path.join(dir, '.env'), 'A=1\nB=a line long enough for a byte in its middle\n');
    git(dir, 'add', '.');
    const file = path.join(looseObjectDir(dir, ENV)!, id('.env').slice(0, 2), id('.env').slice(2));
    const bytes = Buffer.from(readFileSync(file));
    bytes[bytes.length >> 1]! ^= 0xff;
    writeFileSync(file, bytes);
    const r = spawnSync(process.execPath, [CLI, 'scan', '--staged', '--no-progress'], { cwd: dir, env: { ...ENV, CLAWPRINT_NO_CACHE: '1' }, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 2, `exit ${r.status}: ${r.stdout}${r.stderr}`);
    assert.match(r.stdout + r.stderr, /could not be read|unreadable|cannot read/i);
  });
});

