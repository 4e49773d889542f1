#!/usr/bin/env node
// npm run bench — docs/product.md §10. Generates deterministic corpora under bench-data/ (reused until the
// generator version, seed or size changes), then measures clawprint and the standard tools doing
// the same work, pinned to one core, each run twice (the faster run is kept; the first warms the
// page cache). Prints a table and writes bench-data/results.json.
//
//   BENCH_MB       size of the gateway JSONL log, MB (default 1024)
//   BENCH_SCAN_MB  size of the scan tree, MB (default 300)
//   BENCH_STRUCTURED_MB  size of the YAML/JSON scan tree, MB (default 300)
//   BENCH_ONLY     audit | gzip | scan | structured (default: all four)
//   BENCH_VARIANT  which audit corpora: standard (default), a variant name, a comma list, or all
//                  (generate-audit.mjs AUDIT_VARIANTS: order, leak-0.1, leak-5, leak-30, short, long)
//
// MB means 2^20 bytes throughout; gzip rows count uncompressed bytes.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cached } from './bench/cache.mjs';
import { AUDIT_GENERATOR_VERSION, AUDIT_VARIANTS, WINDOW, benchTokens, generateAuditLog, gzipFile } from './bench/generate-audit.mjs';
import { SCAN_GENERATOR_VERSION, generateScanTree } from './bench/generate-scan.mjs';
import { benchStructured } from './bench/structured.mjs';
import { BENCH_CORE, detectTools, extraCaCertsNote, measureBest, missingToolLines, shellQuote } from './bench/measure.mjs';
import { SEED } from './bench/prng.mjs';
import { TARGETS, TARGETS_LINE, describeFindings, measuredRow, renderTable, scanRatioLine, skippedRow, summarizeFindings } from './bench/report.mjs';

const MB = 2 ** 20;
const DATA = 'bench-data';
const NODE = process.execPath;
// Run as installed (the bin sets its V8 flags itself), with this Node first on PATH.
const CLAWPRINT = ['bin/clawprint.js'];

process.chdir(path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
const log = (line) => process.stderr.write(`bench: ${line}\n`);

function readConfig(env) {
  const size = (name, fallback) => {
    const n = env[name] === undefined || env[name] === '' ? fallback : Number(env[name]);
    if (!(n > 0)) fail(`${name} must be a positive number of MB: "${env[name]}"`);
    return n;
  };
  const only = env.BENCH_ONLY || undefined;
  if (only !== undefined && !['audit', 'gzip', 'scan', 'structured'].includes(only)) fail(`BENCH_ONLY must be audit, gzip, scan or structured: "${only}"`);
  const names = Object.keys(AUDIT_VARIANTS);
  const asked = env.BENCH_VARIANT === undefined || env.BENCH_VARIANT === '' ? 'standard' : env.BENCH_VARIANT;
  const variants = asked === 'all' ? names : asked.split(',').map((v) => v.trim());
  const unknown = variants.filter((v) => !names.includes(v));
  if (unknown.length > 0) fail(`BENCH_VARIANT must be all or a comma list of ${names.join(', ')}: "${unknown.join(',')}"`);
  return { auditMB: size('BENCH_MB', 1024), scanMB: size('BENCH_SCAN_MB', 300), structuredMB: size('BENCH_STRUCTURED_MB', 300), only, variants };
}

function fail(message) {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

/** Which clawprint subcommands this build has (another engineer may not have landed one yet). */
function clawprintCommands() {
  const help = (...args) => spawnSync(NODE, ['bin/clawprint.js', ...args, '--help'], { encoding: 'utf8' });
  const top = help();
  if (top.status !== 0) {
    const why = (top.stderr.split('\n').find((l) => /Error|error:/.test(l)) ?? `exit ${top.status}`).trim();
    return { audit: false, scan: false, why: `not available (clawprint does not start: ${why.slice(0, 100)})` };
  }
  return { audit: help('audit').status === 0, scan: help('scan').status === 0, why: 'not available (no such command in this build)' };
}

function readReport(file) {
  try {
    return summarizeFindings(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return undefined;
  }
}

/** The standard corpus keeps its name and stamp key; a variant's name and key say which it is. */
async function auditCorpus(cfg, variant) {
  const tokens = benchTokens();
  writeFileSync(path.join(DATA, 'leaked-token.txt'), `${tokens.leaked}\n`, { mode: 0o600 });
  const standard = variant === 'standard';
  const file = path.join(DATA, `gateway-${cfg.auditMB}mb${standard ? '' : `-${variant}`}.jsonl`);
  const key = { generator: 'gateway-jsonl', version: AUDIT_GENERATOR_VERSION, seed: SEED, mb: cfg.auditMB, ...(standard ? {} : { variant }) };
  log(`audit corpus ${file} …`);
  const corpus = await cached(file, key, (tmp) => generateAuditLog(tmp, cfg.auditMB * MB, AUDIT_VARIANTS[variant]));
  reportGeneration(corpus);
  return { file, key, corpus, tokens, tokenFile: path.join(DATA, 'leaked-token.txt'), label: standard ? '' : ` [${variant}]` };
}

function reportGeneration(summary) {
  if (summary.cached) log(`  cached (${(summary.bytes / MB).toFixed(1)} MB)`);
  else log(`  generated ${(summary.bytes / MB).toFixed(1)} MB in ${summary.seconds.toFixed(1)} s (${(summary.bytes / MB / summary.seconds).toFixed(0)} MB/s)`);
}

/**
 * A clawprint command, measured like the references. The first run writes its JSON report (for the
 * finding counts), the second writes to /dev/null; the faster is kept.
 */
async function clawprintRow(ctx, work, command, argsFor, mb, target, report = target) {
  const tool = `clawprint ${command}`;
  if (!ctx.clawprint[command]) return { row: skippedRow(work, tool, mb, ctx.clawprint.why) };
  log(`${work}: ${tool} …`);
  const reportFile = path.join(DATA, `${report}-report.json`);
  rmSync(reportFile, { force: true });
  const result = await measureBest([argsFor(reportFile), argsFor('/dev/null')], ctx.tools, [0, 1]);
  const summary = result.error ? undefined : readReport(reportFile);
  return { row: measuredRow(work, tool, mb, result, target), findings: summary && { work, ...summary } };
}

const auditArgs = (ctx, input) => (output) => [
  ...CLAWPRINT, 'audit', input, '--token-file', ctx.audit.tokenFile, '--since', WINDOW.since, '--until', WINDOW.until,
  '--format', 'json', '--output', output, '--fail-on', 'none', '--no-progress',
];

async function referenceRow(ctx, work, tool, needs, argv, mb, okCodes = [0]) {
  const missing = needs.filter((t) => !ctx.tools[t]);
  if (missing.length > 0) return skippedRow(work, tool, mb, `not available (missing ${missing.join(', ')})`);
  log(`${work}: ${tool} …`);
  const result = await measureBest([argv, argv], ctx.tools, okCodes);
  const row = measuredRow(work, tool, mb, result);
  if (!result.error) row.output = result.stdout.trim().split('\n').pop();
  return row;
}

async function benchAudit(ctx) {
  const { file, corpus, tokens } = ctx.audit;
  const mb = corpus.bytes / MB;
  const work = `audit${ctx.audit.label}`;
  const { row, findings } = await clawprintRow(ctx, work, 'audit', auditArgs(ctx, file), mb, 'audit');
  const jq = `select(.ts >= "${WINDOW.since}" and .ts < "${WINDOW.until}")`;
  const rows = [
    row,
    // Counting (-c) makes the floor the search itself, not printing 1% of the lines.
    await referenceRow(ctx, work, 'rg -c -F <fp>', ['rg'], ['rg', '-c', '-F', tokens.leakedFpHex, file], mb, [0, 1]),
    await referenceRow(ctx, work, "grep -F <fp> | jq 'select(.ts…)'", ['grep', 'jq'], ['sh', '-c', `grep -F ${shellQuote(tokens.leakedFp)} ${shellQuote(file)} | jq -c ${shellQuote(jq)} | wc -l`], mb),
  ];
  return { rows, findings, audit: ctx.audit };
}

async function benchGzip(ctx) {
  const { file, key, corpus, tokens } = ctx.audit;
  const gz = `${file}.gz`;
  log(`gzip corpus ${gz} …`);
  const packed = await cached(gz, { ...key, gzip: ctx.tools.gzip ? 'gzip -6' : 'zlib 6' }, async (tmp) => {
    await gzipFile(file, tmp, ctx.tools.gzip);
    return { bytes: corpus.bytes, compressedBytes: statSync(tmp).size };
  });
  reportGeneration(packed);
  log(`  compressed to ${(packed.compressedBytes / MB).toFixed(1)} MB`);
  const mb = corpus.bytes / MB;
  const work = `audit (gzip)${ctx.audit.label}`;
  const { row, findings } = await clawprintRow(ctx, work, 'audit', auditArgs(ctx, gz), mb, 'gzip');
  const zcatRg = ['sh', '-c', `zcat ${shellQuote(gz)} | rg -c -F ${tokens.leakedFpHex}`];
  return { rows: [row, await referenceRow(ctx, work, 'zcat | rg -c -F <fp>', ['zcat', 'rg'], zcatRg, mb, [0, 1])], findings, audit: ctx.audit };
}

async function benchScan(ctx, cfg) {
  const tree = path.join(DATA, `scan-${cfg.scanMB}mb`);
  log(`scan corpus ${tree}/ …`);
  const key = { generator: 'scan-tree', version: SCAN_GENERATOR_VERSION, seed: SEED, mb: cfg.scanMB };
  const corpus = await cached(tree, key, (tmp) => generateScanTree(tmp, cfg.scanMB * MB));
  reportGeneration(corpus);
  const mb = corpus.bytes / MB;
  const work = 'scan';
  const scanArgs = (output) => [...CLAWPRINT, 'scan', tree, '--format', 'json', '--output', output, '--fail-on', 'none', '--no-progress'];
  const { row, findings } = await clawprintRow(ctx, work, 'scan', scanArgs, mb, 'scan');
  return { rows: [row, await rgKeywordsRow(ctx, work, tree, mb), await secretlintRow(ctx, work, tree, mb)], findings, corpus };
}

/**
 * The project's own node_modules after `npm ci`: a real tree nobody here wrote (minified bundles,
 * source maps, type declarations), scanned as it is. Its size is counted here, symlinks not followed.
 */
async function benchScanNodeModules(ctx) {
  const tree = 'node_modules';
  const work = 'scan node_modules';
  if (!existsSync(tree)) return { rows: [skippedRow(work, 'clawprint scan', 0, 'not available (run npm ci)')] };
  const bytes = treeBytes(tree);
  const mb = bytes / MB;
  const scanArgs = (output) => [...CLAWPRINT, 'scan', tree, '--format', 'json', '--output', output, '--fail-on', 'none', '--no-progress'];
  const { row, findings } = await clawprintRow(ctx, work, 'scan', scanArgs, mb, 'scan', 'scan-node-modules');
  return { rows: [row, await rgKeywordsRow(ctx, work, tree, mb)], findings, corpus: { bytes } };
}

function treeBytes(dir) {
  let sum = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) sum += treeBytes(full);
    else if (e.isFile()) sum += statSync(full).size;
  }
  return sum;
}

/**
 * ripgrep looking for the scan's keywords (every rule's, from the build: the triggers its
 * prefilter searches) in the same files: hidden and ignored files too (-uu), binary ones skipped,
 * as the scan does. A floor for reading the tree and searching it, not the same work.
 */
async function rgKeywordsRow(ctx, work, tree, mb) {
  const { SCAN_DETECTORS } = await import('../dist/src/detectors/index.js');
  const { mergeTriggers } = await import('../dist/src/prefilter/triggers.js');
  const keywords = path.join(DATA, 'scan-keywords.txt');
  writeFileSync(keywords, `${mergeTriggers(Object.values(SCAN_DETECTORS).map((d) => d.triggers)).keywords.join('\n')}\n`);
  // -c per file, summed: the lines holding a keyword.
  const argv = ['sh', '-c', `rg -uu -c -F -f ${shellQuote(keywords)} ${shellQuote(tree)} | awk -F: '{ n += $NF } END { print n + 0 }'`];
  return referenceRow(ctx, work, 'rg -uu -c -F <keywords>', ['rg'], argv, mb);
}

async function secretlintRow(ctx, work, tree, mb) {
  const tool = 'secretlint (preset-recommend)';
  const bin = path.join('node_modules', '.bin', 'secretlint');
  if (!existsSync(bin)) return skippedRow(work, tool, mb, 'not available (run npm install: secretlint is a devDependency)');
  const rc = path.join(DATA, '.secretlintrc.json');
  writeFileSync(rc, `${JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }, null, 2)}\n`);
  log(`${work}: ${tool} …`);
  // What a person would type; `compact` prints one line per finding and an "N problems" total
  // (the json formatter would also dump every file's content). Exit 1 means it found secrets.
  const argv = [bin, `${tree}/**/*`, '--secretlintrc', rc, '--format', 'compact', '--no-color'];
  const result = await measureBest([argv, argv], ctx.tools, [0, 1]);
  const row = measuredRow(work, tool, mb, result);
  if (!result.error) row.output = /(\d+) problems?\s*$/.exec(result.stdout)?.[1] ?? '0';
  return row;
}

async function main() {
  const cfg = readConfig(process.env);
  mkdirSync(DATA, { recursive: true });
  const tools = detectTools();
  for (const line of missingToolLines(tools)) console.log(line);
  const ctx = { tools, clawprint: clawprintCommands() };
  const want = (what) => cfg.only === undefined || cfg.only === what;

  const sections = [];
  if (want('audit') || want('gzip')) {
    for (const variant of cfg.variants) {
      ctx.audit = await auditCorpus(cfg, variant);
      if (want('audit')) sections.push(await benchAudit(ctx));
      if (want('gzip')) sections.push(await benchGzip(ctx));
    }
  }
  if (want('scan')) sections.push(await benchScan(ctx, cfg), await benchScanNodeModules(ctx));
  if (want('structured')) sections.push(await benchStructured(ctx, cfg, { DATA, log, reportGeneration, clawprintRow, referenceRow, CLAWPRINT }));
  const rows = sections.flatMap((s) => s.rows);

  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`\nclawprint bench — ${cpu}, ${os.cpus().length} cores, node ${process.version}; ` +
    `${tools.taskset ? `pinned to core ${BENCH_CORE} (taskset -c ${BENCH_CORE})` : 'not pinned (no taskset)'}; ` +
    `peak RSS from ${tools.time ? '/usr/bin/time %M' : 'polling /proc VmHWM'}; best of 2 runs; MB = 2^20 bytes` +
    `${extraCaCertsNote === undefined ? '' : `; ${extraCaCertsNote}`}\n`);
  console.log(renderTable(rows));
  console.log(`\n${TARGETS_LINE}`);
  const ratio = scanRatioLine(rows);
  if (ratio) console.log(ratio);
  console.log(findingLines(sections, ctx).join('\n'));
  writeResults({ cfg, tools, rows, sections, ctx });
  console.log(`\nwrote ${path.join(DATA, 'results.json')}`);
}

function findingLines(sections, ctx) {
  const lines = ['\nWhat each tool reported:'];
  for (const s of sections) {
    const f = s.findings;
    if (f) {
      let line = `  clawprint ${f.work}: ${describeFindings(f)}`;
      if (f.work.startsWith('audit')) {
        line += `; token-use count sum ${f.tokenUses} (the corpus holds ${s.audit.corpus.leakedUsesInWindow} leaked-token uses inside the window)`;
      }
      lines.push(line);
      // A fast row means nothing if the tool skipped part of the corpus.
      const expected = s.corpus?.bytes ?? s.audit.corpus.bytes;
      if (Math.abs(f.bytesRead - expected) > expected * 0.01) {
        lines.push(`  note: clawprint ${f.work} reports reading ${(f.bytesRead / MB).toFixed(1)} of ${(expected / MB).toFixed(1)} MB`);
      }
    }
    for (const r of s.rows.filter((row) => row.output !== undefined)) {
      lines.push(`  ${r.tool}: ${r.output} ${r.tool.startsWith('secretlint') ? 'findings' : 'matching lines'}`);
    }
    if (s.corpusLine) {
      lines.push(s.corpusLine);
    } else if (s.corpus?.planted) {
      const p = s.corpus.planted;
      lines.push(
        `  scan corpus: ${s.corpus.files} files; planted ${p.literal} credential-context token literals and ${p.bare} bare token-shaped strings ` +
          `(${p.leakedCopies} of them the leaked token), and ${p.other} database passwords for secretlint`,
      );
      if (f && f.findings === 0 && p) lines.push('  note: clawprint scan reported none of the planted tokens');
    }
  }
  return lines;
}

function writeResults({ cfg, tools, rows, sections, ctx }) {
  const results = {
    tool: 'clawprint bench',
    date: new Date().toISOString(),
    machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.release()}` },
    measuring: { peakRss: tools.time ? '/usr/bin/time -f %M' : '/proc/<pid>/status VmHWM polling', pinned: tools.taskset, runs: 2, keep: 'fastest', extraCaCertsUnset: extraCaCertsNote !== undefined },
    config: { BENCH_MB: cfg.auditMB, BENCH_SCAN_MB: cfg.scanMB, BENCH_STRUCTURED_MB: cfg.structuredMB, BENCH_ONLY: cfg.only ?? null, BENCH_VARIANT: cfg.variants, seed: SEED, window: WINDOW, mb: 2 ** 20 },
    targets: TARGETS,
    rows,
    findings: sections.map((s) => s.findings).filter(Boolean),
    corpora: {
      audit: sections.find((s) => s.audit?.label === '')?.audit.corpus,
      variants: Object.fromEntries(sections.filter((s) => s.audit && s.audit.label !== '').map((s) => [s.audit.label.slice(2, -1), s.audit.corpus])),
      scan: sections.find((s) => s.corpus && !s.corpusLine)?.corpus,
      structured: sections.find((s) => s.corpusLine)?.corpus,
    },
  };
  writeFileSync(path.join(DATA, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
}

await main();
