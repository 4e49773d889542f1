import { readFileSync } from 'node:fs';

/** Read from package.json at run time so `--version`, JSON and SARIF always agree with the package. */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
