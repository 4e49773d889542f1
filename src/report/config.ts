// `.clawprint.yml`: what the scheduled report runs. Validated whole before anything runs, each
// problem one line naming the key (`audit.tokens[1].since: not a time …`). Paths are relative to
// the config file. Tokens come from environment variables it names, or as fingerprints: a raw
// token in the file is refused (the file is meant to be committed).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Node } from 'yaml';
import { yaml } from '../configs/yaml-tree.js';
import { InputError } from '../errors.js';
import { looksLikeRawToken } from '../shown-value.js';
import { parseForcedFormat } from '../pipeline/format.js';
import { type FailOn, parseFailOn } from '../severity.js';
import { requireZone } from '../time-flags.js';

/** A token as the config names it: an environment variable or a fingerprint, never the value. */
export type TokenRefSpec = { tokenEnv: string } | { fingerprint: string };

export interface AuditTokenSpec {
  token: TokenRefSpec;
  since?: string;
  until?: string;
  line: number;
}

/** A log source with its own format or time zone (`logs: [{ path: logs/nginx/, format: access-log, tz: Europe/Berlin }]`). */
export interface LogSourceSpec {
  path: string;
  format?: string;
  tz?: string;
}

export interface ReportConfig {
  file: string;
  dir: string;
  scan?: { paths: string[]; line: number };
  checkConfig?: { paths: string[]; environments: string[]; maxRotationAge?: string; line: number };
  audit?: { logs: string[]; sources: LogSourceSpec[]; format?: string; tz?: string; knownAgents?: string; tokens: AuditTokenSpec[]; line: number };
  rotation?: { logs: string[]; sources: LogSourceSpec[]; format?: string; tz?: string; old: TokenRefSpec; new: TokenRefSpec; quietPeriod?: string; line: number };
  failOn: FailOn;
  /** The line of each top-level section, for SARIF results about no file (a gap, a verdict). */
  lines: Record<string, number>;
}

const TOP_KEYS = ['scan', 'check-config', 'audit', 'rotation', 'fail-on'];

class ConfigProblem extends Error {}

export function loadReportConfig(file: string): ReportConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read the report config: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, file);
  }
  try {
    return parseReportConfig(text, file);
  } catch (error) {
    if (error instanceof ConfigProblem) throw new InputError(error.message, file);
    throw error;
  }
}

export function parseReportConfig(text: string, file: string): ReportConfig {
  const { isMap, isScalar, isSeq, LineCounter, parseDocument } = yaml();
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new ConfigProblem(`not valid YAML at line ${e.linePos?.[0]?.line ?? 1}: ${e.code}`);
  }
  const lineOf = (node: unknown): number => {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return range ? counter.linePos(range[0]).line : 1;
  };
  const fail = (key: string, what: string): never => {
    throw new ConfigProblem(`${key}: ${what}`);
  };
  const root = doc.contents;
  if (!isMap(root)) fail('(top level)', 'expected a mapping with scan, check-config, audit, rotation, fail-on');
  const map = (node: unknown, key: string): Map<string, Node> => {
    if (!isMap(node)) fail(key, 'expected a mapping');
    const out = new Map<string, Node>();
    for (const pair of (node as { items: Array<{ key: unknown; value: unknown }> }).items) {
      const k = isScalar(pair.key) ? String(pair.key.value) : '';
      out.set(k, pair.value as Node);
    }
    return out;
  };
  const only = (m: Map<string, Node>, key: string, allowed: readonly string[]): void => {
    for (const k of m.keys()) if (!allowed.includes(k)) fail(`${key}.${k}`, `unknown key (expected one of ${allowed.join(', ')})`);
  };
  /** A format id or an IANA zone is checked here, so a typo is one line naming the key, not a producer failing later. */
  const checked = (value: string | undefined, key: string, check: (v: string) => unknown): string | undefined => {
    if (value === undefined) return undefined;
    try {
      check(value);
    } catch (error) {
      fail(key, (error as Error).message.replace(/^--(?:input-format|tz) /, ''));
    }
    return value;
  };
  const formatId = (node: Node | undefined, key: string): string | undefined => checked(str(node, key), key, parseForcedFormat);
  const zoneName = (node: Node | undefined, key: string): string | undefined => checked(str(node, key), key, (v) => requireZone(v, '--tz'));
  const str = (node: Node | undefined, key: string): string | undefined => {
    if (node === undefined || (isScalar(node) && node.value === null)) return undefined;
    if (!isScalar(node) || (typeof node.value !== 'string' && typeof node.value !== 'number')) fail(key, 'expected a string');
    const value = String((node as { value: unknown }).value);
    if (looksLikeRawToken(value) && !/fingerprint$/.test(key)) fail(key, 'looks like a raw token; name an environment variable (token-env) or give a fingerprint');
    return value;
  };
  const strings = (node: Node | undefined, key: string): string[] => {
    if (node === undefined) return [];
    const items = isSeq(node) ? node.items : [node];
    return items.map((item, i) => str(item as Node, isSeq(node) ? `${key}[${i}]` : key)!);
  };
  const dir = path.dirname(path.resolve(file));
  const resolve = (p: string): string => path.resolve(dir, p);
  /** The token of a mapping whose other keys the caller checks. */
  const token = (m: Map<string, Node>, key: string): TokenRefSpec => {
    const env = str(m.get('token-env'), `${key}.token-env`);
    const fp = str(m.get('fingerprint'), `${key}.fingerprint`);
    if ((env === undefined) === (fp === undefined)) fail(key, 'give exactly one of token-env or fingerprint (never the raw token)');
    if (fp !== undefined && !/^(?:sha256:)?[0-9a-f]{8,64}$/i.test(fp) && !/^[A-Za-z0-9+/_-]{43}=?$/.test(fp)) fail(`${key}.fingerprint`, 'expected sha256:<8–64 hex digits> or a base64 SHA-256 digest');
    if (fp !== undefined && /^(?:sha256:)?[0-9a-f]{48}$/i.test(fp) && !fp.startsWith('sha256:')) fail(`${key}.fingerprint`, '48 hex digits is the shape of a raw gateway token, not of a fingerprint');
    return env !== undefined ? { tokenEnv: env } : { fingerprint: fp! };
  };

  const tokenMap = (node: Node | undefined, key: string): Map<string, Node> => {
    const m = map(node, key);
    only(m, key, ['fingerprint', 'token-env']);
    return m;
  };

  /** `logs:` entries: a path or glob, or a mapping with `path` and its own `format` and `tz`. */
  const logSources = (node: Node | undefined, key: string): { logs: string[]; sources: LogSourceSpec[] } => {
    const items = node === undefined ? [] : isSeq(node) ? node.items : [node];
    const logs: string[] = [];
    const sources: LogSourceSpec[] = [];
    items.forEach((item, i) => {
      const at = isSeq(node) ? `${key}[${i}]` : key;
      if (!isMap(item)) {
        logs.push(resolve(str(item as Node, at)!));
        return;
      }
      const m = map(item, at);
      only(m, at, ['path', 'format', 'tz']);
      const p = str(m.get('path'), `${at}.path`);
      if (p === undefined) fail(`${at}.path`, 'expected the path or glob of the log source');
      const source: LogSourceSpec = { path: resolve(p!) };
      const format = formatId(m.get('format'), `${at}.format`);
      const tz = zoneName(m.get('tz'), `${at}.tz`);
      if (format !== undefined) source.format = format;
      if (tz !== undefined) source.tz = tz;
      logs.push(source.path);
      if (format !== undefined || tz !== undefined) sources.push(source);
    });
    return { logs, sources };
  };

  const top = map(root, '(top level)');
  only(top, '(top level)', TOP_KEYS);
  const lines: Record<string, number> = {};
  for (const pair of (root as { items: Array<{ key: unknown }> }).items) lines[String((pair.key as { value: unknown }).value)] = lineOf(pair.key);
  const config: ReportConfig = { file, dir, failOn: 'high', lines };

  const failOnText = str(top.get('fail-on'), 'fail-on');
  if (failOnText !== undefined) {
    const failOn = parseFailOn(failOnText);
    if (failOn === undefined) fail('fail-on', 'expected critical, high, medium, low, info or none');
    config.failOn = failOn!;
  }
  if (top.has('scan')) {
    const m = map(top.get('scan'), 'scan');
    only(m, 'scan', ['paths']);
    const paths = strings(m.get('paths'), 'scan.paths');
    if (paths.length === 0) fail('scan.paths', 'expected at least one path');
    config.scan = { paths: paths.map(resolve), line: lines['scan']! };
  }
  if (top.has('check-config')) {
    const m = map(top.get('check-config'), 'check-config');
    only(m, 'check-config', ['paths', 'environments', 'max-rotation-age']);
    const paths = strings(m.get('paths'), 'check-config.paths');
    if (paths.length === 0) fail('check-config.paths', 'expected at least one path');
    const environments: string[] = [];
    if (m.has('environments')) for (const [glob, node] of map(m.get('environments'), 'check-config.environments')) environments.push(`${glob}=${str(node, `check-config.environments.${glob}`)}`);
    const maxRotationAge = str(m.get('max-rotation-age'), 'check-config.max-rotation-age');
    config.checkConfig = { paths: paths.map(resolve), environments, ...(maxRotationAge !== undefined ? { maxRotationAge } : {}), line: lines['check-config']! };
  }
  if (top.has('audit')) {
    const m = map(top.get('audit'), 'audit');
    only(m, 'audit', ['logs', 'format', 'tz', 'known-agents', 'tokens']);
    const { logs, sources } = logSources(m.get('logs'), 'audit.logs');
    if (logs.length === 0) fail('audit.logs', 'expected at least one path or glob');
    const tokensNode = m.get('tokens');
    if (!isSeq(tokensNode) || tokensNode.items.length === 0) fail('audit.tokens', 'expected a list of tokens (fingerprint or token-env, with since and until)');
    const tokens = (tokensNode as { items: Node[] }).items.map((item, i): AuditTokenSpec => {
      const key = `audit.tokens[${i}]`;
      const t = map(item, key);
      only(t, key, ['fingerprint', 'token-env', 'since', 'until']);
      const spec: AuditTokenSpec = { token: token(t, key), line: lineOf(item) };
      const since = str(t.get('since'), `${key}.since`);
      const until = str(t.get('until'), `${key}.until`);
      if (since !== undefined) spec.since = since;
      if (until !== undefined) spec.until = until;
      return spec;
    });
    const format = formatId(m.get('format'), 'audit.format');
    const tz = zoneName(m.get('tz'), 'audit.tz');
    const knownAgents = str(m.get('known-agents'), 'audit.known-agents');
    config.audit = { logs, sources, tokens, line: lines['audit']!, ...(format ? { format } : {}), ...(tz ? { tz } : {}), ...(knownAgents ? { knownAgents: resolve(knownAgents) } : {}) };
  }
  if (top.has('rotation')) {
    const m = map(top.get('rotation'), 'rotation');
    only(m, 'rotation', ['logs', 'old', 'new', 'quiet-period', 'format', 'tz']);
    const { logs, sources } = logSources(m.get('logs'), 'rotation.logs');
    if (logs.length === 0) fail('rotation.logs', 'expected at least one path or glob');
    const quietPeriod = str(m.get('quiet-period'), 'rotation.quiet-period');
    const format = formatId(m.get('format'), 'rotation.format');
    const tz = zoneName(m.get('tz'), 'rotation.tz');
    config.rotation = {
      logs,
      sources,
      old: token(tokenMap(m.get('old'), 'rotation.old'), 'rotation.old'),
      new: token(tokenMap(m.get('new'), 'rotation.new'), 'rotation.new'),
      line: lines['rotation']!,
      ...(quietPeriod ? { quietPeriod } : {}),
      ...(format ? { format } : {}),
      ...(tz ? { tz } : {}),
    };
  }
  if (!config.scan && !config.checkConfig && !config.audit && !config.rotation) fail('(top level)', 'nothing to run: give at least one of scan, check-config, audit, rotation');
  return config;
}
