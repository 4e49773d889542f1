// `scan --staged` (pre-commit): what the index holds for each staged file, and which of its lines
// the staged change adds. git runs with argument arrays, never through a shell.
import { execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { InputError } from '../errors.js';
import { readBlocks } from './blocks.js';

export interface StagedFile {
  /** Relative to the work tree's top, POSIX separators. */
  path: string;
  absolutePath: string;
  /** Object id of the staged blob. */
  blob: string;
  /** Added line ranges [first, last], 1-based, ascending. */
  added: Array<[number, number]>;
}

// Same view of the change for the file list and the hunks: renames followed (a moved file's old
// lines are not new), no external diff drivers or textconv, fixed a/ b/ prefixes, paths unescaped.
const DIFF = ['-c', 'core.quotePath=false', 'diff', '--cached', '-M', '--no-ext-diff', '--no-textconv', '--diff-filter=ACMR'];

function git(args: readonly string[], cwd: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, encoding: 'buffer', maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error === null) return resolve(stdout);
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return reject(new InputError('--staged needs git, which is not installed or not on PATH'));
      const first = stderr.toString('utf8').split('\n')[0]?.replace(/^fatal: /, '') ?? error.message;
      reject(new InputError(`git ${args.find((a) => !a.startsWith('-') && !a.includes('=')) ?? ''}: ${first}`, cwd));
    });
  });
}

/** The work tree's top, or an InputError naming `cwd` when it is not inside a git work tree. */
export async function workTreeTop(cwd: string): Promise<string> {
  try {
    return (await git(['rev-parse', '--show-toplevel'], cwd)).toString('utf8').trim();
  } catch (error) {
    if (error instanceof InputError && error.message.startsWith('--staged needs git')) throw error;
    throw new InputError('--staged needs a git repository, and this is not one', cwd);
  }
}

/** Staged files added, copied, modified or renamed under `pathspecs`, with their added lines. */
export async function listStaged(cwd: string, pathspecs: readonly string[]): Promise<{ top: string; files: StagedFile[] }> {
  const top = await workTreeTop(cwd);
  // `--raw -z`: `:<old mode> <new mode> <old id> <new id> <status>\0<path>\0[<new path>\0]`.
  const raw = (await git([...DIFF, '--raw', '-z', '--no-abbrev', '--', ...pathspecs], cwd)).toString('utf8').split('\0');
  const files = new Map<string, StagedFile>();
  for (let i = 0; i < raw.length; i++) {
    const meta = raw[i]!;
    if (!meta.startsWith(':')) continue;
    const [, newMode, , blob, status] = meta.slice(1).split(' ');
    const renamed = status?.startsWith('R') === true || status?.startsWith('C') === true;
    const file = renamed ? raw[i + 2] : raw[i + 1];
    i += renamed ? 2 : 1;
    // Symlinks (120000) hold a target path; submodules (160000) a commit id: no text to scan.
    if (file === undefined || blob === undefined || (newMode !== '100644' && newMode !== '100755')) continue;
    files.set(file, { path: file, absolutePath: path.join(top, ...file.split('/')), blob, added: [] });
  }
  if (files.size > 0) await readAddedLines(cwd, pathspecs, files);
  return { top, files: [...files.values()] };
}

/**
 * The staged blob's bytes as a stream. A failed read errors the stream (reported as unreadable),
 * never ends it quietly: an empty stream would pass as a clean file.
 */
export function openBlob(top: string, blob: string): Readable {
  const child = spawn('git', ['cat-file', 'blob', blob], { cwd: top, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = new PassThrough();
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  child.stdout.pipe(out, { end: false });
  child.on('error', (error) => out.destroy(error));
  child.on('close', (code) => {
    if (code === 0) out.end();
    else out.destroy(new Error(`git cat-file ${blob.slice(0, 12)}: ${stderr.split('\n')[0]?.replace(/^fatal: /, '') || `exit ${code}`}`));
  });
  return out;
}

/** True when `line` falls in one of the ascending `ranges`. */
export function inRanges(ranges: ReadonlyArray<readonly [number, number]>, line: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [first, last] = ranges[mid]!;
    if (line < first) hi = mid - 1;
    else if (line > last) lo = mid + 1;
    else return true;
  }
  return false;
}

const HUNK = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/**
 * Streams `git diff --cached -U0` and keeps only the hunk headers: with no context lines, each
 * hunk's new side is exactly the lines the change adds. Hunk bodies are counted, not read, so a
 * body line such as `+++ b/x` is never taken for a file header.
 */
async function readAddedLines(cwd: string, pathspecs: readonly string[], files: Map<string, StagedFile>): Promise<void> {
  const args = [...DIFF, '-U0', '--no-color', '--src-prefix=a/', '--dst-prefix=b/', '--', ...pathspecs];
  const child = spawn('git', args, { cwd, stdio: ['ignore', 'pipe', 'ignore'] });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  let current: StagedFile | undefined;
  let remaining = 0;
  const onLine = (text: string): void => {
    if (remaining > 0) {
      const c = text.charCodeAt(0);
      if (c === 0x2b || c === 0x2d) remaining--; // `\ No newline at end of file` is not counted
      return;
    }
    if (text.startsWith('+++ ')) {
      // git ends a name that holds a space with a TAB in these header lines.
      const name = unquote(text.slice(4).replace(/\t$/, ''));
      current = name.startsWith('b/') ? files.get(name.slice(2)) : undefined;
      return;
    }
    const hunk = HUNK.exec(text);
    if (hunk === null) return;
    const removed = hunk[1] === undefined ? 1 : Number(hunk[1]);
    const start = Number(hunk[2]);
    const count = hunk[3] === undefined ? 1 : Number(hunk[3]);
    remaining = removed + count;
    if (current !== undefined && count > 0) current.added.push([start, start + count - 1]);
  };
  for await (const block of readBlocks(child.stdout as AsyncIterable<Buffer>)) {
    const text = block.buf.toString('utf8');
    for (const line of text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n')) onLine(line);
  }
  const code = await exited;
  if (code !== 0) throw new InputError(`git diff --cached failed (exit ${code ?? 'signal'})`, cwd);
}

/** Undoes git's C-style path quoting (`"b/we\"ird"`, octal `\303\251` bytes). */
export function unquote(name: string): string {
  if (!name.startsWith('"') || !name.endsWith('"')) return name;
  const bytes: number[] = [];
  const simple: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };
  const body = Buffer.from(name.slice(1, -1), 'utf8');
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== 0x5c) {
      bytes.push(c);
      continue;
    }
    const next = String.fromCharCode(body[i + 1] ?? 0);
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.subarray(i + 1, i + 4).toString('latin1'), 8));
      i += 3;
    } else {
      bytes.push(simple[next] ?? body[i + 1]!);
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
