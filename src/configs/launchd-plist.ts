// launchd plists (macOS `openclaw gateway install`): `<key>NAME</key>` followed by
// `<string>value</string>`, usually under EnvironmentVariables, on the same or the next line.
import type { ConfigSetting } from './config-file.js';
import { roleOfName } from './secret-names.js';
import { classifyValue } from './secret-value.js';

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (text: string): string => text.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => XML_ENTITIES[e]!);

export function settingsFromPlistText(text: string, path: string): ConfigSetting[] {
  const out: ConfigSetting[] = [];
  const re = /<key>([^<]*)<\/key>\s*<string>([^<]*)<\/string>/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const role = roleOfName(decode(m[1]!));
    if (role === undefined) continue;
    const value = classifyValue(decode(m[2]!));
    const stringAt = m.index + m[0].lastIndexOf('<string>');
    const line = text.slice(0, stringAt).split('\n').length;
    if (value !== undefined) out.push({ path, line, key: decode(m[1]!), role, fileKind: 'launchd-plist', origin: 'env', value });
  }
  return out;
}
