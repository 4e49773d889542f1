// Shared test plumbing: fixture paths, expected-output files (UPDATE_FIXTURES=1 rewrites them),
// and running the CLI: in this process for the bulk of the tests, as a child process where it matters.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = path.join(ROOT, 'bin', 'clawprint.js');

export function fixture(...parts: string[]): string {
  return path.join(ROOT, 'fixtures', ...parts);
}

/** Compares `actual` with the JSON file at `expectedPath`; UPDATE_FIXTURES=1 writes it instead. */
export function assertMatchesFile(actual: unknown, expectedPath: string): void {
  const text = JSON.stringify(actual, null, 2) + '\n';
  if (process.env['UPDATE_FIXTURES'] === '1' || !existsSync(expectedPath)) {
    if (process.env['UPDATE_FIXTURES'] !== '1') assert.fail(`missing expected file ${expectedPath} (run with UPDATE_FIXTURES=1 and review the diff)`);
    mkdirSync(path.dirname(expectedPath), { recursive: true });
    writeFileSync(expectedPath, text);
    return;
  }
  assert.deepEqual(JSON.parse(text), JSON.parse(readFileSync(expectedPath, 'utf8')));
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string>;
  stdin?: string | Buffer;
  cwd?: string;
  uid?: number;
  gid?: number;
  /** Run this copy of bin/clawprint.js instead of the checkout's (see unprivileged()). */
  cli?: string;
}

/**
 * Runs the CLI: in this process (the `main` that bin/clawprint.js calls) unless the run needs a
 * process of its own (`uid`/`gid`). Starting Node costs ~0.35 s a run on the 2-core CI machine, and
 * most tests run the CLI dozens of times; tests/e2e.test.ts and the spawning tests (signals, a
 * closed pipe, the terminal prompt) keep the real bin covered. `spawnCli` always spawns it.
 */
export function runCli(args: string[], options: RunOptions = {}): Promise<RunResult> {
  if (options.uid !== undefined || options.gid !== undefined) return spawnCli(args, options);
  // One run at a time: a run owns process.stdout/stderr/stdin/env and the working directory.
  const result = inProcessQueue.then(() => runInProcess(args, options));
  inProcessQueue = result.catch(() => undefined);
  return result;
}

let inProcessQueue: Promise<unknown> = Promise.resolve();

/** Collects what the CLI writes. Never a TTY, as with a spawned CLI whose output is a pipe. */
class Capture extends Writable {
  readonly chunks: Buffer[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.chunks.push(chunk);
    callback();
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/** stdin as a pipe delivers it: in chunks of at most 64 KiB, then end of file. */
function stdinStream(input: string | Buffer | undefined): Readable {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : (input ?? Buffer.alloc(0));
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += 65536) chunks.push(bytes.subarray(at, at + 65536));
  return Readable.from(chunks);
}

/**
 * process.stdout, stderr and stdin are swapped for streams of this run (the test runner keeps its
 * own reference to the real stdout, so its reports are untouched), process.env and the working
 * directory are set as a spawned CLI would have them, and all of it is put back afterwards.
 * An error main does not handle ends the run as it ends the bin: its stack on stderr, exit 1.
 */
async function runInProcess(args: string[], options: RunOptions): Promise<RunResult> {
  const { main } = await import('../src/cli.js');
  const stdout = new Capture();
  const stderr = new Capture();
  const saved = {
    stdout: Object.getOwnPropertyDescriptor(process, 'stdout')!,
    stderr: Object.getOwnPropertyDescriptor(process, 'stderr')!,
    stdin: Object.getOwnPropertyDescriptor(process, 'stdin')!,
    env: process.env,
    cwd: process.cwd(),
  };
  const stdin = stdinStream(options.stdin);
  Object.defineProperty(process, 'stdout', { configurable: true, enumerable: true, get: () => stdout });
  Object.defineProperty(process, 'stderr', { configurable: true, enumerable: true, get: () => stderr });
  Object.defineProperty(process, 'stdin', { configurable: true, enumerable: true, get: () => stdin });
  process.env = { PATH: saved.env['PATH'] ?? '', HOME: saved.env['HOME'] ?? '/tmp', ...options.env };
  let code: number;
  try {
    process.chdir(options.cwd ?? ROOT);
    code = await main(['node', CLI, ...args]);
  } catch (error) {
    stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    code = 1;
  } finally {
    Object.defineProperty(process, 'stdout', saved.stdout);
    Object.defineProperty(process, 'stderr', saved.stderr);
    Object.defineProperty(process, 'stdin', saved.stdin);
    process.env = saved.env;
    process.chdir(saved.cwd);
  }
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** Runs the built bin as its own Node process, as a user's shell would. */
export function spawnCli(args: string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [options.cli ?? CLI, ...args], {
      cwd: options.cwd ?? ROOT,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(options.uid !== undefined ? { uid: options.uid } : {}),
      ...(options.gid !== undefined ? { gid: options.gid } : {}),
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    // A command may stop reading stdin early (a token is one line): EPIPE here is its right, not a failure.
    child.stdin.on('error', () => {});
    child.stdin.end(options.stdin ?? '');
  });
}

/** Compares `actual` text with the file at `expectedPath` byte for byte; UPDATE_FIXTURES=1 writes it instead. */
export function assertMatchesTextFile(actual: string, expectedPath: string): void {
  if (process.env['UPDATE_FIXTURES'] === '1') {
    mkdirSync(path.dirname(expectedPath), { recursive: true });
    writeFileSync(expectedPath, actual);
    return;
  }
  if (!existsSync(expectedPath)) assert.fail(`missing expected file ${expectedPath} (run with UPDATE_FIXTURES=1 and review the diff)`);
  assert.equal(actual, readFileSync(expectedPath, 'utf8'), `output differs from ${expectedPath} (UPDATE_FIXTURES=1 rewrites it; review the diff)`);
}

export interface PtyStep {
  /** Wait until the terminal shows this... */
  waitFor: RegExp;
  /** ...then type this (`\r` is Enter, `\u0004` Ctrl-D, `\u0003` Ctrl-C). */
  send: string;
}

export interface PtyResult {
  code: number;
  /** Everything the terminal showed: stderr, and stdout unless `stdoutTo` sent it to a file. */
  transcript: string;
}

const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * Runs the CLI on a pseudo-terminal with util-linux `script` (package bsdutils, part of every Debian
 * base system): stdin and stderr are a TTY. Keys are typed only once the terminal shows what the
 * step waits for, so nothing is typed before the program has turned echo off.
 */
export function runCliInPty(args: string[], steps: readonly PtyStep[], options: { stdoutTo?: string; timeoutMs?: number } = {}): Promise<PtyResult> {
  const command = [process.execPath, CLI, ...args].map(shellQuote).join(' ') + (options.stdoutTo !== undefined ? ` > ${shellQuote(options.stdoutTo)}` : '');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: ROOT, env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', TERM: 'xterm' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let transcript = '';
    let next = 0;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`pty run timed out; terminal showed: ${JSON.stringify(transcript)}`));
    }, options.timeoutMs ?? 20_000);
    child.stdout.on('data', (d: Buffer) => {
      transcript += d.toString('utf8');
      while (next < steps.length && steps[next]!.waitFor.test(transcript)) child.stdin.write(steps[next++]!.send);
    });
    child.stderr.on('data', (d: Buffer) => (transcript += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, transcript });
    });
  });
}

/** The user that tests needing an unprivileged run switch to when they run as root. */
const NOBODY = { uid: 65534, gid: 65534 };
let unprivilegedCopy: string | undefined;

/**
 * How to run the CLI as a user without privileges, for tests about permissions (root reads and
 * writes everything). Not root: the current user, as is. Root: `nobody`, running a copy of the CLI
 * (bin/, the bundle, package.json, the runtime packages) in a fresh world-readable directory,
 * because the checkout may sit where nobody cannot enter (a 0700 home, a `mktemp -d` directory).
 * Inputs such a test gives must be outside the checkout too (readableCopy). Undefined when
 * nobody cannot run Node at all (say why: the caller skips).
 */
export function unprivileged(): { options: RunOptions; readableCopy: (file: string) => string } | { skip: string } {
  if (process.getuid?.() !== 0) return { options: {}, readableCopy: (file) => file };
  const probe = spawnSync(process.execPath, ['-e', '0'], { ...NOBODY, cwd: '/', stdio: 'ignore' });
  if (probe.status !== 0) return { skip: `running as root, and user nobody (65534) cannot run ${process.execPath}` };
  unprivilegedCopy ??= stageCopy();
  const dir = path.dirname(path.dirname(unprivilegedCopy));
  return {
    options: { ...NOBODY, cwd: '/', cli: unprivilegedCopy },
    readableCopy: (file) => {
      const target = path.join(dir, 'inputs', path.basename(file));
      mkdirSync(path.dirname(target), { recursive: true, mode: 0o755 });
      cpSync(file, target);
      chmodSync(target, 0o644);
      return target;
    },
  };
}

/** Copies what `node bin/clawprint.js` loads to a world-readable directory; returns its bin file. */
function stageCopy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'clawprint-runnable-'));
  chmodSync(dir, 0o755);
  cpSync(path.join(ROOT, 'bin'), path.join(dir, 'bin'), { recursive: true });
  cpSync(path.join(ROOT, 'dist', 'src', 'cli.bundle.cjs'), path.join(dir, 'dist', 'src', 'cli.bundle.cjs'));
  cpSync(path.join(ROOT, 'dist', 'src', 'staged-diff.cjs'), path.join(dir, 'dist', 'src', 'staged-diff.cjs'));
  cpSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
  // The runtime packages and theirs (npm's flat layout; nested node_modules come with their package).
  const pending = Object.keys((JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies);
  const copied = new Set<string>();
  while (pending.length > 0) {
    const name = pending.pop()!;
    const from = path.join(ROOT, 'node_modules', name);
    if (copied.has(name) || !existsSync(from)) continue; // an optional dependency not installed
    copied.add(name);
    cpSync(from, path.join(dir, 'node_modules', name), { recursive: true });
    const meta = JSON.parse(readFileSync(path.join(from, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };
    pending.push(...Object.keys(meta.dependencies ?? {}), ...Object.keys(meta.optionalDependencies ?? {}));
  }
  openUp(dir);
  return path.join(dir, 'bin', 'clawprint.js');
}

/** Makes every folder under `dir` enterable and every file readable by anyone (whatever the umask). */
function openUp(dir: string): void {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) openUp(p);
    else if (entry.isFile()) chmodSync(p, 0o644);
  }
}
