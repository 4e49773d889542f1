#!/usr/bin/env node
// Runs every compiled test file under dist/test with Node's test runner. Fails when none exist,
// so `npm test` can never pass having run nothing.
import { readdirSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

function find(dir) {
  let out = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out = out.concat(find(full));
    else if (name.endsWith('.test.js')) out.push(full);
  }
  return out;
}

const root = path.join('dist', 'test');
const files = find(root).sort();
const only = process.argv.slice(2);
const selected = only.length ? files.filter((f) => only.some((o) => f.includes(o))) : files;
if (selected.length === 0) {
  console.error(`run-tests: no test files found under ${root}`);
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...selected], { stdio: 'inherit' });
process.exit(result.status ?? 1);
