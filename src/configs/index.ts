// Every config reader, in the order a file's name is matched. Adding a file kind = its reader,
// one entry here, its fixtures and a README line.
import path from 'node:path';
import type { ConfigFileKind, ConfigSetting } from './config-file.js';
import { settingsFromEnvText } from './env-file.js';
import { parseJson5Tree } from './json5.js';
import { settingsFromPlistText } from './launchd-plist.js';
import { settingsFromUnitText } from './systemd-unit.js';
import { settingsFromTree } from './tree-settings.js';
import { parseYamlTrees } from './yaml-tree.js';

export interface ConfigRead {
  settings: ConfigSetting[];
  /** systemd `EnvironmentFile=` paths, read next as .env files of the same environment. */
  environmentFiles?: Array<{ file: string; line: number }>;
}

export interface ConfigReader {
  kind: ConfigFileKind;
  /** True when a file of this base name (and path, POSIX) is this kind. */
  matches(base: string, posixPath: string): boolean;
  /** True when content alone says so (files named on the command line whatever their name). */
  sniff(text: string): boolean;
  read(text: string, path: string): ConfigRead;
}

const yamlReader = (kind: ConfigFileKind, matches: ConfigReader['matches'], sniff: ConfigReader['sniff']): ConfigReader => ({
  kind,
  matches,
  sniff,
  read: (text, path) => ({ settings: parseYamlTrees(text).flatMap((tree) => settingsFromTree(tree, path, kind)) }),
});

const YAML_RE = /\.ya?ml$/i;

export const CONFIG_READERS: readonly ConfigReader[] = [
  {
    kind: 'env-file',
    matches: (base) => /^\.env(?:$|[.-])/.test(base) || /\.env$/.test(base),
    sniff: (text) => /^\s*(?:export\s+)?[A-Z_][A-Z0-9_]*=/m.test(text) && !/^\s*\[/m.test(text),
    read: (text, path) => ({ settings: settingsFromEnvText(text, path) }),
  },
  {
    kind: 'openclaw-json',
    matches: (base) => /^(?:openclaw|clawdbot|moltbot)[^/]*\.json5?$/i.test(base) || /\.json5$/i.test(base),
    sniff: (text) => /^\s*(?:\/\/[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*\{/.test(text),
    read: (text, path) => ({ settings: settingsFromTree(parseJson5Tree(text), path, 'openclaw-json') }),
  },
  yamlReader('gateway-yaml', (base) => /^gateway\.ya?ml$/i.test(base), () => false),
  yamlReader('agent-yaml', (base) => /^agent\.ya?ml$/i.test(base), () => false),
  yamlReader('compose', (base) => /^(?:docker-)?compose[^/]*\.ya?ml$/i.test(base), () => false),
  {
    kind: 'systemd-unit',
    matches: (base) => /\.(?:service|conf)$/.test(base) && !/^\.env/.test(base),
    sniff: (text) => /^\s*\[(?:Unit|Service|Install)\]/m.test(text),
    read: (text, path) => settingsFromUnitText(text, path),
  },
  {
    kind: 'launchd-plist',
    matches: (base) => /\.plist$/i.test(base),
    sniff: (text) => /<plist[\s>]/.test(text),
    read: (text, path) => ({ settings: settingsFromPlistText(text, path) }),
  },
  // Kubernetes manifests, Helm values, Ansible vars: any other YAML that names the product.
  yamlReader('yaml', (base) => YAML_RE.test(base), () => true),
];

/** The reader for a file found in a walk (by name), or for a named file (by name, then content). */
export function readerFor(filePath: string, text: string | undefined): ConfigReader | undefined {
  const base = path.basename(filePath);
  const posix = filePath.split(path.sep).join('/');
  const byName = CONFIG_READERS.find((r) => r.matches(base, posix));
  if (byName !== undefined || text === undefined) return byName;
  return CONFIG_READERS.find((r) => r.sniff(text));
}

/** Files that cannot hold a gateway secret are not parsed: most YAML in a repository is about something else. */
export function mayHoldGatewaySecret(text: string): boolean {
  return /openclaw|gateway|clawdbot|moltbot/i.test(text);
}

/**
 * An example or template meant to be committed (`.env.example`, `vault.example.yml`,
 * `values.sample.yaml`, `openclaw.template.json`): its stand-ins are not secrets.
 */
export function isTemplateFile(filePath: string): boolean {
  return /(?:^|[._-])(?:example|examples|sample|samples|template|templates|tmpl|tpl|dist)(?:[._-]|$)/i.test(path.basename(filePath));
}

/**
 * A file's settings as the rules see them: stand-ins are no secret — bracketed or masked ones
 * anywhere, word-made ones (`replace-with-a-token`) in an example file.
 */
export function readConfigText(reader: ConfigReader, text: string, filePath: string): ConfigRead {
  const read = reader.read(text, filePath);
  const template = isTemplateFile(filePath);
  const settings = read.settings.filter((setting) => {
    const v = setting.value;
    return v.kind !== 'literal' || v.placeholder === undefined || (v.placeholder === 'in-template' && !template);
  });
  return { ...read, settings };
}
