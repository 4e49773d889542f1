import { configFinding, literals, ROLE_NAMES } from './config-finding.js';
import { configExamples } from './config-examples.js';
import type { ConfigDetector } from './detector.js';
import { isTemplateFile } from '../configs/index.js';

// A literal gateway secret in a config file or unit (OpenClaw's `security audit` reports the same
// for `gateway.auth.token` written into openclaw.json). `.env` files are where the secret is meant
// to live, so a literal there is not this rule's: env-file-tracked and secret-file-permissions
// say when such a file is unsafe. An example (`.env.example`) is meant to be committed: a secret
// left in one is hard-coded.
export const hardcodedToken = {
  meta: {
    id: 'hardcoded-token',
    severity: 'high',
    description:
      'A literal gateway token or password in a config file, unit, compose file or manifest (not a ${VAR}, $VAR, SecretRef or template). Move it to an environment variable or a SecretRef.',
  },
  get examples() {
    const { STRONG_A, DEFAULT_SHAPE } = configExamples();
    return {
      match: [
        { files: { 'gateway.yaml': `gateway:\n  port: 8080\n  token: ${STRONG_A}\n` } },
        { files: { 'openclaw.json': `{\n  // local gateway\n  gateway: { auth: { mode: "token", token: "${DEFAULT_SHAPE}", }, },\n}\n` } },
        { files: { 'openclaw-gateway.service': `[Service]\nEnvironment="OPENCLAW_GATEWAY_TOKEN=${STRONG_A}"\n` } },
        { files: { 'deploy/staging/secret.yaml': `apiVersion: v1\nkind: Secret\nstringData:\n  OPENCLAW_GATEWAY_TOKEN: ${STRONG_A}\n` } },
        { files: { '.env.example': `OPENCLAW_GATEWAY_TOKEN=${STRONG_A}\n` } },
      ],
      noMatch: [
        { files: { 'gateway.yaml': 'gateway:\n  token: ${OPENCLAW_GATEWAY_TOKEN}\n' } },
        { files: { 'openclaw.json': '{ gateway: { auth: { mode: "token", token: { source: "env", provider: "default", id: "OPENCLAW_GATEWAY_TOKEN" } } } }' } },
        { files: { 'openclaw.json': '{ "gateway": { "auth": { "token": "__OPENCLAW_REDACTED__" } } }' } },
        { files: { '.env': `OPENCLAW_GATEWAY_TOKEN=${STRONG_A}\n` } },
        { files: { '.env.example': 'OPENCLAW_GATEWAY_TOKEN=replace-with-a-long-random-token\n' } }, // clawprint:allow (a word-made stand-in)
        { files: { 'openclaw.json': '{ gateway: { auth: { token: "[ADD_FROM_PASSWORD_MANAGER: Gateway Token]" } } }' } },
        { files: { 'ci.yml': 'env:\n  OPENCLAW_GATEWAY_TOKEN: ${{ secrets.OPENCLAW_GATEWAY_TOKEN }}\n  OPENCLAW_R2_SECRET_ACCESS_KEY: abc\n' } },
        { files: { 'values.yaml': 'openclaw:\n  gatewayToken: "{{ .Values.secrets.token }}"\n' } },
      ],
    };
  },
  check(settings, ctx) {
    return literals(settings)
      .filter((s) => s.fileKind !== 'env-file' || isTemplateFile(s.path))
      .map((s) =>
        configFinding('hardcoded-token', 'high', s, ctx, `${ROLE_NAMES[s.role]} hard-coded in ${s.key}; use \${OPENCLAW_GATEWAY_TOKEN} or a SecretRef`, {
          reason: 'literal',
        }),
      );
  },
} satisfies ConfigDetector;
