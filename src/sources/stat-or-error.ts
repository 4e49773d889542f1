// A synchronous stat, its Stats or its error handed as a promise, with the same code and message node:fs/promises
// gives (compared for ENOENT, ENOTDIR, ELOOP, ENAMETOOLONG): loading node:fs/promises, with the
// readline modules it loads, cost 3-4 ms of every audit's start for the one stat of each argument
// (issue 8, docs/performance.md). The stat itself is synchronous: fs.stat's callback made libuv
// start its thread pool (four threads) for this one call, ~1.1 ms of every audit and scan (nothing
// else a run does uses the pool: every read is synchronous); the error is the same object.
import { type Stats, statSync } from 'node:fs';

export const statOrError = (file: string): Promise<Stats | NodeJS.ErrnoException> => {
  try {
    return Promise.resolve(statSync(file));
  } catch (error) {
    return Promise.resolve(error as NodeJS.ErrnoException);
  }
};
