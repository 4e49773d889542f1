// fs.stat as a promise of the Stats or the error, with the same code and message node:fs/promises
// gives (compared for ENOENT, ENOTDIR, ELOOP, ENAMETOOLONG): loading node:fs/promises, with the
// readline modules it loads, cost 3-4 ms of every audit's start for the one stat of each argument
// (issue 8, docs/performance.md).
import { type Stats, stat } from 'node:fs';

export const statOrError = (file: string): Promise<Stats | NodeJS.ErrnoException> =>
  new Promise((resolve) => stat(file, (error, info) => resolve(error ?? info)));
