#!/usr/bin/env -S node --max-semi-space-size=4 --optimize-for-size
// Memory flags (they apply when clawprint runs as installed, through this shebang; not under
// `node bin/clawprint.js`): live data is small, but V8 lets garbage grow the heap before collecting
// it. Measured on `npm run bench`: scan of 300 MB / 5,500 files 200 → 113 MB peak RSS (about 15%
// slower), audit of 1 GB 131 → 98 MB (same speed). A hard heap cap was rejected: an audit with
// millions of distinct sources must slow down, not crash.
import { main } from '../dist/src/cli.js';

process.exitCode = await main(process.argv);
