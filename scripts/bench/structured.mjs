// The bench's YAML/JSON row (docs/product.md §10): clawprint scan on the structured corpus
// (generate-structured.mjs), with `rg -F` searching the same files for the scan's keywords beside it
// — the floor for a search that reads every byte and decides nothing.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { cached } from './cache.mjs';
import { generateStructuredTree, STRUCTURED_GENERATOR_VERSION } from './generate-structured.mjs';
import { shellQuote } from './measure.mjs';
import { SEED } from './prng.mjs';

const MB = 2 ** 20;

/**
 * The keywords a line needs to reach the scan's rules without a token-shaped run (the credential
 * contexts' needles, ellipses, PEM armour, digest calls), read from the build being measured.
 */
export async function scanKeywords() {
  const candidates = await import(pathToFileURL(path.resolve('dist/src/values/candidates.js')).href);
  return candidates.LINE_GATE_NEEDLES;
}

/** `{ rows, findings, corpus, corpusLine }` like bench.mjs's other sections. */
export async function benchStructured(ctx, cfg, { DATA, log, reportGeneration, clawprintRow, referenceRow, CLAWPRINT }) {
  const tree = path.join(DATA, `structured-${cfg.structuredMB}mb`);
  log(`structured corpus ${tree}/ …`);
  const key = { generator: 'structured-tree', version: STRUCTURED_GENERATOR_VERSION, seed: SEED, mb: cfg.structuredMB };
  const corpus = await cached(tree, key, (tmp) => generateStructuredTree(tmp, cfg.structuredMB * MB));
  reportGeneration(corpus);
  const mb = corpus.bytes / MB;
  const work = 'scan (YAML/JSON)';
  const args = (output) => [...CLAWPRINT, 'scan', tree, '--format', 'json', '--output', output, '--fail-on', 'none', '--no-progress'];
  const { row, findings } = await clawprintRow(ctx, work, 'scan', args, mb, 'structured');
  const keywords = await scanKeywords();
  // Lines holding a keyword, summed over the files (`rg -c` prints a count per file).
  const rg = `rg -F -c ${keywords.map((k) => `-e ${shellQuote(k)}`).join(' ')} ${shellQuote(tree)} | awk -F: '{ n += $NF } END { print n + 0 }'`;
  const rows = [row, await referenceRow(ctx, work, `rg -F -c <${keywords.length} scan keywords>`, ['rg'], ['sh', '-c', rg], mb)];
  const p = corpus.planted;
  const kinds = Object.entries(corpus.byKind)
    .map(([kind, k]) => `${kind} ${Math.round((100 * k.bytes) / corpus.bytes)}%`)
    .join(', ');
  const corpusLine = `  structured corpus: ${corpus.files} files (${kinds}); planted ${p.literal} credential-context token literals and ${p.bare} bare token-shaped strings (${p.leakedCopies} of them the leaked token)`;
  return { rows, findings, corpus, corpusLine };
}

