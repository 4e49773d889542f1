// `--input-format` and `--tz` per source (docs/product.md §3): a plain value is the default for
// every input; `PATH=VALUE` applies to the inputs at or under PATH, or matched by it as a glob
// (`logs/nginx/**=access-log`, `logs/eu/=Europe/Berlin`). One audit often reads a proxy's logs in
// one zone and the gateway's in UTC; running one audit per source instead would cut the
// aggregations (first use per source, bursts, coverage) in pieces. The last matching flag wins.
import path from 'node:path';
import { shownValue } from '../shown-value.js';
import { globMatcher, isGlobPattern } from '../sources/glob.js';
import { ENTRY_SEPARATOR } from '../sources/open-input.js';
import type { Input } from '../sources/input.js';
import { requireZone } from '../time-flags.js';
import { type ForcedFormat, parseForcedFormat } from './format.js';

export interface PerInputRule {
  /** As given, for messages. */
  pattern: string;
  matches: (onDisk: string) => boolean;
  forced?: ForcedFormat;
  zone?: string;
}

export interface PerInputSettings {
  /** For inputs no rule matches, and for the window's own times. */
  forced: ForcedFormat;
  /** The plain `--input-format` value as given (what shards must agree on: docs/state.md). */
  formatText?: string;
  zone: string;
  rules: PerInputRule[];
}

/** `PATH=VALUE` splits at the last `=`: format ids and zone names hold none, a path may. */
function split(value: string): { pattern?: string; value: string } {
  const at = value.lastIndexOf('=');
  return at <= 0 ? { value } : { pattern: value.slice(0, at), value: value.slice(at + 1) };
}

function matcher(pattern: string, cwd: string): (onDisk: string) => boolean {
  const absolute = path.resolve(cwd, pattern).split(path.sep).join('/');
  if (isGlobPattern(pattern)) return globMatcher(absolute);
  const dir = absolute.endsWith('/') ? absolute : `${absolute}/`;
  return (onDisk) => onDisk === absolute || onDisk.startsWith(dir);
}

export function parsePerInput(formats: readonly string[], zones: readonly string[], cwd = process.cwd()): PerInputSettings {
  const settings: PerInputSettings = { forced: {}, zone: 'UTC', rules: [] };
  const rules: Array<{ order: number; rule: PerInputRule }> = [];
  formats.forEach((text, order) => {
    const { pattern, value } = split(text);
    const forced = parseForcedFormat(value);
    if (pattern === undefined) {
      settings.forced = forced;
      settings.formatText = value;
    }
    else rules.push({ order, rule: { pattern, matches: matcher(pattern, cwd), forced } });
  });
  zones.forEach((text, order) => {
    const { pattern, value } = split(text);
    const zone = requireZone(value, '--tz');
    if (pattern === undefined) settings.zone = zone;
    else rules.push({ order: formats.length + order, rule: { pattern, matches: matcher(pattern, cwd), zone } });
  });
  settings.rules = rules.sort((a, b) => a.order - b.order).map((r) => r.rule);
  return settings;
}

/** Where an input lives on disk (an archive entry: its archive), as the rules match it. */
function onDisk(input: Input, cwd: string): string | undefined {
  if (input.path === '-') return undefined;
  const file = input.absolutePath ?? path.resolve(cwd, input.path.split(ENTRY_SEPARATOR)[0]!);
  return file.split(path.sep).join('/');
}

/** The format and zone one input is read with: the defaults, then every matching rule in order. */
export function settingsFor(input: Input, settings: PerInputSettings, cwd = process.cwd()): { forced: ForcedFormat; zone: string } {
  let forced = settings.forced;
  let zone = settings.zone;
  const file = settings.rules.length > 0 ? onDisk(input, cwd) : undefined;
  if (file !== undefined) {
    for (const rule of settings.rules) {
      if (!rule.matches(file)) continue;
      if (rule.forced !== undefined) forced = rule.forced;
      if (rule.zone !== undefined) zone = rule.zone;
    }
  }
  return { forced, zone };
}

/** Commander's collector for a repeatable flag. */
export const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** A rule that matched no input is most likely a typo: said once, never silent. */
export function unusedRules(settings: PerInputSettings, inputs: readonly Input[], cwd = process.cwd()): string[] {
  return settings.rules
    .filter((rule) => !inputs.some((input) => {
      const file = onDisk(input, cwd);
      return file !== undefined && rule.matches(file);
    }))
    .map((rule) => `${rule.forced !== undefined ? '--input-format' : '--tz'} ${shownValue(rule.pattern)}=… matches no input`);
}

