// What the scan corpora share: writing files under a root (each directory made once), planting
// tokens (the audit's leaked token one time in four, else a fresh 48- or 64-hex one) and counting
// what was written and planted, per kind, for the bench to check findings against.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ChunkWriter } from './cache.mjs';
import { benchTokens } from './generate-audit.mjs';

export function treeWriter(root, rng, plantedKinds) {
  const leaked = benchTokens().leaked;
  const summary = { bytes: 0, files: 0, byKind: {}, planted: { ...Object.fromEntries(plantedKinds.map((k) => [k, 0])), leakedCopies: 0 } };
  const dirs = new Set();
  const token = () => {
    if (rng.chance(0.25)) {
      summary.planted.leakedCopies++;
      return leaked;
    }
    return rng.hex(rng.chance(0.7) ? 48 : 64);
  };
  const plant = (kind, value) => {
    summary.planted[kind]++;
    return value;
  };
  const writeFile = (kind, rel, fill) => {
    const file = path.join(root, rel);
    const dir = path.dirname(file);
    if (!dirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      dirs.add(dir);
    }
    const out = new ChunkWriter(file);
    fill(out);
    const bytes = out.close();
    const k = (summary.byKind[kind] ??= { files: 0, bytes: 0 });
    k.files++;
    k.bytes += bytes;
    summary.files++;
    summary.bytes += bytes;
  };
  return { summary, token, plant, writeFile };
}

/** Calls `make(size, i)` with sizes drawn from [lo, hi] until `budget` bytes are spent (at least once). */
export function spend(rng, budget, lo, hi, make) {
  let left = budget;
  let n = 0;
  do {
    const size = Math.max(Math.min(rng.range(lo, hi), left), Math.min(lo, 4 * 1024));
    make(size, n++);
    left -= size;
  } while (left > 0);
}
