#!/usr/bin/env node
// `npm pack` / `npm publish` hooks: the package.json inside the tarball has no `prepare` script.
//
// `prepare` builds dist/ where there is none: a git checkout, which is how the pre-commit
// framework and `npm i -g github:…` install clawprint. The tarball already holds the built
// dist/src/cli.bundle.js, so for a user installing it `prepare` would be a script that never runs
// (npm runs `prepare` only for directories and git) yet still makes npm 11 warn about "install
// scripts not yet covered by allowScripts". The same pattern as pinst: prepack takes the script
// out, postpack puts the original bytes back.
//
//   node scripts/pack-manifest.mjs strip     (prepack, after a fresh build: a tarball never ships a stale dist)
//   node scripts/pack-manifest.mjs restore   (postpack)
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const manifest = path.join(root, 'package.json');
const backup = path.join(root, 'package.json.before-pack');

function fail(message) {
  process.stderr.write(`pack-manifest: ${message}\n`);
  process.exit(1);
}

const step = process.argv[2];
if (step === 'strip') {
  // A backup left by a pack that failed half-way holds the real manifest: never overwrite it.
  if (existsSync(backup)) fail(`${backup} exists (an earlier npm pack stopped half-way): move it back to package.json first`);
  const text = readFileSync(manifest, 'utf8');
  const pkg = JSON.parse(text);
  writeFileSync(backup, text);
  delete pkg.scripts.prepare;
  writeFileSync(manifest, JSON.stringify(pkg, null, 2) + '\n');
} else if (step === 'restore') {
  if (!existsSync(backup)) fail(`no ${backup} to restore`);
  renameSync(backup, manifest);
} else {
  fail('usage: pack-manifest.mjs strip|restore');
}
