#!/usr/bin/env -S node --max-semi-space-size=4 --heap-growing-percent=20
// Memory flags (they apply when clawprint runs as installed, through this shebang; not under
// `node bin/clawprint.js`): live data is small (under 30 MB), but V8 lets garbage grow the heap to
// several times that before a full collection. A smaller young generation and a heap that grows by
// 20% instead of V8's default factor keep peak RSS under SPEC §10's 150 MB. Measured on
// `npm run bench` data, one core: scan of 300 MB / 5,500 files 237 → 125 MB peak RSS (3.25 → 3.56 s),
// audit of 1 GB 104 → 93 MB (same speed), of its gzip 135 → 116 MB. `--optimize-for-size` gave
// about the same memory but cost 40–75% of the speed (it also changes what V8 optimises). A hard
// heap cap was rejected: an audit with millions of distinct sources must slow down, not crash.
import { main } from '../dist/src/cli.js';

process.exitCode = await main(process.argv);
