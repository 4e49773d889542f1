#!/usr/bin/env node
// Bundles the compiled CLI (dist/src/cli.js and the ~100 modules it imports) into one file that
// bin/clawprint.js loads: resolving and compiling each ES module on every start cost ~40 ms of a
// 130 ms `clawprint --version`, and a pre-commit hook starts clawprint on every commit. Packages
// stay external (node_modules, some loaded only when needed). Run by `npm run build` after tsc;
// the tests import the modules themselves and run the CLI through the bundle.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

await build({
  entryPoints: [path.join(root, 'dist', 'src', 'cli.js')],
  // Next to cli.js: version.ts finds package.json relative to its own module URL.
  outfile: path.join(root, 'dist', 'src', 'cli.bundle.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
