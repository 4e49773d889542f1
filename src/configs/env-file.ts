// `.env` files (docker compose, dotenv, systemd EnvironmentFile=): `KEY=value` lines, with an
// optional `export `, quotes, and `#` comments.
import type { ConfigFileKind, ConfigSetting } from './config-file.js';
import { roleOfName } from './secret-names.js';
import { classifyValue } from './secret-value.js';

const ASSIGNMENT_RE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/;

/** The value as dotenv reads it: quotes removed, an unquoted ` # comment` dropped. */
export function unquote(raw: string): string {
  const value = raw.trim();
  const q = value[0];
  if ((q === '"' || q === "'") && value.length >= 2) {
    const end = value.indexOf(q, 1);
    if (end > 0) return value.slice(1, end);
  }
  return value.replace(/\s+#.*$/, '');
}

export function settingsFromEnvText(text: string, path: string, fileKind: ConfigFileKind = 'env-file'): ConfigSetting[] {
  const out: ConfigSetting[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = ASSIGNMENT_RE.exec(lines[i]!);
    if (m === null) continue;
    const role = roleOfName(m[1]!);
    if (role === undefined) continue;
    const value = classifyValue(unquote(m[2]!));
    if (value !== undefined) out.push({ path, line: i + 1, key: m[1]!, role, fileKind, origin: 'env', value });
  }
  return out;
}
