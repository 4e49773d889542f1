#!/usr/bin/env node
// Bundles the compiled CLI (dist/src/cli.js and the ~100 modules it imports) into one file that
// bin/clawprint.js loads: resolving and compiling each ES module on every start cost ~40 ms of a
// 130 ms `clawprint --version`, and a pre-commit hook starts clawprint on every commit. Packages
// stay external (node_modules, some loaded only when needed), except commander (below). Run by `npm run build` after tsc;
// the tests import the modules themselves and run the CLI through the bundle.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { dependencies } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

await build({
  entryPoints: [path.join(root, 'dist', 'src', 'cli.js')],
  // Next to cli.js: version.ts finds package.json relative to its own module URL.
  outfile: path.join(root, 'dist', 'src', 'cli.bundle.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // commander is in the bundle: every run uses it, and loading it as a CommonJS package cost
  // ~16 ms of CPU at each start (the CommonJS loader and its export scan; docs/performance.md).
  // Its `require('node:events')` and the like need a real `require` in an ES module.
  external: Object.keys(dependencies).filter((name) => name !== 'commander'),
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module';\nconst require = __bundleRequire(import.meta.url);" },
  logLevel: 'warning',
});
