#!/usr/bin/env -S node --max-semi-space-size=8 --heap-growing-percent=20 --no-turbo-inlining
// V8 flags (they apply when clawprint runs as installed, through this shebang; not under
// `node bin/clawprint.js`).
//
// Memory: live data is small (under 30 MB), but V8 lets garbage grow the heap to
// several times that before a full collection. A smaller young generation and a heap that grows by
// 20% instead of V8's default factor keep peak RSS under SPEC §10's 150 MB. Measured on
// `npm run bench` data, one core: scan of 300 MB / 5,500 files 237 → 125 MB peak RSS (3.25 → 3.56 s),
// audit of 1 GB 104 → 93 MB (same speed), of its gzip 135 → 116 MB. `--optimize-for-size` gave
// about the same memory but cost 40–75% of the speed (it also changes what V8 optimises). A hard
// heap cap was rejected: an audit with millions of distinct sources must slow down, not crash.
// A young generation of 8 MB rather than 4 MB (later, with the scan faster): scan 1.21 → 1.16 s
// for 91 → 98 MB, audit 76 → 84 MB, gzip 111 → 117 MB.
//
// Compile time: a run lasts a second or two, and TurboFan spent about 1.4 s of it (on the same
// core when pinned) compiling ~260 functions, the async read loops with everything inlined into
// them at 50–100 ms each. Without inlining, scan of the 300 MB bench tree 2.10 → 1.80 s, audit of
// 1 GB 1.00 → 0.97 s, of its gzip 1.95 → 1.87 s, peak RSS the same (one core, best of 3).
// One bundled file (scripts/bundle.mjs): ~40 ms less start-up than loading ~100 modules.
import { main } from '../dist/src/cli.bundle.js';

process.exitCode = await main(process.argv);
