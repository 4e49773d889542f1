// The contract of check-config's readers: a config file becomes the gateway secret settings it
// holds, each redacted at birth (a fingerprint and the facts the rules need, never the value).

/** What a file was read as. A file named on the command line with no known name is tried as each. */
export type ConfigFileKind =
  | 'gateway-yaml'
  | 'agent-yaml'
  | 'openclaw-json'
  | 'env-file'
  | 'compose'
  | 'kubernetes'
  | 'yaml'
  | 'systemd-unit'
  | 'launchd-plist';

/** Which credential a setting holds (OpenClaw's names in parentheses). */
export type SecretRole =
  /** gateway.token, gateway.auth.token, OPENCLAW_GATEWAY_TOKEN, an agent's gateway_token */
  | 'gateway-token'
  /** Seed's gateway.token_secondary: the second token of a dual-token rotation */
  | 'gateway-token-secondary'
  /** gateway.auth.password, OPENCLAW_GATEWAY_PASSWORD */
  | 'gateway-password'
  /** gateway.remote.token|password: what this host uses to reach another gateway */
  | 'remote-token'
  /** hooks.token: the webhook secret, which must differ from the gateway token */
  | 'hooks-token';

/**
 * How the value is given. Only `literal` holds a secret; its digest is the full SHA-256 hex (kept
 * in memory for comparisons, never printed) and its fingerprint the §1 short form.
 */
export type SecretValue =
  | {
      kind: 'literal';
      fingerprint: string;
      digest: string;
      length: number;
      weakness: string[];
      /**
       * A stand-in rather than a secret: `always` for a bracketed or masked value (`[ADD_TOKEN]`,
       * `<token>`, `***`), `in-template` for words (`replace-with-a-token`, `changeme`), which are a
       * stand-in in an example file and a weak live secret anywhere else.
       */
      placeholder?: 'always' | 'in-template';
    }
  /** `${VAR}`, `$VAR`, `%VAR%`, a Helm/Jinja template: resolved elsewhere. */
  | { kind: 'reference'; text: string }
  /** An OpenClaw SecretRef object `{ source: env|file|exec, provider, id }`. */
  | { kind: 'secret-ref'; source: string }
  /** `__OPENCLAW_REDACTED__`: copied from redacted output; the config is broken. */
  | { kind: 'redacted' };

export interface ConfigSetting {
  /** Display path of the file. */
  path: string;
  /** 1-based. */
  line: number;
  /** The key or variable as the file names it (`gateway.auth.token`, `OPENCLAW_GATEWAY_TOKEN`). */
  key: string;
  role: SecretRole;
  fileKind: ConfigFileKind;
  /** An environment-style setting (env file, unit, compose or Kubernetes env, Secret), or the gateway's own config. */
  origin: 'env' | 'config';
  value: SecretValue;
}

/** A structured config (YAML or JSON5) as the readers walk it: every node knows its line. */
export type ConfigNode =
  | { kind: 'map'; line: number; entries: Array<{ key: string; line: number; value: ConfigNode }> }
  | { kind: 'list'; line: number; items: ConfigNode[] }
  | { kind: 'scalar'; line: number; value: string | number | boolean | null };

/** A file that is not what its name says (bad YAML, bad JSON5): one issue, not a crash. */
export class ConfigSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}
