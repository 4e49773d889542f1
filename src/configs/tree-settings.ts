// The gateway secrets of a structured config (YAML or JSON5 tree): OpenClaw's and Seed's key paths,
// secret-named keys anywhere (Helm values, Ansible vars), container environments (compose
// `environment:` lists and maps, Kubernetes `env: [{name, value}]`) and Kubernetes Secrets, whose
// `data:` values are base64 of the secret.
import type { ConfigFileKind, ConfigNode, ConfigSetting, SecretRole, SecretValue } from './config-file.js';
import { roleOfName, roleOfPath } from './secret-names.js';
import { classifyValue } from './secret-value.js';

const SECRET_REF_SOURCES = new Set(['env', 'file', 'exec']);

export function settingsFromTree(root: ConfigNode, path: string, fileKind: ConfigFileKind): ConfigSetting[] {
  const out: ConfigSetting[] = [];
  const add = (line: number, key: string, role: SecretRole, origin: 'env' | 'config', value: SecretValue | undefined): void => {
    if (value !== undefined) out.push({ path, line, key, role, fileKind, origin, value });
  };
  const isSecret = isKubernetesSecret(root);

  const walk = (node: ConfigNode, keys: string[], envList: boolean): void => {
    if (node.kind === 'list') {
      for (const item of node.items) {
        // compose `environment: [ "OPENCLAW_GATEWAY_TOKEN=…" ]`
        if (envList && item.kind === 'scalar' && typeof item.value === 'string') {
          const eq = item.value.indexOf('=');
          const role = eq > 0 ? roleOfName(item.value.slice(0, eq)) : undefined;
          if (role !== undefined) add(item.line, item.value.slice(0, eq), role, 'env', classifyValue(item.value.slice(eq + 1)));
          continue;
        }
        const named = nameValuePair(item);
        if (named !== undefined) {
          const role = roleOfName(named.name);
          if (role !== undefined) add(named.line, named.name, role, 'env', named.value);
          continue;
        }
        walk(item, keys, false);
      }
      return;
    }
    if (node.kind !== 'map') return;
    for (const entry of node.entries) {
      const path = [...keys, entry.key];
      const value = entry.value;
      const inEnv = entry.key === 'environment' || entry.key === 'env';
      if (isSecret && keys.length === 0 && (entry.key === 'data' || entry.key === 'stringData') && value.kind === 'map') {
        for (const item of value.entries) {
          const role = roleOfName(item.key);
          if (role === undefined || item.value.kind !== 'scalar' || typeof item.value.value !== 'string') continue;
          const text = entry.key === 'data' ? decodeBase64(item.value.value) : item.value.value;
          add(item.line, `${entry.key}.${item.key}`, role, 'env', text === undefined ? undefined : classifyValue(text));
        }
        continue;
      }
      const role = inEnv && value.kind === 'map' ? undefined : roleOfPath(path);
      if (role !== undefined && (value.kind === 'scalar' || secretRefSource(value) !== undefined)) {
        add(entry.line, path.join('.'), role, keys.includes('environment') ? 'env' : 'config', valueOf(value));
        continue;
      }
      if (inEnv && value.kind === 'map') {
        // compose `environment: { OPENCLAW_GATEWAY_TOKEN: … }`
        for (const item of value.entries) {
          const itemRole = roleOfName(item.key);
          if (itemRole !== undefined && item.value.kind === 'scalar') add(item.line, item.key, itemRole, 'env', valueOf(item.value));
        }
        continue;
      }
      walk(value, path, inEnv);
    }
  };
  walk(root, [], false);
  return out;
}

function valueOf(node: ConfigNode): SecretValue | undefined {
  const source = secretRefSource(node);
  if (source !== undefined) return { kind: 'secret-ref', source };
  if (node.kind !== 'scalar' || node.value === null || typeof node.value === 'boolean') return undefined;
  return classifyValue(String(node.value));
}

/** OpenClaw's SecretRef: `{ source: "env" | "file" | "exec", provider, id }`. */
function secretRefSource(node: ConfigNode): string | undefined {
  if (node.kind !== 'map') return undefined;
  const source = node.entries.find((e) => e.key === 'source');
  if (source?.value.kind !== 'scalar' || typeof source.value.value !== 'string') return undefined;
  return SECRET_REF_SOURCES.has(source.value.value) && node.entries.some((e) => e.key === 'id' || e.key === 'provider') ? source.value.value : undefined;
}

/** Kubernetes `env: [{ name: X, value: Y }]` (also `valueFrom`, which is a reference). */
function nameValuePair(node: ConfigNode): { name: string; line: number; value: SecretValue | undefined } | undefined {
  if (node.kind !== 'map') return undefined;
  const name = node.entries.find((e) => e.key === 'name');
  if (name?.value.kind !== 'scalar' || typeof name.value.value !== 'string') return undefined;
  const value = node.entries.find((e) => e.key === 'value');
  if (value === undefined) {
    const from = node.entries.find((e) => e.key === 'valueFrom');
    return from === undefined ? undefined : { name: name.value.value, line: from.line, value: { kind: 'reference', text: 'valueFrom' } };
  }
  return { name: name.value.value, line: value.line, value: valueOf(value.value) };
}

function isKubernetesSecret(root: ConfigNode): boolean {
  return root.kind === 'map' && root.entries.some((e) => e.key === 'kind' && e.value.kind === 'scalar' && e.value.value === 'Secret');
}

function decodeBase64(text: string): string | undefined {
  const clean = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) return undefined;
  return Buffer.from(clean, 'base64').toString('utf8');
}
