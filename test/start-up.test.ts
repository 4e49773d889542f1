// The bin's code cache (bin/load-bundle.js): used when it was made for this bundle, Node and V8
// flags by this user, ignored otherwise, and never a reason for a run to fail or print anything.
// Each test runs a copy of the bin and the bundle (no package is loaded by `--help`), so a bundle
// can be changed without touching the checkout's.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { COMMANDS, createProgram } from '../src/cli.js';
import { ROOT } from './helpers.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'clawprint-start-up-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A runnable copy of bin/ and the bundle; its bundle's mtime is fixed (part of the cache key). */
function copy(name: string): { cli: string; bundle: string } {
  const dir = path.join(scratch, name);
  cpSync(path.join(ROOT, 'bin'), path.join(dir, 'bin'), { recursive: true });
  cpSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
  const bundle = path.join(dir, 'dist', 'src', 'cli.bundle.cjs');
  mkdirSync(path.dirname(bundle), { recursive: true });
  cpSync(path.join(ROOT, 'dist', 'src', 'cli.bundle.cjs'), bundle);
  cpSync(path.join(ROOT, 'dist', 'src', 'staged-diff.cjs'), path.join(path.dirname(bundle), 'staged-diff.cjs'));
  utimesSync(bundle, 1_700_000_000, 1_700_000_000);
  return { cli: path.join(dir, 'bin', 'clawprint.js'), bundle };
}

function run(cli: string, env: Record<string, string>, args = ['scan', '--help']) {
  return spawnSync(process.execPath, [cli, ...args], { env: { PATH: process.env['PATH'] ?? '', HOME: scratch, ...env }, encoding: 'utf8' });
}

function cacheFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}

describe('code cache', () => {
  it('is written on the first run, used on the next, and changes no output', () => {
    const { cli } = copy('first');
    const cache = path.join(scratch, 'first-cache');
    const cold = run(cli, { CLAWPRINT_CACHE_DIR: cache });
    assert.equal(cold.status, 0, cold.stderr);
    assert.equal(cold.stderr, '');
    const [file, ...more] = cacheFiles(cache);
    assert.match(file ?? '', new RegExp(`^cli-[0-9a-f]{16}-${process.version.replace(/\./g, '\\.')}-${process.arch}-scan\\.v8cache$`));
    assert.deepEqual(more, []);
    const before = statSync(path.join(cache, file!));
    assert.equal(before.mode & 0o777, 0o600);
    // The bytecode starts 8-byte aligned (its key line padded): V8 copies data that does not.
    const head = readFileSync(path.join(cache, file!)).indexOf(10) + 1;
    assert.equal(head % 8, 0);
    const warm = run(cli, { CLAWPRINT_CACHE_DIR: cache });
    assert.deepEqual([warm.status, warm.stdout, warm.stderr], [0, cold.stdout, '']);
    // V8 took it: a cache it refuses is written again.
    const now = statSync(path.join(cache, file!));
    assert.deepEqual([now.ino, now.mtimeMs], [before.ino, before.mtimeMs]);
  });

  it('is one per command, and a usage error (a mistyped command) makes none', () => {
    const { cli } = copy('per-command');
    const cache = path.join(scratch, 'per-command-cache');
    assert.equal(run(cli, { CLAWPRINT_CACHE_DIR: cache }, ['scna']).status, 2);
    assert.deepEqual(cacheFiles(cache), []);
    assert.equal(run(cli, { CLAWPRINT_CACHE_DIR: cache }, ['--version']).status, 0);
    assert.equal(run(cli, { CLAWPRINT_CACHE_DIR: cache }, ['scan', '--help']).status, 0);
    assert.deepEqual(cacheFiles(cache).map((f) => f.replace(/^cli-[0-9a-f]{16}-[^-]+-[^-]+-/, '')).sort(), ['other.v8cache', 'scan.v8cache']);
  });

  it('a new cache file removes other builds\' files once they are 30 days old, and keeps its own build\'s', () => {
    const { cli } = copy('cleanup');
    const cache = path.join(scratch, 'cleanup-cache');
    assert.equal(run(cli, { CLAWPRINT_CACHE_DIR: cache }, ['--version']).status, 0);
    const [own] = cacheFiles(cache);
    const old = Date.now() / 1000 - 31 * 24 * 3600;
    const place = (name: string, time: number): void => {
      writeFileSync(path.join(cache, name), 'x');
      utimesSync(path.join(cache, name), time, time);
    };
    place('cli-0123456789abcdef-v20.0.0-x64-scan.v8cache', old);
    place('cli-0123456789abcdef-v20.0.0-x64-scan.v8cache.4242.tmp', old);
    place('cli-fedcba9876543210-v20.0.0-x64-scan.v8cache', Date.now() / 1000 - 3600);
    place('notes.txt', old);
    utimesSync(path.join(cache, own!), old, old);
    assert.equal(run(cli, { CLAWPRINT_CACHE_DIR: cache }, ['scan', '--help']).status, 0);
    assert.deepEqual(cacheFiles(cache).map((f) => f.replace(own!.replace(/other\.v8cache$/, ''), 'own-')).sort(), [
      'cli-fedcba9876543210-v20.0.0-x64-scan.v8cache',
      'notes.txt',
      'own-other.v8cache',
      'own-scan.v8cache',
    ]);
  });

  it('runs the code it holds, so it is used only when made for this bundle, by this user, and not writable by others', () => {
    // V8 knows a cached script only by its length: a cache made from a bundle of the same length
    // runs that bundle's compiled code. Make one, from a copy differing in one top-level string
    // (an envelope id that `scan --help` lists), with the digest line and mtime left as they were.
    const { cli, bundle } = copy('planted');
    const source = readFileSync(bundle, 'utf8');
    assert.ok(source.includes('id: "gitlab"'));
    const other = path.join(scratch, 'planted-cache-source');
    writeFileSync(bundle, source.replace('id: "gitlab"', 'id: "gitlaB"'));
    utimesSync(bundle, 1_700_000_000, 1_700_000_000);
    assert.match(run(cli, { CLAWPRINT_CACHE_DIR: other }).stdout, /gitlaB/);
    writeFileSync(bundle, source);
    utimesSync(bundle, 1_700_000_000, 1_700_000_000);

    const cache = path.join(scratch, 'planted-cache');
    const plant = (mutate: (data: Buffer) => Buffer = (d) => d, mode = 0o600): string => {
      const [name] = cacheFiles(other);
      rmSync(cache, { recursive: true, force: true });
      mkdirSync(cache, { mode: 0o700 });
      const file = path.join(cache, name!);
      writeFileSync(file, mutate(readFileSync(path.join(other, name!))));
      chmodSync(file, mode);
      return file;
    };
    // Same key: used (this is how the test knows a cache is really used).
    plant();
    assert.match(run(cli, { CLAWPRINT_CACHE_DIR: cache }).stdout, /gitlaB/);
    // Writable by others: not run, and replaced by the bundle's own.
    const shared = plant(undefined, 0o666);
    const r = run(cli, { CLAWPRINT_CACHE_DIR: cache });
    assert.match(r.stdout, / gitlab,/);
    assert.equal(statSync(shared).mode & 0o777, 0o600);
    assert.match(run(cli, { CLAWPRINT_CACHE_DIR: cache }).stdout, / gitlab,/);
    // Made for another Node (its key line says so): not run.
    plant((d) => Buffer.from(d.toString('latin1').replace(JSON.stringify(process.version), '"v0.0.0"'), 'latin1'));
    assert.match(run(cli, { CLAWPRINT_CACHE_DIR: cache }).stdout, / gitlab,/);
    // A rebuilt bundle has another digest, so another cache file: the planted one is not read.
    plant();
    const rebuilt = source.replace(/^\/\/ clawprint bundle sha256:[0-9a-f]{64}/, `// clawprint bundle sha256:${'0'.repeat(64)}`);
    writeFileSync(bundle, rebuilt);
    utimesSync(bundle, 1_700_000_000, 1_700_000_000);
    assert.match(run(cli, { CLAWPRINT_CACHE_DIR: cache }).stdout, / gitlab,/);
    assert.equal(cacheFiles(cache).length, 2);
  });

  it('a damaged cache is refused by V8 and written again; the run is not affected', () => {
    const { cli } = copy('damaged');
    const cache = path.join(scratch, 'damaged-cache');
    const expected = run(cli, { CLAWPRINT_CACHE_DIR: cache });
    const [name] = cacheFiles(cache);
    const file = path.join(cache, name!);
    const data = readFileSync(file);
    const keyEnd = data.indexOf(10) + 1;
    // The key line kept, the bytes after it flipped.
    const damaged = Buffer.concat([data.subarray(0, keyEnd), Buffer.from(data.subarray(keyEnd).map((b) => b ^ 0xff))]);
    writeFileSync(file, damaged, { mode: 0o600 });
    const r = run(cli, { CLAWPRINT_CACHE_DIR: cache });
    assert.deepEqual([r.status, r.stdout, r.stderr], [0, expected.stdout, '']);
    assert.notDeepEqual(readFileSync(file), damaged);
    // The new one is taken (a refused one would be written again).
    const rewritten = statSync(file);
    assert.equal(run(cli, { CLAWPRINT_CACHE_DIR: cache }).stdout, expected.stdout);
    assert.equal(statSync(file).ino, rewritten.ino);
  });

  it('CLAWPRINT_NO_CACHE=1 turns it off; a cache directory that cannot be made is no error', () => {
    const { cli } = copy('off');
    const cache = path.join(scratch, 'off-cache');
    const off = run(cli, { CLAWPRINT_CACHE_DIR: cache, CLAWPRINT_NO_CACHE: '1' });
    assert.equal(off.status, 0, off.stderr);
    assert.equal(existsSync(cache), false);
    const blocked = path.join(scratch, 'a-file');
    writeFileSync(blocked, '');
    const r = run(cli, { CLAWPRINT_CACHE_DIR: path.join(blocked, 'cache') });
    assert.deepEqual([r.status, r.stdout, r.stderr], [0, off.stdout, '']);
    // Under /proc mkdir says ENOENT for any name: Node's recursive mkdir retried forever there.
    const proc = spawnSync(process.execPath, [cli, 'scan', '--help'], { env: { PATH: process.env['PATH'] ?? '', HOME: scratch, CLAWPRINT_CACHE_DIR: '/proc/clawprint-cache' }, encoding: 'utf8', timeout: 20_000 });
    assert.deepEqual([proc.status, proc.stdout, proc.stderr], [0, off.stdout, '']);
    // Missing parents are made, each private.
    const deep = path.join(scratch, 'deep', 'a', 'b');
    assert.equal(run(cli, { CLAWPRINT_CACHE_DIR: deep }).status, 0);
    assert.deepEqual([cacheFiles(deep).length, statSync(path.join(scratch, 'deep')).mode & 0o777, statSync(deep).mode & 0o777], [1, 0o700, 0o700]);
  });

  it('goes to $XDG_CACHE_HOME/clawprint, else ~/.cache/clawprint', () => {
    const { cli } = copy('default');
    const xdg = path.join(scratch, 'xdg');
    assert.equal(run(cli, { XDG_CACHE_HOME: xdg }).status, 0);
    assert.equal(cacheFiles(path.join(xdg, 'clawprint')).length, 1);
    // HOME is the scratch directory (run()).
    assert.equal(run(cli, {}).status, 0);
    assert.equal(cacheFiles(path.join(scratch, '.cache', 'clawprint')).length, 1);
  });
});

// Built-in modules a short run does not need are loaded at their first use (scripts/bundle.mjs
// LAZY_BUILTINS): node:crypto alone took ~8 ms of every start, a pre-commit `scan --staged` included.
describe('built-in modules loaded at first use', () => {
  const { cli } = copy('lazy-builtins');
  // Preloaded: prints, as the process exits, which of the lazy built-ins were loaded.
  const probe = path.join(scratch, 'loaded-builtins.cjs');
  // It writes to a file, and the run's stdio is /dev/null: a pipe for stdout or stderr would load
  // node:net for itself.
  // Also counts the WebAssembly modules compiled (the SIMD kernel, SHA-256), after the list.
  writeFileSync(
    probe,
    [
      'const wasm = globalThis.WebAssembly;',
      'let compiled = 0;',
      'let failed = 0;',
      "const count = (c, a) => { compiled++; try { return new c(...a); } catch (e) { failed++; throw e; } };",
      "globalThis.WebAssembly = new Proxy(wasm, { get: (t, k) => (k === 'Module' ? new Proxy(t.Module, { construct: count }) : t[k]) });",
      "process.on('exit', () => require('node:fs').writeFileSync(process.env.PROBE_OUT, `loaded:${['crypto', 'zlib', 'readline', 'net', 'fs/promises', 'child_process'].filter((m) => process.moduleLoadList.includes(`NativeModule ${m}`)).join(',')} wasm:${compiled}\\nthreads:${process.platform === 'linux' ? require('node:fs').readdirSync('/proc/self/task').length : 0} failed:${failed}\\n`));",
      '',
    ].join('\n'),
  );
  const probeOut = path.join(scratch, 'loaded-builtins.txt');
  const empty = path.join(scratch, 'empty-tree');
  mkdirSync(empty, { recursive: true });
  const probed = (args: string[], cwd?: string): string => {
    rmSync(probeOut, { force: true });
    spawnSync(process.execPath, ['-r', probe, cli, ...args], { cwd, env: { PATH: process.env['PATH'] ?? '', HOME: scratch, CLAWPRINT_NO_CACHE: '1', PROBE_OUT: probeOut }, stdio: 'ignore' });
    return existsSync(probeOut) ? (/loaded:(.*)/.exec(readFileSync(probeOut, 'utf8'))?.[1] ?? 'no probe line') : 'no probe file';
  };
  const loaded = (args: string[]): string => probed(args).replace(/ wasm:\d+$/, '');
  /** The threads the process had at exit (0 off Linux: `--version`'s unless libuv's pool was started), and the WebAssembly compiles that failed. */
  const threads = (args: string[]): string => {
    probed(args);
    return /threads:.*/.exec(existsSync(probeOut) ? readFileSync(probeOut, 'utf8') : '')?.[0] ?? 'no probe line';
  };

  it('--version and a scan with no finding load none of them', () => {
    assert.equal(loaded(['--version']), '');
    assert.equal(loaded(['scan', empty, '--no-progress']), '');
  });

  it('an audit of a gateway log loads none of them (SHA-256 in WebAssembly, src/sha256.ts)', () => {
    const tokenFile = path.join(scratch, 'audit-token.txt');
    writeFileSync(tokenFile, `${'cd'.repeat(24)}\n`, { mode: 0o600 });
    const log = path.join(scratch, 'gateway.jsonl');
    writeFileSync(log, '{"time":"2025-02-21T14:00:00Z","event":"http.request","method":"GET","path":"/v1/models","status":200,"remote":"10.0.0.7"}\n');
    assert.equal(loaded(['audit', log, '--token-file', tokenFile, '--until', '2025-02-22T00:00Z', '--format', 'json', '--fail-on', 'none', '--no-progress']), '');
  });

  // Every read is synchronous, and so is the stat of each argument (sources/stat-or-error.ts):
  // fs.stat's callback made libuv start its pool of four threads for that one call, ~1.1 ms.
  // And the kernel is compiled once: no failing compile to learn whether relaxed SIMD needs its flag.
  it('an audit starts no thread pool, and compiles each WebAssembly module once', () => {
    const tokenFile = path.join(scratch, 'pool-token.txt');
    writeFileSync(tokenFile, `${'ef'.repeat(24)}\n`, { mode: 0o600 });
    const log = path.join(scratch, 'pool.jsonl');
    writeFileSync(log, '{"time":"2025-02-21T14:00:00Z","event":"http.request","method":"GET","path":"/v1/models","status":200,"remote":"10.0.0.7"}\n'.repeat(2000));
    const args = ['audit', log, '--token-file', tokenFile, '--until', '2025-02-22T00:00Z', '--format', 'json', '--fail-on', 'none', '--no-progress'];
    // SHA-256 (the token's forms) and the SIMD kernel, at least.
    assert.match(probed(args), /^ wasm:[23]$/);
    const version = threads(['--version']);
    assert.match(version, / failed:0$/);
    assert.equal(threads(args), version);
  });

  // A pre-commit run of a few small files: zlib for the staged blobs (loose objects), child_process
  // (and net) for `git diff`, nothing else; no WebAssembly compiled, since its needle sets never
  // tune (the SIMD kernel is compiled when one first does, not when it is made).
  it('scan --staged of a few small files loads zlib and child_process alone, and compiles no WebAssembly', () => {
    const repo = path.join(scratch, 'staged-repo');
    mkdirSync(repo, { recursive: true });
    const git = (...args: string[]): void => {
      const r = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, env: { PATH: process.env['PATH'] ?? '', HOME: scratch, GIT_CONFIG_NOSYSTEM: '1' } });
      assert.equal(r.status, 0, r.stderr.toString());
    };
    git('init', '-q');
    writeFileSync(path.join(repo, 'a.txt'), 'first line\n');
    writeFileSync(path.join(repo, 'b.yaml'), 'name: b\n');
    git('add', '.');
    git('commit', '-q', '-m', 'one');
    writeFileSync(path.join(repo, 'a.txt'), 'first line\nsecond line\n');
    writeFileSync(path.join(repo, 'c.md'), '# c\n');
    git('add', '.');
    assert.equal(probed(['scan', '--staged'], repo), 'zlib,net,child_process wasm:0');
  });

  it('a command that hashes loads node:crypto', () => {
    const tokenFile = path.join(scratch, 'probe-token.txt');
    writeFileSync(tokenFile, `${'ab'.repeat(24)}\n`, { mode: 0o600 });
    assert.equal(loaded(['fingerprint', '--token-file', tokenFile]), 'crypto');
  });
});

// The pre-commit hook's `clawprint scan --staged` builds the scan command alone (src/cli.ts).
describe('the program for a command line', () => {
  const names = (argv?: string[]): string[] => createProgram(() => {}, argv).commands.map((c) => c.name());

  it('that names a command first holds that command alone, with the same options and help', () => {
    assert.deepEqual(names(), COMMANDS.map(([name]) => name));
    const all = createProgram(() => {});
    for (const [name] of COMMANDS) {
      const one = createProgram(() => {}, ['node', 'clawprint', name, '--verbose']);
      assert.deepEqual(one.commands.map((c) => c.name()), [name]);
      assert.equal(one.commands[0]!.helpInformation(), all.commands.find((c) => c.name() === name)!.helpInformation());
    }
  });

  it('that asks for the version first holds none (commander answers it before any command)', () => {
    for (const argv of [['--version'], ['-V'], ['--version', 'scan', '--staged']]) assert.deepEqual(names(['node', 'clawprint', ...argv]), [], argv.join(' '));
  });

  it('that names none (help, a mistyped name, an option first) holds them all', () => {
    for (const argv of [[], ['--help'], ['help', 'scan'], ['scna'], ['--verbose', 'scan'], ['--version=1']]) assert.deepEqual(names(['node', 'clawprint', ...argv]), names(), argv.join(' '));
  });
});

describe('the bundle', () => {
  // bin/load-bundle.js reads it as latin1, which is the same string as UTF-8 only for ASCII bytes.
  it('holds ASCII bytes alone', () => {
    const bytes = readFileSync(path.join(ROOT, 'dist', 'src', 'cli.bundle.cjs'));
    assert.equal(bytes.findIndex((b) => b > 0x7f), -1);
  });
});
