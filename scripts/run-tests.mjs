#!/usr/bin/env node
// Runs the compiled test files under dist/test with Node's test runner, in shards of several files
// (see shard()), several shards at a time: most tests run the CLI in-process, so a shard is
// CPU-bound; two cores keep two busy, and one more overlaps the shards that wait on child
// processes. Fails when none are selected, so `npm test` can never pass having run nothing.
//
//   node scripts/run-tests.mjs                 every test except the install routes
//   node scripts/run-tests.mjs --install       the install routes (test/install: npm pack,
//                                              npm i -g, git hooks, the pre-commit framework)
//   node scripts/run-tests.mjs <substring>...  the files whose path contains one of them
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

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
const args = process.argv.slice(2);
const install = args.includes('--install');
const only = args.filter((a) => a !== '--install');
// The install routes build and install the package (tens of seconds, the npm cache): their own run.
const isInstall = (f) => f.startsWith(path.join(root, 'install') + path.sep);
const selected = only.length ? files.filter((f) => only.some((o) => f.includes(o))) : files.filter((f) => isInstall(f) === install);
if (selected.length === 0) {
  console.error(`run-tests: no test files found under ${root}`);
  process.exit(1);
}
const concurrency = Math.max(2, os.availableParallelism() + 1);
// Every temporary directory a test makes (mkdtemp under os.tmpdir()) lands in one directory of
// this run, removed at the end whatever the tests did: a run leaves nothing behind in /tmp.
// A `.` in its name: paths under it must not read as a pasted token to the argv check (two random
// 6-character parts made `/tmp/clawprint-tests-…/clawprint-output-…` one long token-like run).
const scratch = mkdtempSync(path.join(os.tmpdir(), 'clawprint.tests.'));
// Readable by the unprivileged user some tests run the CLI as (mkdtemp makes it 0700).
chmodSync(scratch, 0o755);
const result = spawnSync(process.execPath, ['--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...shard(selected, concurrency * 2)], {
  stdio: 'inherit',
  // The CLI's code cache (bin/load-bundle.js) goes there too, not into the user's ~/.cache.
  env: { ...process.env, TMPDIR: scratch, CLAWPRINT_CACHE_DIR: path.join(scratch, 'code-cache') },
});
rmSync(scratch, { recursive: true, force: true });
process.exit(result.status ?? 1);

/**
 * Node's runner starts one process per file (~0.2 s of CPU each before a test runs, a fifth of the
 * suite's CPU with 60 files). Files share a process in `count` shards instead: the test files keep
 * no process-wide state (the in-process CLI runs swap and restore theirs, one at a time), and a
 * failure still names its own file. Twice as many shards as run at once keeps the cores busy
 * while one shard holds a slow file.
 */
function shard(testFiles, count) {
  if (testFiles.length <= count) return testFiles;
  const dir = path.join('dist', 'test-shards');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const groups = Array.from({ length: count }, () => []);
  testFiles.forEach((file, i) => groups[i % count].push(file));
  return groups.map((group, i) => {
    const file = path.join(dir, `shard-${i + 1}.test.mjs`);
    writeFileSync(file, group.map((f) => `import ${JSON.stringify(pathToFileURL(path.resolve(f)).href)};`).join('\n') + '\n');
    return file;
  });
}
