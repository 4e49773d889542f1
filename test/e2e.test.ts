// The real bin as a user's shell starts it: through its shebang, under BusyBox (Alpine and the
// node:*-alpine CI images), with its exit codes. Most tests run the CLI in-process (helpers.ts);
// these, the pty prompt (commands/fingerprint.test.ts), signals and closed pipes
// (commands/output.test.ts, commands/mask.test.ts) and the install routes (test/install) spawn it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CLI, fixture, ROOT, spawnCli } from './helpers.js';

const SOURCE = readFileSync(CLI, 'utf8');
const SHEBANG = SOURCE.split('\n')[0]!;
const PATH = `${path.dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`;
const hasBusybox = spawnSync('busybox', ['true']).status === 0;
const noBusybox = hasBusybox ? false : 'busybox is not installed here (apt-get install busybox; .ci/run installs it)';

function run(cmd: string, args: string[]) {
  return spawnSync(cmd, args, { cwd: ROOT, env: { PATH, HOME: '/tmp' }, encoding: 'utf8' });
}

describe('bin/clawprint.js', () => {
  it('is executable and starts through its own shebang', () => {
    accessSync(CLI, constants.X_OK);
    const r = run(CLI, ['--version']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, `${(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version}\n`);
  });

  it('has a shebang any env can run: no `env -S`', () => {
    assert.equal(SHEBANG, '#!/usr/bin/env node');
  });

  it('sets its V8 flags before the CLI is loaded', () => {
    const load = SOURCE.indexOf("require('./load-bundle.js').loadBundle()");
    assert.ok(load > 0, 'the bin does not load the bundle through load-bundle.js');
    let last = 0;
    for (const flag of ['--heap-growing-percent=20', '--no-turbo-inlining', '--max-valid-polymorphic-map-count=8', '--interrupt-budget=540000', '--semi-space-growth-factor=1', '--no-parallel-scavenge']) {
      const at = SOURCE.indexOf(`setFlagsFromString('${flag}')`);
      assert.ok(at > 0 && at < load, `${flag} is not set before the CLI is compiled`);
      last = Math.max(last, at);
    }
    // The staged diff's starter (dist/src/staged-diff.cjs) is code too: after the flags.
    assert.doesNotMatch(SOURCE.slice(0, last), /dist\/src/, 'nothing of the CLI may be loaded before the flags are set');
  });

  it('sets --no-parallel-scavenge for an audit on one CPU only (not on more, not for scan)', { skip: spawnSync('taskset', ['-c', '0', 'true']).status === 0 ? false : 'taskset is not installed here' }, () => {
    // A preload records the flags the bin sets (it reads setFlagsFromString from node:v8 when it starts).
    const hook = path.join(mkdtempSync(path.join(tmpdir(), 'clawprint-flags-')), 'hook.cjs');
    writeFileSync(hook, "const v8 = require('node:v8'); const set = v8.setFlagsFromString; v8.setFlagsFromString = (f) => { process.stderr.write(`flag ${f}\\n`); set(f); };");
    const flags = (pinned: boolean, args: string[]): string[] => {
      const node = [process.execPath, '-r', hook, CLI, ...args];
      const r = pinned ? run('taskset', ['-c', '0', ...node]) : run(node[0]!, node.slice(1));
      return r.stderr.split('\n').filter((l) => l === 'flag --no-parallel-scavenge');
    };
    const audit = ['audit', fixture('demo', 'agents.txt'), '--since', '2025-02-21T00:00Z', '--token-file', fixture('demo', 'leaked-token.txt'), '--fail-on', 'none', '--no-progress'];
    assert.deepEqual(flags(true, audit), ['flag --no-parallel-scavenge']);
    assert.deepEqual(flags(true, ['scan', fixture('demo', 'agents.txt'), '--no-progress']), []);
    if (availableParallelism() > 1) assert.deepEqual(flags(false, audit), []);
  });

  it('exits 0, 1 and 2 as a process, with one line and no stack on stderr for a usage error', async () => {
    assert.equal((await spawnCli(['scan', fixture('demo', 'agents.txt'), '--no-progress'])).code, 0);
    assert.equal((await spawnCli(['scan', fixture('commands', 'staged', 'secret.env'), '--no-progress'])).code, 1);
    const bad = await spawnCli(['audit', '--since', 'soon']);
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr.trimEnd().split('\n').filter((l) => !l.startsWith('(run with --help')).length, 1, bad.stderr);
  });
});

describe('BusyBox (Alpine)', { skip: noBusybox }, () => {
  it('BusyBox env has no -S, so a shebang must not need it', () => {
    assert.notEqual(run('busybox', ['env', '-S', 'node --version']).status, 0);
  });

  it('starts the bin as the kernel would with BusyBox as /usr/bin/env', () => {
    // execve() passes the rest of the shebang line as one argument to the interpreter.
    const [interpreter, ...rest] = SHEBANG.slice(2).split(' ');
    assert.equal(interpreter, '/usr/bin/env');
    const r = run('busybox', ['env', rest.join(' '), CLI, '--version']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^\d+\.\d+\.\d+\n$/);
  });

  it('runs a scan from a BusyBox sh script, with its exit code', () => {
    const r = run('busybox', ['sh', '-c', `"$0" scan "$1" --no-progress --format jsonl; echo "exit $?"`, CLI, fixture('commands', 'staged', 'secret.env')]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /"rule":"gateway-token-literal"/);
    assert.match(r.stdout, /exit 1\n$/);
  });
});
