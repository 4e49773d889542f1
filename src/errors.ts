import { shownValue } from './shown-value.js';

/** A mistake in how clawprint was called: wrong flags, bad values. Exit code 2, one line. */
export class UsageError extends Error {
  readonly exitCode = 2;
  override readonly name = 'UsageError';
}

/** An input that cannot be read at all (missing file, unreadable token file). Exit code 2, one line. */
export class InputError extends Error {
  readonly exitCode = 2;
  override readonly name = 'InputError';
  constructor(message: string, readonly path?: string) {
    // The path was typed by someone, and a token pasted into a path flag must not come back.
    super(path === undefined ? message : `${message} (${shownValue(path, false)})`);
  }
}

/** The user pressed Ctrl-C at a prompt: exit 130 (128 + SIGINT), as a shell reports it. */
export class InterruptedError extends Error {
  readonly exitCode = 130;
  override readonly name = 'InterruptedError';
  constructor() {
    super('interrupted');
  }
}

export function isKnownError(error: unknown): error is UsageError | InputError | InterruptedError {
  return error instanceof UsageError || error instanceof InputError || error instanceof InterruptedError;
}
