// Which environment a config file belongs to, for the reuse and override rules: the first path
// segment or file-name word that names one (`deploy/prod/gateway.yaml`, `.env.staging`,
// `values-production.yaml`), or `--environment GLOB=NAME`, which wins. Files naming none share
// the environment `default`.
import { globMatcher } from '../sources/glob.js';

const ALIASES: Record<string, string> = {
  dev: 'dev',
  develop: 'dev',
  development: 'dev',
  local: 'dev',
  test: 'test',
  testing: 'test',
  ci: 'test',
  qa: 'qa',
  uat: 'qa',
  stage: 'staging',
  staging: 'staging',
  preprod: 'staging',
  prod: 'prod',
  production: 'prod',
  live: 'prod',
  sandbox: 'sandbox',
  demo: 'demo',
};

export const DEFAULT_ENVIRONMENT = 'default';

export interface EnvironmentRule {
  glob: string;
  name: string;
}

/** `--environment 'deploy/eu/**=prod'` → a rule; undefined when the text has no `=`. */
export function parseEnvironmentRule(text: string): EnvironmentRule | undefined {
  const eq = text.lastIndexOf('=');
  if (eq <= 0 || eq === text.length - 1) return undefined;
  return { glob: text.slice(0, eq), name: text.slice(eq + 1) };
}

export function environmentResolver(rules: readonly EnvironmentRule[]): (posixPath: string) => string {
  const matchers = rules.map((r) => ({ test: globMatcher(r.glob), name: r.name }));
  return (posixPath) => {
    for (const m of matchers) if (m.test(posixPath)) return m.name;
    for (const word of posixPath.toLowerCase().split(/[/._-]+/)) {
      const env = ALIASES[word];
      if (env !== undefined) return env;
    }
    return DEFAULT_ENVIRONMENT;
  };
}
