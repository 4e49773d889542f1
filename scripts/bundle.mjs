#!/usr/bin/env node
// Bundles the compiled CLI (dist/src/cli.js and the ~100 modules it imports) into one file that
// bin/clawprint.js loads: resolving and compiling each ES module on every start cost ~40 ms of a
// 130 ms `clawprint --version`, and a pre-commit hook starts clawprint on every commit. Packages
// stay external (node_modules, some loaded only when needed), except commander (below). Run by
// `npm run build` after tsc; the tests import the modules themselves and run the CLI through the
// bundle. What each choice saves at start-up is in docs/performance.md (Start-up).
import { createHash } from 'node:crypto';
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { dependencies } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
// Next to cli.js: version.ts finds package.json relative to its own module URL.
const outfile = path.join(root, 'dist', 'src', 'cli.bundle.cjs');

// Built-in modules the bundle reaches only on some paths (gzip and loose git objects, archives, a
// prompt, git, the report's temporary files): loaded at their first use, not at every start (~4 ms
// of a pre-commit run). A named import compiles to `import_x.name` at each use, so an object that loads the module
// on its first property read serves it; a default or namespace import (`__toESM`) would copy every
// property at once, so the build refuses one.
const LAZY_BUILTINS = ['node:child_process', 'node:crypto', 'node:fs/promises', 'node:net', 'node:os', 'node:readline', 'node:zlib'];

const result = await build({
  entryPoints: [path.join(root, 'dist', 'src', 'cli.js')],
  outfile,
  bundle: true,
  platform: 'node',
  // CommonJS, so bin/load-bundle.js can compile it as a vm.Script with V8's code cache (Node 20
  // has no code cache for ES modules). import.meta.url becomes the bundle's own file URL.
  // (The file is the module's body in Node's wrapper, a function expression: see below.)
  format: 'cjs',
  target: 'node20',
  define: { 'import.meta.url': '__bundleUrl' },
  // commander is in the bundle: every run uses it, and loading it as a CommonJS package cost
  // ~16 ms of CPU at each start (the CommonJS loader and its export scan; docs/performance.md).
  external: Object.keys(dependencies).filter((name) => name !== 'commander'),
  // A single non-ASCII character makes the whole 700 KB source a two-byte string: slower to
  // decode from UTF-8 (~5 ms) and to compile. Strings are escaped here; the rest below.
  charset: 'ascii',
  logLevel: 'warning',
  write: false,
});

const STRICT = '"use strict";\n';
let code = result.outputFiles[0].text;
if (!code.startsWith(STRICT)) throw new Error('bundle: esbuild output does not start with "use strict"');
// After the directive, which must come first: ES modules are strict, and so is their bundle.
code = [
  STRICT.trimEnd(),
  'var __bundleUrl = require("node:url").pathToFileURL(__filename).href;',
  'var __lazyBuiltin = (id) => { let m; return new Proxy({}, { get: (_, key) => (m ??= require(id))[key] }); };',
  code.slice(STRICT.length),
].join('\n');
for (const id of LAZY_BUILTINS) {
  const call = `require(${JSON.stringify(id)})`;
  if (code.includes(`__toESM(${call}`)) throw new Error(`bundle: ${id} is imported whole (default or namespace import); it cannot be loaded lazily`);
  code = code.split(call).join(`__lazyBuiltin(${JSON.stringify(id)})`);
}
// A module's `createRequire(import.meta.url)` (the packages loaded when first needed) is, in the
// bundle, a require from the bundle's own file: the `require` bin/load-bundle.js gives it. Six such
// calls at load, each a new Module and its search paths, and node:module required for them (Node
// builds that built-in's public face on its first require from outside): ~1.7 ms of every start
// (issue 8, docs/performance.md, Start-up).
code = code.replace(/\(0, (import_node_module\d*)\.createRequire\)\(__bundleUrl\)/g, 'require');
code = code.replace(/^var (import_node_module\d*) = require\("node:module"\);\n/gm, (line, name) => (new RegExp(`\\b${name}\\b`).test(code.replace(line, '')) ? line : ''));
if (code.includes('require("node:module")')) throw new Error('bundle: node:module is required for more than createRequire(import.meta.url); see scripts/bundle.mjs');
// What esbuild leaves as written: comments, regular expression literals, raw templates. An escape
// means the same character in a comment and in a regular expression, not in a raw template
// (String.raw keeps the backslash): write those as \u escapes in the source.
const lines = code.split('\n');
lines.forEach((line, i) => {
  if (/[^\x00-\x7f]/.test(line) && /String\.raw`/.test(line)) throw new Error(`bundle line ${i + 1}: non-ASCII character in a String.raw template; write it as a \\u escape in the source`);
});
code = code.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

// Wrapped here in Node's CommonJS function wrapper, which bin/load-bundle.js compiles as is: a
// wrapper added at each start made V8 copy the 700 KB source into one flat string first.
code = `(function (exports, require, module, __filename, __dirname) {${code}\n})`;
// First line: the digest bin/load-bundle.js keys its code cache with (npm gives every installed
// file the same mtime, so a new version of the same size must not pass for the old one).
const digest = createHash('sha256').update(code).digest('hex');
writeFileSync(outfile, `// clawprint bundle sha256:${digest}\n${code}`);

// The staged diff alone (src/sources/staged-diff.ts, ~2 KB), which bin/clawprint.js loads and
// starts for `scan --staged` before it loads the CLI above, so git runs while the CLI compiles
// (docs/performance.md, Start-up). Plain CommonJS, loaded by Node's own require.
await build({
  entryPoints: [path.join(root, 'dist', 'src', 'sources', 'staged-diff.js')],
  outfile: path.join(root, 'dist', 'src', 'staged-diff.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  charset: 'ascii',
  logLevel: 'warning',
});
