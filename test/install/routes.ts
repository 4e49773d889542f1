// Plumbing for the install-route tests (npm run test:install): a snapshot of this working tree as a
// git repository, the package built from it, scratch git repositories with hooks, and the snippets
// the README tells users to copy, so the tests run exactly what the README says.
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fixture, ROOT } from '../helpers.js';

/** A fake token (fixtures/commands/staged/secret.env), staged in a commit the hook must block. */
export const SECRET_LINE = readFileSync(fixture('commands', 'staged', 'secret.env'), 'utf8').trim();

export const SCRATCH = realpathSync(mkdtempSync(path.join(tmpdir(), 'clawprint-install-')));

// No user or system git config may change what the test sees (hooks path, signing); fixed dates
// make the snapshot's commit id depend on its content only. HOME stays: npm finds its cache there
// (filled by `npm ci`), and the rest of the environment (CA certificates, proxies) reaches npm.
export const GIT_ENV = {
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'clawprint test',
  GIT_AUTHOR_EMAIL: 'test@example.invalid',
  GIT_COMMITTER_NAME: 'clawprint test',
  GIT_COMMITTER_EMAIL: 'test@example.invalid',
  GIT_AUTHOR_DATE: '2025-02-21T14:03:11Z',
  GIT_COMMITTER_DATE: '2025-02-21T14:03:11Z',
};

// Under `npm run`, npm passes its own settings down as npm_config_* (local_prefix among them: an
// npm run in the snapshot would act on this checkout). The installs must see a user's npm.
const OUTER_ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== 'INIT_CWD'));

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program to completion in this process's environment, with GIT_ENV and `env` on top. */
export function run(cmd: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): Ran {
  const r: SpawnSyncReturns<string> = spawnSync(cmd, args, { cwd, env: { ...OUTER_ENV, ...GIT_ENV, ...env }, encoding: 'utf8', timeout: 300_000 });
  assert.ok(r.error === undefined, `${cmd} could not run: ${String(r.error)}`);
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function ok(cmd: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): Ran {
  const r = run(cmd, args, cwd, env);
  assert.equal(r.code, 0, `${cmd} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** Whether a program is on PATH (`command -v`). */
export function have(program: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${program}`], { encoding: 'utf8' }).status === 0;
}

let snapshot: { dir: string; commit: string } | undefined;

/**
 * This working tree as a fresh git repository with one commit: the files git would commit
 * (tracked and untracked, minus what .gitignore excludes), so uncommitted work is what gets
 * installed. node_modules and dist/ are not in it, as in a clone.
 */
export function repoSnapshot(): { dir: string; commit: string } {
  if (snapshot !== undefined) return snapshot;
  const dir = path.join(SCRATCH, 'clawprint');
  const files = ok('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], ROOT).stdout.split('\0').filter((f) => f !== '');
  assert.ok(files.includes('package.json'), 'git ls-files did not list package.json');
  for (const file of files) {
    try {
      cpSync(path.join(ROOT, file), path.join(dir, file));
    } catch (error) {
      // A file deleted in the working tree but still in the index is not part of the snapshot.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  ok('git', ['-c', 'init.defaultBranch=main', 'init', '-q'], dir);
  ok('git', ['add', '-A'], dir);
  ok('git', ['-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'snapshot'], dir);
  snapshot = { dir, commit: ok('git', ['rev-parse', 'HEAD'], dir).stdout.trim() };
  return snapshot;
}

export interface Packed {
  tarball: string;
  packStdout: string;
  packStderr: string;
}

let packed: Packed | undefined;

/**
 * `npm pack` in the snapshot, as a release would be made: its own build (prepack), with this
 * checkout's node_modules for the build tools (the snapshot is not installed).
 */
export function packSnapshot(): Packed {
  if (packed !== undefined) return packed;
  const { dir } = repoSnapshot();
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  const out = path.join(SCRATCH, 'pack');
  mkdirSync(out);
  const r = ok('npm', ['pack', '--pack-destination', out], dir);
  packed = { tarball: path.join(out, r.stdout.trim()), packStdout: r.stdout, packStderr: r.stderr };
  return packed;
}

/** npm settings for installs in tests: the cache `npm ci` filled, no audit or funding requests. */
export const NPM_QUIET = ['--prefer-offline', '--no-audit', '--no-fund'];

/** A new git repository (branch main, no commits) for a hook to guard. */
export function newProject(name: string): string {
  const dir = path.join(SCRATCH, name);
  mkdirSync(dir);
  ok('git', ['-c', 'init.defaultBranch=main', 'init', '-q'], dir);
  ok('git', ['config', 'commit.gpgsign', 'false'], dir);
  return dir;
}

export function writeHook(project: string, script: string): void {
  const hook = path.join(project, '.git', 'hooks', 'pre-commit');
  writeFileSync(hook, script);
  chmodSync(hook, 0o755);
}

export function stage(project: string, name: string, content: string): void {
  writeFileSync(path.join(project, name), content);
  ok('git', ['add', name], project);
}

const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** The fenced code block that follows `<!-- snippet: NAME -->` in the README. */
export function readmeSnippet(name: string): string {
  const marker = `<!-- snippet: ${name} -->`;
  const at = README.indexOf(marker);
  assert.ok(at >= 0, `README has no ${marker}`);
  const block = /```[a-z]*\n([\s\S]*?)```/.exec(README.slice(at + marker.length));
  assert.ok(block, `no code block after ${marker}`);
  return block[1]!;
}
