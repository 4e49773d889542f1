// commander wiring only: each subcommand comes from its own commandX(program) factory.
import { existsSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { commandAudit } from './commands/audit.js';
import { commandCheckConfig } from './commands/check-config.js';
import { commandFingerprint } from './commands/fingerprint.js';
import { commandMask } from './commands/mask.js';
import { commandMerge } from './commands/merge.js';
import { guardStderr, guardText, warn } from './commands/output.js';
import { commandReport } from './commands/report.js';
import { commandRotation } from './commands/rotation.js';
import { commandScan } from './commands/scan.js';
import { refuseTokenShapedArgv } from './commands/token-options.js';
import { isKnownError } from './errors.js';
import { offerStagedDiff } from './sources/git-staged.js';
import type { StartedDiff } from './sources/staged-diff.js';
import { TokenMatcher } from './token.js';
import { VERSION } from './version.js';

/** Every subcommand by name, in the order --help lists them: its commands/ file adds it to the program. */
export const COMMANDS: ReadonlyArray<readonly [name: string, add: (program: Command, setExit: (code: number) => void) => void]> = [
  ['audit', commandAudit],
  ['fingerprint', commandFingerprint],
  ['scan', commandScan],
  ['mask', commandMask],
  ['check-config', commandCheckConfig],
  ['rotation', commandRotation],
  ['merge', commandMerge],
  // The report runs the other commands in-process, each through a fresh program as the bin would.
  ['report', (program, setExit) => commandReport(program, setExit, runNested)],
];

/**
 * Every command and option; `setExit` receives a finished command's exit code. Given the command
 * line, a program for it alone when it names a command first (`clawprint scan --staged`, the
 * pre-commit hook's): commander's set-up of the seven others cost every start 2-5 ms of CPU and
 * ~50 fresh pages, each a page fault (docs/performance.md, Start-up). Anything else (--help,
 * `help <command>`, a mistyped name, which commander answers with the names it knows) gets them
 * all; `--version` first, none. A command's parsing, help and errors do not depend on its
 * siblings: commander suggests options from the command and its parents only.
 */
export function createProgram(setExit: (code: number) => void, argv?: readonly string[]): Command {
  const program = new Command('clawprint')
    .description('Audit OpenClaw gateway tokens: find their use in logs and their leaks in files.')
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    // commander quotes what was typed (an unknown option): guarded like every other stderr line.
    .configureOutput({ outputError: (str, write) => write(`clawprint: ${guardText(str.replace(/^error: /, ''))}`) });
  for (const [, add] of commandsFor(argv)) add(program, setExit);
  return program;
}

/** The commands a command line needs: all unless it names one first; none when it asks for the version first. */
function commandsFor(argv: readonly string[] | undefined): typeof COMMANDS {
  if (argv === undefined) return COMMANDS;
  // commander answers the version as it reads the option, before any command or other option.
  if (argv[2] === '--version' || argv[2] === '-V') return [];
  const named = COMMANDS.find(([name]) => name === argv[2]);
  return named === undefined ? COMMANDS : [named];
}

/** What a shell reports for a program whose reader went away (`yes | head`): 128 + SIGPIPE. */
export const EXIT_READER_GONE = 141;

/**
 * stdout is the report (docs/product.md §9). When its reader goes away (`| head -1`) the run ends as SIGPIPE
 * ends any Unix filter: quietly, with the code the shell expects (Node ignores SIGPIPE and reports
 * EPIPE instead). Any other failure to write it (`> /dev/full`) is one line and exit 2.
 */
function onStdoutError(error: NodeJS.ErrnoException): void {
  if (error.code === 'EPIPE') process.exit(EXIT_READER_GONE);
  process.stderr.write(`clawprint: cannot write the report to standard output: ${error.code ?? 'error'}\n`);
  process.exit(2);
}

/** A command run from inside another (the report's producers): the same parsing and errors as main. */
async function runNested(argv: readonly string[]): Promise<number> {
  let exitCode = 0;
  const program = createProgram((code) => {
    exitCode = code;
  }, argv);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (isKnownError(error)) {
      warn(`${argv[2]}: ${error.message}`);
      return error.exitCode;
    }
    throw error;
  }
  return exitCode;
}

/**
 * The bin's entry. `stagedDiff`: the `git diff --cached` the bin started before loading the CLI
 * (sources/staged-diff.ts), which `scan --staged` uses if it was started for its own arguments.
 */
export async function main(argv: readonly string[], stagedDiff?: StartedDiff): Promise<number> {
  process.stdout.on('error', onStdoutError);
  offerStagedDiff(stagedDiff);
  // A run knows no token until its command reads one (tests run main many times in one process).
  guardStderr(new TokenMatcher([]));
  let exitCode = 0;
  const program = createProgram((code) => {
    exitCode = code;
  }, argv);
  try {
    // Before commander reads argv: a token pasted into any argument is refused without being echoed.
    const command = program.commands.find((c) => c.name() === argv[2]);
    const valueFlags = new Set(command?.options.filter((o) => o.required || o.optional).flatMap((o) => (o.long ? [o.long] : [])) ?? []);
    refuseTokenShapedArgv(argv.slice(2), valueFlags, existsSync);
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (isKnownError(error)) {
      warn(error.message);
      return error.exitCode;
    }
    throw error;
  }
  return exitCode;
}
