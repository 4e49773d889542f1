// Which files under a scan root git tracks although an ignore rule matches them (`git add -f`):
// .gitignore only keeps untracked files out of git, so a tracked file is in every clone, and a
// scan that skipped it let a force-added token file pass.
import { execFile } from 'node:child_process';
import path from 'node:path';

export interface TrackedIgnored {
  /** Absolute paths of tracked files that the ignore rules match. */
  files: ReadonlySet<string>;
}

/**
 * Asks git (argument array, no shell) for the tracked files under `root` that its ignore rules
 * match. Usually a handful: only those are held, not the whole index. The repository may be
 * hostile (a downloaded tree with its .git): core.fsmonitor, which runs a command from the
 * repository's config, is turned off. Resolves to the reason when git cannot answer.
 */
export function listTrackedIgnored(root: string): Promise<TrackedIgnored | { error: string }> {
  const args = ['-c', 'core.fsmonitor=false', '-c', 'core.untrackedCache=false', 'ls-files', '-z', '--cached', '--ignored', '--exclude-standard'];
  return new Promise((resolve) => {
    execFile('git', args, { cwd: root, encoding: 'buffer', maxBuffer: 512 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error !== null) {
        const code = (error as NodeJS.ErrnoException).code;
        const reason = code === 'ENOENT' ? 'git is not installed' : stderr.toString('utf8').split('\n')[0]?.replace(/^fatal: /, '') || error.message.split('\n')[0]!;
        return resolve({ error: reason });
      }
      const files = new Set<string>();
      for (const rel of stdout.toString('utf8').split('\0')) if (rel !== '') files.add(path.join(root, ...rel.split('/')));
      resolve({ files });
    });
  });
}
