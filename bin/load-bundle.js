// Loads the bundled CLI (dist/src/cli.bundle.cjs) with V8's code cache: compiling the 700 KB
// bundle cost ~25 ms of every start, reusing the cached compile ~5 ms (docs/performance.md,
// Start-up). Node 20 has no compile cache for modules (Node 22's module.enableCompileCache), so
// the bundle is CommonJS, compiled here as a vm.Script and called the way Node's own loader calls
// a module, with `cachedData` from a file in the user's cache directory.
//
// The cache is V8 bytecode compiled from the bundle's source, nothing else: no value a run read
// or computed (which functions it holds depends on the command that made it). A cache that is
// missing, unreadable, stale, written by someone else or refused by V8 is ignored, and the bundle
// compiles as without one; writing it is best effort and silent. CLAWPRINT_CACHE_DIR moves it,
// CLAWPRINT_NO_CACHE=1 turns it off (README, Start-up).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
// The CommonJS Module class is what `require('node:module')` returns, but requiring it from here made
// Node build that built-in's public face (an ES module facade whose exports it reads, loading what
// they lazily need): ~1.2 ms of every start (issue 8, docs/performance.md, Start-up).
const { createRequire } = module.constructor;

const BUNDLE = path.join(__dirname, '..', 'dist', 'src', 'cli.bundle.cjs');
const DIGEST = /^\/\/ clawprint bundle sha256:([0-9a-f]{64})\n/;
/** Another build's caches older than this are removed when a new one is written (an upgrade leaves them behind). */
const STALE_MS = 30 * 24 * 3600 * 1000;
/** At most this many missing directories are made for the cache (~/.cache/clawprint needs two). */
const MAX_NEW_DIRS = 8;

/** Where the cache lives, or undefined when it is off or there is nowhere to put it. */
function cacheDir(env) {
  if (env.CLAWPRINT_NO_CACHE === '1') return undefined;
  if (env.CLAWPRINT_CACHE_DIR) return path.resolve(env.CLAWPRINT_CACHE_DIR);
  const base = env.XDG_CACHE_HOME || (process.platform === 'win32' ? env.LOCALAPPDATA : env.HOME && path.join(env.HOME, '.cache'));
  return base && path.isAbsolute(base) ? path.join(base, 'clawprint') : undefined;
}

/**
 * What a cache was made for; any difference (another bundle, Node, or V8 flags from the command
 * line or NODE_OPTIONS) and it is not used. V8 checks its own version and flags too, but it knows
 * the source only by its length.
 */
function cacheKey(digest, stat) {
  return JSON.stringify([digest, stat.size, stat.mtimeMs, process.version, process.arch, process.execArgv, process.env.NODE_OPTIONS ?? '']);
}

/** Reads the open file `fd` from its start into `buffer` (at least `size` bytes): the bytes read. */
function readInto(fd, size, buffer) {
  let n = 0;
  for (let r = -1; n < size && r !== 0; n += r) r = fs.readSync(fd, buffer, n, size - n, n);
  return n;
}

/**
 * The cached data after its key line, if the file is ours, not writable by others, and made for
 * `key`. Read into `spare` when it fits: the bundle's bytes, already made a string, so the cache
 * lands in memory already touched instead of ~80 fresh pages (a page fault each; issue 8).
 */
function readCache(file, key, spare) {
  let fd;
  try {
    fd = fs.openSync(file, 'r');
    const stat = fs.fstatSync(fd);
    // Cached bytecode is code: a file someone else could have written is never run.
    if (process.getuid !== undefined && (stat.uid !== process.getuid() || (stat.mode & 0o022) !== 0)) return undefined;
    // A file cut short is refused by V8 (it checks the data's length and checksum).
    const into = stat.size <= spare.length ? spare : Buffer.allocUnsafeSlow(stat.size);
    const data = into.subarray(0, readInto(fd, stat.size, into));
    const nl = data.indexOf(10);
    return nl > 0 && data.toString('utf8', 0, nl).trimEnd() === key ? data.subarray(nl + 1) : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * `dir` and the parents it lacks, made one by one (mode 0700), at most MAX_NEW_DIRS of them.
 * Not `mkdirSync(…, { recursive: true })`: under /proc, where mkdir says ENOENT for any name, Node
 * 20's recursive mkdir retries forever (CLAWPRINT_CACHE_DIR=/proc/x hung every run at 100% CPU).
 * Throws when a directory cannot be made; the caller gives up silently.
 */
function makeDir(dir) {
  const missing = [];
  for (let d = dir; !fs.existsSync(d); d = path.dirname(d)) {
    if (missing.length === MAX_NEW_DIRS || path.dirname(d) === d) throw new Error(`too many missing directories above ${dir}`);
    missing.push(d);
  }
  for (const d of missing.reverse()) fs.mkdirSync(d, { mode: 0o700 });
}

/** Writes the cache whole or not at all (a rename), and removes other builds' caches a month old. */
function writeCache(dir, file, build, key, data) {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    makeDir(dir);
    // The key line padded with spaces to a multiple of 8 bytes: V8 copies cached data that does not
    // start 8-byte aligned before it reads it (~80 fresh pages; issue 8), and a Buffer's memory is.
    const pad = (8 - ((Buffer.byteLength(key, 'utf8') + 1) % 8)) % 8;
    fs.writeFileSync(temp, Buffer.concat([Buffer.from(`${key}${' '.repeat(pad)}\n`, 'utf8'), data]), { mode: 0o600 });
    fs.renameSync(temp, file);
    for (const name of fs.readdirSync(dir)) {
      const other = path.join(dir, name);
      if (/^cli-.*\.v8cache(?:\.\d+\.tmp)?$/.test(name) && !name.startsWith(build) && Date.now() - fs.statSync(other).mtimeMs > STALE_MS) fs.rmSync(other, { force: true });
    }
  } catch {
    try {
      fs.rmSync(temp, { force: true });
    } catch {
      // Nothing was written (the directory could not be made).
    }
  }
}

/** One cache file per command (the name says which command made it; their content is alike). */
function commandOf(argv) {
  const name = argv[2] ?? '';
  return /^[a-z][a-z-]{0,23}$/.test(name) ? name : 'other';
}

/**
 * The bundle's `main`, compiled with the code cache when there is a usable one, and `saveCache`,
 * to call once a command has run (so that writing the file never delays its output). The cache is
 * made at load, when it holds the bundle's top-level code (~330 KB), not after the command: a cache
 * made after `scan --staged` also held every function the run compiled (~460 KB), and loading it
 * made the next run 10–15 ms slower than compiling without a cache, while the load-time cache made
 * it ~10 ms faster (hyperfine, quiet machine, docs/performance.md, Start-up).
 */
function loadBundle(argv = process.argv, env = process.env) {
  // Read as latin1: the same string, since scripts/bundle.mjs writes the bundle in ASCII alone (every
  // other character escaped), without UTF-8's validation of 700 KB (~8 -> ~6 ms, timing marks).
  // The string is a copy: its bytes are then free to take the code cache (readCache). Size and
  // mtime for the cache key come from the same open file.
  const fd = fs.openSync(BUNDLE, 'r');
  let stat;
  let bytes;
  let source;
  try {
    stat = fs.fstatSync(fd);
    bytes = Buffer.allocUnsafeSlow(stat.size);
    source = bytes.toString('latin1', 0, readInto(fd, stat.size, bytes));
  } finally {
    fs.closeSync(fd);
  }
  const digest = DIGEST.exec(source)?.[1];
  const dir = digest === undefined ? undefined : cacheDir(env);
  let build;
  let file;
  let key;
  let cachedData;
  if (dir !== undefined) {
    build = `cli-${digest.slice(0, 16)}-`;
    file = path.join(dir, `${build}${process.version}-${process.arch}-${commandOf(argv)}.v8cache`);
    key = cacheKey(digest, stat);
    cachedData = readCache(file, key, bytes);
  }
  // The bundle is a CommonJS module's body in Node's function wrapper (scripts/bundle.mjs).
  const script = new vm.Script(source, { filename: BUNDLE, ...(cachedData === undefined ? {} : { cachedData }) });
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, createRequire(BUNDLE), module, BUNDLE, path.dirname(BUNDLE));
  // Not after exit code 2 (a usage error, bad input): a mistyped command name makes no cache file.
  const made = file !== undefined && (cachedData === undefined || script.cachedDataRejected === true) ? script.createCachedData() : undefined;
  const saveCache = (code) => {
    if (made !== undefined && code !== 2) writeCache(dir, file, build, key, made);
  };
  return { main: module.exports.main, saveCache };
}

module.exports = { loadBundle };
