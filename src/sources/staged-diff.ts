// The `git diff --cached` that `scan --staged` lists staged files from, startable before the CLI
// is loaded: bin/clawprint.js starts it for the pre-commit hook's own command line (`clawprint
// scan --staged`, .pre-commit-hooks.yaml) from a small bundle of this file alone
// (dist/src/staged-diff.cjs), so that git runs while the CLI's ~700 KB are read and compiled; the
// wait for it was 11-16 ms of a ~190 ms run (docs/performance.md, Start-up). listStaged uses a
// started diff only when it was started for exactly its own directory and arguments.
import { execFile } from 'node:child_process';

// Renames and copies followed (a moved file's old lines are not new), type changes included (a
// symlink replaced by a file), no external diff drivers or textconv, paths unescaped. `--raw`
// lists blob ids whatever the diff attributes say; `-z`:
// `:<old mode> <new mode> <old id> <new id> <status>\0<path>\0[<new path>\0]`.
const DIFF = ['-c', 'core.quotePath=false', '-c', 'core.fsmonitor=false', 'diff', '--cached', '-M', '--no-ext-diff', '--no-textconv', '--diff-filter=ACMRT', '--raw', '-z', '--no-abbrev'];

/** What a git process gave: its error (null when it exited 0), stdout and stderr. */
export interface GitRun {
  error: (Error & { code?: string | number | null }) | null;
  stdout: Buffer;
  stderr: Buffer;
}

export interface StartedDiff {
  cwd: string;
  args: readonly string[];
  run: Promise<GitRun>;
}

/** Runs git with an argument array, never through a shell; never rejects. */
export function runGit(args: readonly string[], cwd: string): Promise<GitRun> {
  return new Promise((resolve) => {
    execFile('git', args, { cwd, encoding: 'buffer', maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => resolve({ error, stdout, stderr }));
  });
}

/** The diff's arguments for `pathspecs` (the paths given to scan, `.` when none). */
export function stagedDiffArgs(pathspecs: readonly string[]): string[] {
  return [...DIFF, '--', ...pathspecs];
}

function startStagedDiff(cwd: string, pathspecs: readonly string[]): StartedDiff {
  const args = stagedDiffArgs(pathspecs);
  return { cwd, args, run: runGit(args, cwd) };
}

/** Flags that take no value and name no path: with them, the paths scanned are still `.`. */
const PLAIN_FLAGS = new Set(['--staged', '--verbose', '--no-progress']);

/**
 * For the bin: the diff started now when argv is `scan --staged` with at most the flags above,
 * else undefined. A guess that turns out wrong (another cwd or paths than listStaged's) costs a
 * git process, nothing else.
 */
export function prestartStagedDiff(argv: readonly string[], cwd: string): StartedDiff | undefined {
  const rest = argv.slice(3);
  if (argv[2] !== 'scan' || !rest.includes('--staged') || !rest.every((a) => PLAIN_FLAGS.has(a))) return undefined;
  return startStagedDiff(cwd, ['.']);
}
