import { configFinding, literals } from './config-finding.js';
import { configExamples } from './config-examples.js';
import type { ConfigDetector } from './detector.js';
import { isTemplateFile } from '../configs/index.js';

// A .env file is where the secret lives; committed, it is a leak waiting for a push. Reported when
// git tracks it, or when no ignore rule covers it (the next `git add .` commits it). Outside a git
// work tree there is nothing to commit it to.
export const envFileTracked = {
  meta: {
    id: 'env-file-tracked',
    severity: 'high',
    description: 'A .env file holding a literal gateway secret is tracked by git, or is not covered by any .gitignore rule in its work tree (examples such as .env.example are meant to be committed: a real secret in one is hardcoded-token).',
  },
  get examples() {
    const { STRONG_A } = configExamples();
    return {
      match: [
        { files: { '.env': `OPENCLAW_GATEWAY_TOKEN=${STRONG_A}\n` }, facts: { git: { tracked: true, ignored: false } } },
        { files: { '.env.local': `OPENCLAW_GATEWAY_TOKEN=${STRONG_A}\n` }, facts: { git: { tracked: false, ignored: false } } },
      ],
      noMatch: [
        { files: { '.env': `OPENCLAW_GATEWAY_TOKEN=${STRONG_A}\n` }, facts: { git: { tracked: false, ignored: true } } },
        { files: { '.env': 'OPENCLAW_GATEWAY_TOKEN=${VAULT_GATEWAY_TOKEN}\n' }, facts: { git: { tracked: true, ignored: false } } },
        { files: { '.env': `OPENCLAW_GATEWAY_TOKEN=${STRONG_A}\n` } },
      ],
    };
  },
  check(settings, ctx) {
    const reported = new Set<string>();
    return literals(settings).flatMap((s) => {
      const git = ctx.facts(s.path).git;
      if (s.fileKind !== 'env-file' || isTemplateFile(s.path) || git === undefined || reported.has(s.path)) return [];
      if (!git.tracked && git.ignored) return [];
      reported.add(s.path);
      const why = git.tracked ? 'is tracked by git' : 'is not ignored by any .gitignore';
      return [configFinding('env-file-tracked', 'high', s, ctx, `${s.path} holds the gateway secret and ${why}; ${git.tracked ? 'git rm --cached it, add it to .gitignore and rotate the token' : 'add it to .gitignore'}`, { reason: git.tracked ? 'tracked' : 'not-ignored' })];
    });
  },
} satisfies ConfigDetector;
