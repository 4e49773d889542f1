#!/usr/bin/env -S node --max-semi-space-size=4
// A smaller young generation keeps peak RSS down (scan: 169 → 137 MB) at no measured cost in
// speed; it applies when clawprint runs as installed (this shebang), not as `node bin/clawprint.js`.
import { main } from '../dist/src/cli.js';

process.exitCode = await main(process.argv);
