// How a command receives a token (docs/product.md §1): from an environment variable, a file, stdin, or as a
// fingerprint. Never as a raw value in argv, which `ps` and shell history would show.
import type { Command } from 'commander';
import { InputError, UsageError } from '../errors.js';
import { holdsRawToken, looksLikeRawToken, shownValue } from '../shown-value.js';
import { readFirstLineOfFile } from '../sources/first-line.js';
import { estimateEntropyBytes, type TokenSpec, validateRawToken } from '../token.js';

export interface TokenFlags {
  tokenEnv?: string;
  tokenFile?: string;
  tokenStdin?: boolean;
  fingerprint?: string[];
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** `prefix` is '' for the exposed token, or `old-` / `new-` for rotation. */
export function addTokenOptions(cmd: Command, prefix = '', what = 'the exposed token'): Command {
  const p = prefix === '' ? '' : prefix;
  cmd
    .option(`--${p}token-env <name>`, `read ${what} from environment variable <name>`)
    .option(`--${p}token-file <path>`, `read ${what} from the first line of <path>`);
  if (prefix === '') cmd.option('--token-stdin', `read ${what} from standard input`);
  cmd.option(`--${p}fingerprint <fp>`, `${what} as a fingerprint only (sha256:<hex>, hex prefix, or base64 digest); repeatable`, collect);
  return cmd;
}

export interface TokenIO {
  env: NodeJS.ProcessEnv;
  /** The first line of stdin, bounded (sources/first-line.ts): a token is one short line. */
  readStdin: () => Promise<string>;
  warn: (message: string) => void;
  /**
   * Warn when the token is weak (under 32 bytes of entropy). Only `fingerprint` asks: OpenClaw's own
   * default 48-hex tokens carry 24 bytes, so audit, scan and mask would say it on every run about a
   * token they only match, where it tells nobody anything new.
   */
  judgeEntropy?: boolean;
}

/**
 * Reads the token(s) the flags name: at most one raw token (env, file or stdin), plus any number of
 * `--fingerprint`s. None at all is allowed when `optional`. In an incident the team often holds
 * one leaked token itself and only the fingerprint of another (the secondary slot, or a token that
 * leaked later); refusing the mix would make them put a second raw token on disk for nothing.
 */
export async function readTokenSpecs(flags: TokenFlags, io: TokenIO, label: string, optional: boolean, flagPrefix = ''): Promise<TokenSpec[]> {
  const rawSources = [flags.tokenEnv !== undefined, flags.tokenFile !== undefined, flags.tokenStdin === true].filter(Boolean).length;
  const fingerprints = flags.fingerprint ?? [];
  const rawNames = `--${flagPrefix}token-env, --${flagPrefix}token-file${flagPrefix === '' ? ' or --token-stdin' : ''}`;
  if (rawSources > 1) throw new UsageError(`give the raw token one way only: ${rawNames}`);
  if (rawSources === 0 && fingerprints.length === 0) {
    if (optional) return [];
    throw new UsageError(`a token is required: ${rawNames}, or --${flagPrefix}fingerprint (never the raw token on the command line)`);
  }
  const specs: TokenSpec[] = fingerprints.map((fp) => {
    // 48 hex digits is the shape of an OpenClaw gateway token, not of a fingerprint prefix.
    if (/^[0-9a-fA-F]{48}$/.test(fp.trim())) {
      throw new UsageError(`--${flagPrefix}fingerprint got a 48-digit hex value, which is the shape of a raw gateway token; pass the token with --${flagPrefix}token-env or --${flagPrefix}token-file instead (and rotate it if it was typed on a shared machine)`);
    }
    return { label, fingerprint: fp };
  });
  if (rawSources === 0) return specs;
  let raw: string;
  let where: string;
  if (flags.tokenEnv !== undefined) {
    where = `environment variable ${shownValue(flags.tokenEnv, false)}`;
    const value = io.env[flags.tokenEnv];
    if (value === undefined) throw new UsageError(`${where} is not set`);
    raw = value.trim();
  } else if (flags.tokenFile !== undefined) {
    where = `token file`;
    try {
      raw = readFirstLineOfFile(flags.tokenFile, 'the token file').trim();
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new InputError(`cannot read the token file: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, flags.tokenFile);
    }
  } else {
    where = 'standard input';
    raw = (await io.readStdin()).trim();
  }
  validateRawToken(raw, where);
  const entropy = io.judgeEntropy === true ? estimateEntropyBytes(raw) : Infinity;
  if (entropy < 32) io.warn(`warning: the token from ${where} carries about ${Math.floor(entropy)} bytes of entropy (< 32; OpenClaw's default 48-hex tokens carry 24, \`openssl rand -hex 32\` gives 32)`);
  return [{ label, raw }, ...specs];
}

const REFUSAL = 'tokens are never taken from the command line: use --token-env, --token-file or --token-stdin (and rotate a token typed into a shell)';

/**
 * Refuses any argument, option value or positional, that looks like a raw token and is not an
 * existing file, before anything else can echo it (an unknown command, a bad --since). The message
 * names the option, never the value. `--fingerprint` values are checked by readTokenSpecs: a full
 * SHA-256 hex or base64 digest is token-shaped and legitimate there.
 */
export function refuseTokenShapedArgv(args: readonly string[], valueFlags: ReadonlySet<string>, exists: (path: string) => boolean): void {
  let afterDashes = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    let flag: string | undefined;
    let value = arg;
    if (!afterDashes && arg === '--') {
      afterDashes = true;
      continue;
    }
    if (!afterDashes && arg.startsWith('--') && arg.includes('=')) {
      flag = arg.slice(0, arg.indexOf('='));
      value = arg.slice(arg.indexOf('=') + 1);
    } else if (!afterDashes && i > 0 && valueFlags.has(args[i - 1]!)) {
      flag = args[i - 1]!;
    }
    if (flag?.endsWith('fingerprint') || !holdsRawToken(value) || exists(value)) continue;
    const what = looksLikeRawToken(value) ? 'looks like a raw token' : 'holds something that looks like a raw token';
    throw new UsageError(`${flag === undefined ? 'an argument' : `the value of ${flag}`} ${what} (not shown); ${REFUSAL}`);
  }
}
