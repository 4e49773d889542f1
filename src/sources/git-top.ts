// The work tree's top for `scan --staged` without a `git rev-parse` process, in the plain case
// only (docs/performance.md, Start-up: each git process is ~15 ms of CPU on a busy machine, and a
// pre-commit hook runs on every commit). Git finds a repository by walking up from the working
// directory to the first `.git` (gitrepository-layout(5)); anything that can change where that
// leads — an environment variable, a `.git` file (a linked worktree, a submodule), settings in
// the repository's config that move or remove the work tree, another owner (safe.directory), a
// filesystem boundary — answers undefined, and the caller asks git as before.
import { lstatSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

/** Variables that change how git finds the repository or its work tree (git(1), ENVIRONMENT). */
const DISCOVERY_ENV = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_COMMON_DIR',
  'GIT_CEILING_DIRECTORIES',
  'GIT_DISCOVERY_ACROSS_FILESYSTEM',
  // Settings given to git itself (`git -c`, a parent git's): git 2.39 does not take the work tree
  // from them, but another version might.
  'GIT_CONFIG_PARAMETERS',
  'GIT_CONFIG_COUNT',
];

/**
 * Repository config that moves the work tree (`core.worktree`), says there is none (`core.bare`
 * true, or bare without a value), pulls in other files (`include`, `includeIf`) or turns on
 * extensions (`worktreeConfig` reads another file; an unknown one makes git refuse the repository).
 */
const UNUSUAL_CONFIG = /\bworktree\b|^\s*bare\s*(?:=\s*(?:true|yes|on|1)\s*)?(?:[#;].*)?$|\binclude|\bextensions\b/im;

/** The top git would report for `cwd`, or undefined when only git can tell. */
export function plainWorkTreeTop(cwd: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (process.platform === 'win32' || DISCOVERY_ENV.some((name) => env[name] !== undefined)) return undefined;
  const uid = process.getuid?.();
  try {
    let dir = realpathSync(cwd);
    const device = statSync(dir).dev;
    for (;;) {
      // Inside a repository's own directory (hooks/, a bare repository's objects/…): not a work tree.
      if (path.basename(dir) === '.git') return undefined;
      const dotGit = path.join(dir, '.git');
      const found = lstatSync(dotGit, { throwIfNoEntry: false });
      if (found !== undefined) {
        if (!found.isDirectory() || found.uid !== uid || statSync(dir).uid !== uid) return undefined;
        if (!statSync(path.join(dotGit, 'HEAD')).isFile() || !statSync(path.join(dotGit, 'objects')).isDirectory()) return undefined;
        if (lstatSync(path.join(dotGit, 'commondir'), { throwIfNoEntry: false }) !== undefined) return undefined;
        return UNUSUAL_CONFIG.test(readFileSync(path.join(dotGit, 'config'), 'utf8')) ? undefined : dir;
      }
      const parent = path.dirname(dir);
      if (parent === dir || statSync(parent).dev !== device) return undefined;
      dir = parent;
    }
  } catch {
    return undefined;
  }
}
