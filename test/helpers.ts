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
