// What check-config's rules need to know about a file besides its text: permission bits, whether
// git tracks or ignores it, and how old a line is. git runs with argument arrays, synchronously
// (a handful of files, after the read), never through a shell.
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import type { ConfigFileFacts } from '../detectors/detector.js';

function git(args: readonly string[], cwd: string): string | undefined {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 16 * 1024 * 1024 });
  } catch {
    return undefined;
  }
}

/** Facts of files, by absolute path; git questions are asked once per work tree. */
export class FileFacts {
  private readonly tops = new Map<string, string | null>();

  /** The work tree `dir` belongs to, or undefined outside one (or without git). */
  private topOf(dir: string): string | undefined {
    let top = this.tops.get(dir);
    if (top === undefined) {
      top = git(['rev-parse', '--show-toplevel'], dir)?.trim() || null;
      this.tops.set(dir, top);
    }
    return top ?? undefined;
  }

  of(absolute: string): ConfigFileFacts {
    const facts: ConfigFileFacts = {};
    try {
      facts.mode = statSync(absolute).mode & 0o777;
    } catch {
      // Gone since it was read: no mode to judge.
    }
    const dir = path.dirname(absolute);
    const top = this.topOf(dir);
    if (top !== undefined) {
      const rel = path.relative(top, absolute);
      const tracked = git(['ls-files', '--error-unmatch', '--', rel], top) !== undefined;
      // `check-ignore` answers for untracked paths only unless --no-index.
      const ignored = git(['check-ignore', '-q', '--no-index', '--', rel], top) !== undefined;
      facts.git = { tracked, ignored };
    }
    return facts;
  }

  /** The author time of the commit that last changed `line`, or undefined when not committed. */
  lineCommitTime(absolute: string, line: number): number | undefined {
    const top = this.topOf(path.dirname(absolute));
    if (top === undefined) return undefined;
    const out = git(['blame', '--porcelain', '-L', `${line},${line}`, '--', path.relative(top, absolute)], top);
    if (out === undefined || /^0{40} /.test(out)) return undefined;
    const time = /^author-time (\d+)$/m.exec(out);
    return time ? Number(time[1]) * 1000 : undefined;
  }
}
