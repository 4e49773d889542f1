// commander wiring only: each subcommand comes from its own commandX(program) factory.
import { Command, CommanderError } from 'commander';
import { commandAudit } from './commands/audit.js';
import { commandFingerprint } from './commands/fingerprint.js';
import { commandMask } from './commands/mask.js';
import { commandScan } from './commands/scan.js';
import { isKnownError } from './errors.js';
import { VERSION } from './version.js';

export async function main(argv: readonly string[]): Promise<number> {
  let exitCode = 0;
  const setExit = (code: number): void => {
    exitCode = code;
  };
  const program = new Command('clawprint')
    .description('Audit OpenClaw gateway tokens: find their use in logs and their leaks in files.')
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ outputError: (str, write) => write(`clawprint: ${str.replace(/^error: /, '')}`) });
  commandAudit(program, setExit);
  commandFingerprint(program, setExit);
  commandScan(program, setExit);
  commandMask(program, setExit);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (isKnownError(error)) {
      process.stderr.write(`clawprint: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
  return exitCode;
}
