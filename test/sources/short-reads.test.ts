// Which walked files readSmallFile may take a short read of as their end: by the mount table, the
// kernel's file systems (/proc, /sys) and FUSE never, at or below the walk's root.
import assert from 'node:assert/strict';
import { closeSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { readSmallFile, type SmallFile, type StartedFile } from '../../src/sources/bytes.js';
import { expandInputs } from '../../src/sources/glob.js';
import { parseMountinfo, shortReadsEnd, shortReadsEndUnder } from '../../src/sources/short-reads.js';

// Lines as proc(5) shows them; a mount point with a space and a tab (\040, \011).
const MOUNTINFO = [
  '22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw',
  '23 22 0:21 / /proc rw,nosuid shared:12 - proc proc rw',
  '24 22 0:22 / /sys rw,nosuid shared:7 - sysfs sysfs rw',
  '25 22 0:23 / /home/u/tmp rw - tmpfs tmpfs rw',
  '26 22 0:45 / /home/u/remote rw - fuse.sshfs host:/ rw',
  '27 22 0:46 / /srv/my\\040data\\011x rw master:3 - xfs /dev/sdb1 rw',
  '28 22 0:47 / /procs rw - ext4 /dev/sdc1 rw',
  '29 25 0:48 / /home/u/tmp rw - proc proc rw',
  '',
].join('\n');

describe('short reads (short-reads.ts)', () => {
  const mounts = parseMountinfo(MOUNTINFO);

  it('reads mount points, unescaped, and their types from mountinfo', () => {
    assert.deepEqual(mounts.map((m) => `${m.point}|${m.type}`), ['/|ext4', '/proc|proc', '/sys|sysfs', '/home/u/tmp|tmpfs', '/home/u/remote|fuse.sshfs', '/srv/my data\tx|xfs', '/procs|ext4', '/home/u/tmp|proc']);
  });

  it('ends short reads under a root on a disk file system with no kernel or FUSE mount below it', () => {
    const cases: Array<[string, boolean]> = [
      ['/home/u/project', true],
      ['/srv/my data\tx/logs', true],
      ['/procs/a', true], // /procs is not under /proc
      ['/home/u', false], // /home/u/remote (FUSE) and a proc mount lie below
      ['/', false],
      ['/proc/self', false],
      ['/proc', false],
      ['/sys/kernel', false],
      ['/home/u/remote/x', false],
      ['/home/u/tmp/a', false], // a proc mount over the tmpfs: the later mount holds it
    ];
    for (const [root, ends] of cases) assert.equal(shortReadsEndUnder(root, mounts), ends, root);
    assert.equal(shortReadsEndUnder('/a', []), false, 'no mount known');
    if (process.platform === 'linux') {
      assert.equal(shortReadsEnd('/proc/self'), false);
      assert.equal(shortReadsEnd('/'), false, '/proc lies below /');
      assert.equal(shortReadsEnd(path.join(tmpdir(), 'no-such-directory-here')), false);
    } else {
      assert.equal(shortReadsEnd(tmpdir()), false);
    }
  });

  it('marks the files of a walk whose root qualifies, never with --follow-links, and readSmallFile reads them alike', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'clawprint-short-'));
    mkdirSync(path.join(dir, 'sub'));
    const sizes = { 'empty.txt': 0, 'a.env': 8, 'sub/head.txt': 8192, 'sub/more.log': 8193, 'sub/large.log': (1 << 20) - 1 };
    for (const [name, size] of Object.entries(sizes)) writeFileSync(path.join(dir, name), Buffer.alloc(size, 'line of text\n'));
    const ends = shortReadsEnd(dir);
    const { inputs } = await expandInputs([dir], { ignoreFiles: true, mtimes: false });
    assert.equal(inputs.length, 5);
    for (const input of inputs) {
      assert.equal(input.shortReadEnds === true, ends, input.path);
      const plain = { ...input };
      delete plain.shortReadEnds;
      const [a, b] = [readSmallFile({ ...plain, shortReadEnds: true }) as SmallFile, readSmallFile(plain) as SmallFile];
      assert.deepEqual({ buf: Buffer.from(a.buf), issues: a.issues }, { buf: Buffer.from(b.buf), issues: b.issues }, input.path);
    }
    const followed = await expandInputs([dir], { ignoreFiles: true, mtimes: false, followLinks: true });
    assert.ok(followed.inputs.every((i) => i.shortReadEnds === undefined));
  });

  it('reads every file size whole, around the first read (64 KiB) and the chunk, and knows binaries by their first 8 KiB only', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'clawprint-sizes-'));
    const CHUNK = 1 << 20;
    const text = (size: number): Buffer => Buffer.from(Array.from({ length: size }, (_, i) => (i % 61 === 60 ? 10 : 97 + ((i * 7) % 26))));
    for (const size of [0, 1, 8191, 8192, 8193, 65535, 65536, 65537, 100_000, CHUNK - 1, CHUNK, CHUNK + 1]) {
      const file = path.join(dir, `f${size}.txt`);
      writeFileSync(file, text(size));
      for (const shortReadEnds of [true, false]) {
        const got = readSmallFile({ path: `f${size}.txt`, absolutePath: file, ...(shortReadEnds ? { shortReadEnds } : {}) });
        if (size < CHUNK) {
          assert.deepEqual(Buffer.from((got as SmallFile).buf), readFileSync(file), `${size} ${shortReadEnds}`);
        } else {
          const started = got as StartedFile;
          assert.deepEqual(Buffer.from(started.first), readFileSync(file).subarray(0, CHUNK), `${size} ${shortReadEnds}`);
          closeSync(started.fd);
        }
      }
    }
    // A NUL in the first 8 KiB makes a binary file; one after it does not (the head is tested as before).
    for (const [at, isBinary] of [[8191, true], [8192, false], [60_000, false]] as const) {
      const bytes = text(70_000);
      bytes[at] = 0;
      const file = path.join(dir, `nul${at}.txt`);
      writeFileSync(file, bytes);
      const got = readSmallFile({ path: `nul${at}.txt`, absolutePath: file, shortReadEnds: true }) as SmallFile;
      assert.deepEqual(got.issues.map((i) => i.kind), isBinary ? ['binary'] : [], String(at));
      if (!isBinary) assert.deepEqual(Buffer.from(got.buf), bytes);
    }
  });

  it('reads a /proc file past its first short read (no mark: the stream reader reads it to its end)', { skip: process.platform !== 'linux' }, () => {
    assert.equal(readSmallFile({ path: 'maps', absolutePath: '/proc/self/maps' }), undefined);
  });
});
