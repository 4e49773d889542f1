import { configFinding, literals } from './config-finding.js';
import { configExamples } from './config-examples.js';
import type { ConfigDetector } from './detector.js';

// OpenClaw's `fs.config.perms_world_readable`, widened to group: on a shared host any other
// account that can read the file holds the gateway.
export const secretFilePermissions = {
  meta: {
    id: 'secret-file-permissions',
    severity: 'medium',
    description: "A file holding a literal gateway secret is readable by group or others (OpenClaw's fs.config.perms_world_readable); chmod 600 it.",
  },
  get examples() {
    const { STRONG_A } = configExamples();
    return {
      match: [{ files: { '.env': `OPENCLAW_GATEWAY_TOKEN=${STRONG_A}\n` }, facts: { mode: 0o644 } }],
      noMatch: [
        { files: { '.env': `OPENCLAW_GATEWAY_TOKEN=${STRONG_A}\n` }, facts: { mode: 0o600 } },
        { files: { 'gateway.yaml': 'gateway:\n  token: ${OPENCLAW_GATEWAY_TOKEN}\n' }, facts: { mode: 0o644 } },
      ],
    };
  },
  check(settings, ctx) {
    const reported = new Set<string>();
    return literals(settings).flatMap((s) => {
      const mode = ctx.facts(s.path).mode;
      if (mode === undefined || (mode & 0o044) === 0 || reported.has(s.path)) return [];
      reported.add(s.path);
      const who = (mode & 0o004) !== 0 ? 'everyone' : 'its group';
      return [configFinding('secret-file-permissions', 'medium', s, ctx, `${s.path} holds the gateway secret and is readable by ${who} (mode ${(mode & 0o777).toString(8).padStart(4, '0')}); chmod 600 it`, { reason: `mode ${(mode & 0o777).toString(8).padStart(4, '0')}` })];
    });
  },
} satisfies ConfigDetector;
