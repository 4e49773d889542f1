#!/usr/bin/env node
// The installed command. A plain `env node` shebang: BusyBox `env` (Alpine, the node:*-alpine CI
// images) has no `-S`, so V8 flags cannot ride on the shebang line. They are set here instead,
// before the CLI is compiled (load-bundle.js compiles it), and apply however clawprint is started:
// through the shebang, `node bin/clawprint.js`, npx or a git hook.
//
// --heap-growing-percent=20: live data is small (under 30 MB), but V8 lets garbage grow the heap
// to several times that before a full collection; growing by 20% keeps peak RSS within the
// 150 MB budget. V8 reads it at each collection, so setting it now works.
// --no-turbo-inlining: a run lasts a second or two, and TurboFan spent ~1.4 s of it compiling the
// async read loops with everything inlined into them; V8 reads it when it compiles, so it applies
// to every function of the CLI.
// --max-valid-polymorphic-map-count=8: a gateway log's decoded lines come in five or more key
// orders (a request, a connect, a registration, a refused request, …), each a map of its own after
// JSON.parse; past four maps V8 turns a property load megamorphic (a stub cache probe per load),
// and reading a record's fields is ~25 loads per line (issue 8). V8 reads it when an inline cache
// changes state, so setting it now works.
// --interrupt-budget=540000 (8× V8's default) for `scan` only: a scan runs thousands of short
// per-file calls through many functions, and TurboFan compiled ~200 of them (~0.4 s of a 1.2 s
// scan of the bench tree, on the same core); with the larger budget only the hottest are optimized:
// CPU −7% (bench tree), −14% (node_modules), −8% and −19% (two real repositories), the same output.
// The audit's hot loops are few and want TurboFan early: no gain there (docs/performance.md).
// V8 gives each function its budget when it first runs, so setting it now works.
// --semi-space-growth-factor=1, every command: the young generation stays at its first size
// instead of doubling up to 16 MB semi-spaces. Garbage dies young (a scan's file lines and marks,
// an audit's decoded lines), and each page the larger young generation first touches is a page
// fault, ~14 µs on the machines measured. Scan: ~3,000 fewer faults and 8–12 MB less peak RSS on
// each bench tree, CPU −3–9%. Audit (1 GB, one core): 13,400–14,400 → 10,400–10,900 faults, peak
// RSS 90 → 79 MB, wall −3% (standard), −6% (leak-5), −3.5% (leak-30, RSS 109 → 79 MB); from gzip
// even. Outputs identical (docs/performance.md, V8 flags). V8 reads it when it grows the young
// generation, so setting it now works.
// --no-parallel-scavenge for `audit` when the process may run on one CPU only (taskset, a cpuset;
// os.availableParallelism() reads the affinity mask — Node 20's libuv does not read a CPU quota, so
// `docker --cpus=1` on a larger host keeps the default; Node 22's reads it): a scavenge then posts helper tasks
// to threads that can only take turns with the main thread on that CPU, and the main thread waits
// for them. The audit of a log whose decoded lines are mostly token uses scavenges ~480 times per GB
// (1 MB young generation, above): pauses 186-220 -> 154-165 ms, wall -4-6% on the bench's
// `leak-30` and standard logs pinned to one core, reports identical. With two CPUs or more V8's
// parallel scavenge is kept; `scan` measured no gain from it (and loading node:os costs ~0.4 ms of
// the pre-commit hook's start). V8 reads it at each scavenge, so setting it now works
// (docs/performance.md, V8 flags).
// --max-semi-space-size (formerly in the shebang) is fixed when the heap is created, so it cannot
// be set here; measured without it (one core, 300 MB scan tree, 400 MB audit and its gzip), peak
// RSS is the same, 90 / 72 / 97 MB. A re-exec to apply it would cost a second Node start-up on
// every pre-commit run. docs/performance.md has the measurements.
//
// CommonJS (bin/package.json): Node starts a CommonJS file without its ES module loader, ~7 ms
// sooner (docs/performance.md, Start-up).
'use strict';
const { setFlagsFromString } = require('node:v8');

setFlagsFromString('--heap-growing-percent=20');
setFlagsFromString('--no-turbo-inlining');
setFlagsFromString('--max-valid-polymorphic-map-count=8');
setFlagsFromString('--semi-space-growth-factor=1');
if (process.argv[2] === 'audit' && require('node:os').availableParallelism() === 1) setFlagsFromString('--no-parallel-scavenge');
if (process.argv[2] === 'scan') setFlagsFromString('--interrupt-budget=540000');

// The pre-commit hook's `scan --staged` starts its `git diff --cached` now, from a 2 KB file, so
// that git runs while the CLI is read and compiled (~30 ms); the scan waited 11-16 ms for it
// (docs/performance.md, Start-up). Any other command line loads nothing more here.
const stagedDiff = process.argv[2] === 'scan' && process.argv.includes('--staged') ? require('../dist/src/staged-diff.cjs').prestartStagedDiff(process.argv, process.cwd()) : undefined;
const { main, saveCache } = require('./load-bundle.js').loadBundle();
main(process.argv, stagedDiff).then((code) => {
  process.exitCode = code;
  saveCache(code);
  // Done, and every byte of the report and the warnings handed to the OS: end now. Left to end by
  // itself, Node waits for `git cat-file` (--staged) to see its input close and exit, and frees a
  // heap the OS frees anyway (docs/performance.md, Start-up). Output still queued (a pipe on
  // macOS is asynchronous) is left to drain as before; setImmediate lets a failed write report
  // itself first (stdout on a full device: exit 2).
  setImmediate(() => {
    if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit(code);
  });
});
