// `clawprint mask`: a stream filter for CI (docs/product.md §5). `some-step 2>&1 | clawprint mask --token-env
// NAME` copies stdin to stdout, each secret replaced by its fingerprint, each line as it arrives.
import type { Command } from 'commander';
import { SCAN_DETECTORS } from '../detectors/index.js';
import { UsageError } from '../errors.js';
import { LineMasker, maskChunks } from '../pipeline/mask-lines.js';
import { TokenMatcher } from '../token.js';
import { guardStderr, warn } from './output.js';
import { addTokenOptions, readTokenSpecs, type TokenFlags } from './token-options.js';

export function commandMask(program: Command, setExit: (code: number) => void): void {
  const cmd = program
    .command('mask')
    .description('stream filter for CI logs: copy stdin to stdout with the exposed token (every form) and every gateway token literal replaced by its fingerprint');
  addTokenOptions(cmd, '', 'the token to mask');
  // stdin carries the log here; the flag stays known only to be refused with a clear message.
  cmd.options.find((o) => o.long === '--token-stdin')?.hideHelp();
  cmd.action(async (flags: TokenFlags) => {
    setExit(await mask(flags));
  });
}

async function mask(flags: TokenFlags): Promise<number> {
  if (flags.tokenStdin) throw new UsageError('mask reads the log from stdin, so the token cannot come from there: use --token-env or --token-file');
  // No token at all is allowed: gateway token literals (`OPENCLAW_GATEWAY_TOKEN=…`) are still masked.
  const specs = await readTokenSpecs(flags, { env: process.env, readStdin: () => Promise.resolve(''), warn }, 'exposed', true);
  const tokens = new TokenMatcher(specs);
  guardStderr(tokens);
  const masker = new LineMasker(tokens, [SCAN_DETECTORS['gateway-token-literal'], SCAN_DETECTORS['exposed-token']]);
  // A reader that goes away (`| head`) ends the process in cli.ts, as SIGPIPE ends cat.
  for await (const out of maskChunks(process.stdin as AsyncIterable<Buffer>, masker)) {
    // Written per input chunk: lines reach the CI log as the step prints them.
    if (!process.stdout.write(out)) await new Promise((resolve) => process.stdout.once('drain', resolve));
  }
  return 0;
}
