// check-config's reading stage: each input file through the reader its name (or, for a file named
// on the command line, its content) picks, plus the env files units point at. Config files are
// small and structured, so each is read whole, up to MAX_CONFIG_BYTES.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { type ConfigFileKind, type ConfigSetting, ConfigSyntaxError } from '../configs/config-file.js';
import { CONFIG_READERS, mayHoldGatewaySecret, readConfigText, readerFor } from '../configs/index.js';
import { displayPath } from '../sources/glob.js';
import type { Input, InputIssue } from '../sources/input.js';
import { newCoverage, type InputCoverage } from './coverage.js';

const ENV_FILE_READER = CONFIG_READERS.find((r) => r.kind === 'env-file')!;

/** A config file larger than this is not a config file: said, not read. */
export const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

/** OpenClaw's own file names: a parse error in one of these hides the gateway's settings (exit 2). */
const OWN_KINDS: ReadonlySet<ConfigFileKind> = new Set(['gateway-yaml', 'agent-yaml', 'openclaw-json', 'env-file', 'systemd-unit', 'launchd-plist']);

export interface ConfigInput extends Input {
  /** Named on the command line: read whatever its name, by content. */
  named: boolean;
}

export interface ConfigRunResult {
  settings: ConfigSetting[];
  coverage: InputCoverage[];
  /** Problems that make the result incomplete (exit 2): unreadable inputs, broken OpenClaw configs. */
  failed: boolean;
  /** Display path → absolute path, for the facts the rules ask about. */
  absolute: Map<string, string>;
}

type Loaded = { text: string } | { issue: InputIssue };

function load(absolute: string, shown: string): Loaded {
  let fd: number | undefined;
  try {
    fd = openSync(absolute, 'r');
    const info = fstatSync(fd);
    if (!info.isFile()) return { issue: { path: shown, kind: 'unreadable', message: 'not a regular file' } };
    if (info.size > MAX_CONFIG_BYTES) return { issue: { path: shown, kind: 'unreadable', message: `larger than ${MAX_CONFIG_BYTES / 1024 / 1024} MiB, not read as a config file` } };
    const buf = Buffer.alloc(info.size);
    let off = 0;
    while (off < buf.length) {
      const n = readSync(fd, buf, off, buf.length - off, off);
      if (n === 0) break;
      off += n;
    }
    const bytes = buf.subarray(0, off);
    if (bytes.includes(0)) return { issue: { path: shown, kind: 'binary', message: 'binary file skipped' } };
    return { text: bytes.toString('utf8').replace(/^\uFEFF/, '').replace(/\r\n/g, '\n') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { issue: { path: shown, kind: code === 'ENOENT' ? 'not-found' : 'unreadable', message: code === 'ENOENT' ? 'no such file' : `cannot read: ${code ?? 'error'}` } };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function runConfigRead(inputs: readonly ConfigInput[], warn: (issue: InputIssue) => void, onInput?: (path: string, bytes: number) => void): ConfigRunResult {
  const result: ConfigRunResult = { settings: [], coverage: [], failed: false, absolute: new Map() };
  const seen = new Set<string>();

  /** `unit`: an EnvironmentFile= of a unit, often a path on another machine: missing is a warning. */
  const readOne = (absolute: string, shown: string, origin: 'named' | 'walked' | 'unit', forced?: ConfigFileKind): void => {
    if (seen.has(absolute)) return;
    seen.add(absolute);
    const named = origin === 'named';
    const loaded = load(absolute, shown);
    if ('issue' in loaded) {
      const { issue } = loaded;
      if (issue.kind === 'binary' && !named) return;
      warn(origin === 'unit' ? { ...issue, message: `EnvironmentFile= ${issue.message}; its settings were not checked` } : issue);
      if (issue.kind !== 'binary' && !(origin === 'unit' && issue.kind === 'not-found')) result.failed = true;
      return;
    }
    const { text } = loaded;
    onInput?.(shown, text.length);
    const reader = forced === undefined ? readerFor(absolute, named ? text : undefined) : undefined;
    const kind = forced ?? reader?.kind;
    if (kind === undefined || !mayHoldGatewaySecret(text)) return;
    const cov = newCoverage(shown, 'none', kind);
    cov.bytes = Buffer.byteLength(text);
    cov.lines = text.length === 0 ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    cov.examined = cov.lines;
    result.coverage.push(cov);
    result.absolute.set(shown, absolute);
    try {
      const read = readConfigText(forced === 'env-file' ? ENV_FILE_READER : reader!, text, shown);
      cov.events = read.settings.length;
      result.settings.push(...read.settings);
      for (const ref of read.environmentFiles ?? []) {
        const target = path.resolve(path.dirname(absolute), ref.file);
        readOne(target, displayPath(target), 'unit', 'env-file');
      }
    } catch (error) {
      if (!(error instanceof ConfigSyntaxError)) throw error;
      const issue: InputIssue = { path: shown, kind: 'unreadable', line: error.line, message: `${error.message}; its settings were not checked` };
      cov.issues.push(issue);
      cov.unparsed = 1;
      warn(issue);
      if (named || OWN_KINDS.has(kind)) result.failed = true;
    }
  };

  for (const input of inputs) {
    if (input.absolutePath === undefined) continue;
    readOne(input.absolutePath, input.path, input.named ? 'named' : 'walked');
  }
  return result;
}
