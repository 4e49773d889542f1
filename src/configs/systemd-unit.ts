// systemd units: `Environment=` takes one or more `KEY=value` words, each optionally quoted
// (`Environment="A=1" "B=2"`); `EnvironmentFile=` names a file read as a .env file (a leading
// `-` means "if it exists").
import type { ConfigSetting } from './config-file.js';
import { roleOfName } from './secret-names.js';
import { classifyValue } from './secret-value.js';

/** The words of an `Environment=` value, quotes removed (systemd's own splitting). */
function environmentWords(value: string): string[] {
  const words: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(value); m !== null; m = re.exec(value)) words.push(m[1] ?? m[2] ?? m[3] ?? '');
  return words;
}

export interface UnitSettings {
  settings: ConfigSetting[];
  /** `EnvironmentFile=` paths as written (absolute in a real unit), with their line. */
  environmentFiles: Array<{ file: string; line: number }>;
}

export function settingsFromUnitText(text: string, path: string): UnitSettings {
  const settings: ConfigSetting[] = [];
  const environmentFiles: Array<{ file: string; line: number }> = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*(Environment|EnvironmentFile)\s*=\s*(.*?)\s*$/.exec(lines[i]!);
    if (m === null) continue;
    if (m[1] === 'EnvironmentFile') {
      if (m[2] !== '') environmentFiles.push({ file: m[2]!.replace(/^-/, ''), line: i + 1 });
      continue;
    }
    for (const word of environmentWords(m[2]!)) {
      const eq = word.indexOf('=');
      const role = eq > 0 ? roleOfName(word.slice(0, eq)) : undefined;
      if (role === undefined) continue;
      const value = classifyValue(word.slice(eq + 1));
      if (value !== undefined) settings.push({ path, line: i + 1, key: word.slice(0, eq), role, fileKind: 'systemd-unit', origin: 'env', value });
    }
  }
  return { settings, environmentFiles };
}
