// `clawprint fingerprint`: the one-way forms of a token, so a team can search for it elsewhere
// without handling the raw value again (docs/product.md §1). Never prints a reversible form.
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { InterruptedError, UsageError } from '../errors.js';
import { shownValue } from '../shown-value.js';
import { oneWayForms } from '../token.js';
import { warn } from './output.js';
import { readFirstLine } from '../sources/first-line.js';
import { readTokenSpecs } from './token-options.js';

interface FingerprintFlags {
  tokenEnv?: string;
  tokenFile?: string;
  tokenStdin?: boolean;
  format: string;
}

/**
 * Reads a line from the terminal with echo off (readline; the only place it fits). Ctrl-D before
 * any input closes the prompt: no token, a usage error. Ctrl-C (readline's SIGINT in raw mode)
 * interrupts: exit 130. Without these the promise never settled and Node exited 13.
 */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    let settled = false;
    const settle = (then: () => void): void => {
      if (settled) return;
      settled = true;
      rl.close();
      process.stderr.write('\n');
      then();
    };
    const writer = rl as unknown as { _writeToOutput: (s: string) => void };
    writer._writeToOutput = (s: string) => {
      if (s.startsWith(question)) process.stderr.write(question);
    };
    rl.on('SIGINT', () => settle(() => reject(new InterruptedError())));
    rl.on('close', () => settle(() => reject(new UsageError('no token entered at the prompt (end of input)'))));
    rl.question(question, (answer) => settle(() => resolve(answer)));
  });
}

export function commandFingerprint(program: Command, setExit: (code: number) => void): void {
  program
    .command('fingerprint')
    .description('print the one-way forms of a token (read from env, file, stdin, or a hidden prompt)')
    .option('--token-env <name>', 'read the token from environment variable <name>')
    .option('--token-file <path>', 'read the token from the first line of <path>')
    .option('--token-stdin', 'read the token from standard input (the default; a hidden prompt on a terminal)')
    .option('--format <format>', 'text or json', 'text')
    .action(async (flags: FingerprintFlags) => {
      if (flags.format !== 'text' && flags.format !== 'json') throw new UsageError(`--format must be text or json: ${shownValue(flags.format)}`);
      // No flag means stdin, as --token-stdin says explicitly (the flag every other command takes).
      const tty = process.stdin.isTTY === true;
      const readStdin = (): Promise<string> => (tty ? promptHidden('Gateway token (input hidden): ') : readFirstLine(process.stdin, 'standard input'));
      const fromStdin = flags.tokenEnv === undefined && flags.tokenFile === undefined;
      // The prompt is not "standard input" to the person typing at it.
      const said = (message: string): string => (tty && fromStdin ? message.replace('standard input', 'the prompt') : message);
      const io = { env: process.env, readStdin, warn: (message: string) => warn(said(message)), judgeEntropy: true };
      const [spec] = await readTokenSpecs(fromStdin ? { tokenStdin: true } : flags, io, 'token', false).catch((error: unknown) => {
        throw error instanceof UsageError ? new UsageError(said(error.message)) : error;
      });
      const raw = spec !== undefined && 'raw' in spec ? spec.raw : '';
      const forms = oneWayForms(raw);
      if (flags.format === 'json') {
        process.stdout.write(JSON.stringify(forms, null, 2) + '\n');
      } else {
        const rows: Array<[string, string]> = [
          ['fingerprint', forms.fingerprint],
          ['sha256', forms.sha256],
          ['sha256 base64', forms.sha256Base64],
          ['sha256 base64url', forms.sha256Base64Url],
          ['issuer generation', forms.issuerGeneration],
          ['sha1 (detect-secrets)', forms.sha1],
          ['openclaw mask', forms.mask],
        ];
        process.stdout.write(rows.map(([k, v]) => `${k.padEnd(22)}${v}`).join('\n') + '\n');
      }
      setExit(0);
    });
}
