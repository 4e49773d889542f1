// Shared test plumbing: fixture paths, expected-output files (UPDATE_FIXTURES=1 rewrites them),
// and running the built CLI as a child process.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
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
}

export function runCli(args: string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
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
