// Runs a command pinned to one core (docs/product.md §10 targets are "on one core") and measures its wall
// time and peak RSS.
//
// Peak RSS comes from GNU time (`/usr/bin/time -f %M`, Debian package `time`): the kernel's
// ru_maxrss of the command, which for `sh -c 'a | b'` is the largest of the pipeline's processes.
// Without GNU time we fall back to polling /proc/<pid>/status VmHWM (the process's own high-water
// mark) of the command and its descendants every 20 ms: a process that lives less than one poll
// can be missed, so the fallback may under-report short pipelines.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const works = (cmd, args) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;

/**
 * The core every measured command is pinned to: 0 unless BENCH_CORE names another. On a shared
 * virtual machine the host can slow one virtual core for minutes (measured 2026-12-06: the same
 * scan 1.82 s on core 0 and 1.28 s on core 1, `rg` slowed alike), so a run can pick the quiet one.
 */
export const BENCH_CORE = (() => {
  const core = process.env.BENCH_CORE ?? '0';
  if (!/^\d{1,4}$/.test(core)) {
    console.error(`bench: BENCH_CORE must be a core number, not ${JSON.stringify(core)}`);
    process.exit(2);
  }
  return core;
})();

/** Which measuring and reference tools this machine has. */
export function detectTools() {
  return {
    time: works('/usr/bin/time', ['-f', '%M', 'true']),
    taskset: has('taskset') && works('taskset', ['-c', BENCH_CORE, 'true']),
    rg: has('rg'),
    grep: has('grep'),
    jq: has('jq'),
    zcat: has('zcat'),
    gzip: has('gzip'),
  };
}

const INSTALL = { rg: 'ripgrep', jq: 'jq', time: 'time', taskset: 'util-linux', zcat: 'gzip', gzip: 'gzip', grep: 'grep' };

/** One line per missing tool group, with the apt-get line that fixes it. */
export function missingToolLines(tools) {
  const missing = Object.keys(INSTALL).filter((t) => !tools[t]);
  if (missing.length === 0) return [];
  const packages = [...new Set(missing.map((t) => INSTALL[t]))].join(' ');
  const effects = [];
  if (!tools.time) effects.push('peak RSS falls back to polling /proc/<pid>/status VmHWM');
  if (!tools.taskset) effects.push('commands are not pinned to one core');
  if (missing.some((t) => !['time', 'taskset'].includes(t))) effects.push('reference rows needing them are skipped');
  return [`missing: ${missing.join(', ')} — install with: apt-get install ${packages} (${effects.join('; ')})`];
}

/**
 * The environment every measured command runs in: this one without NODE_EXTRA_CA_CERTS. With it
 * set, Node reads and parses that CA bundle at every start, before any script runs (measured
 * 2026-12-06 on the development VM, which sets it for its proxy: `node` on an empty file 62 → 104
 * ms), a cost of the machine's configuration that no reference tool in the table pays and that a
 * TLS-free CLI never needs. `extraCaCertsNote` says when it was removed.
 */
const MEASURED_ENV = (() => {
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  return env;
})();
export const extraCaCertsNote = process.env.NODE_EXTRA_CA_CERTS === undefined ? undefined : 'NODE_EXTRA_CA_CERTS unset for the measured commands (with it, every Node start parses that CA bundle first)';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'clawprint-bench-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
let runCount = 0;

/** Keeps the last `limit` characters of a stream: counts and summaries come at the end. */
function collect(stream, limit = 64 * 1024) {
  let text = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    text += chunk;
    if (text.length > 2 * limit) text = text.slice(-limit);
  });
  return () => text.slice(-limit);
}

function readVmHwmKiB(pid) {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

function descendants(pid) {
  let kids = [];
  try {
    kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
  } catch {
    return [];
  }
  return kids.flatMap((k) => [k, ...descendants(k)]);
}

function pollPeakRss(pid) {
  let peak = 0;
  const sample = () => {
    for (const p of [pid, ...descendants(pid)]) peak = Math.max(peak, readVmHwmKiB(p));
  };
  const timer = setInterval(sample, 20);
  sample();
  return () => {
    clearInterval(timer);
    return peak;
  };
}

/** Runs `argv` once; resolves to { code, seconds, rssMB, stdout, stderr }. */
export async function runOnce(argv, tools) {
  const pinned = tools.taskset ? ['taskset', '-c', BENCH_CORE, ...argv] : argv;
  const timeFile = path.join(tmp, `time-${runCount++}.txt`);
  const full = tools.time ? ['/usr/bin/time', '-f', '%M %U', '-o', timeFile, ...pinned] : pinned;
  const started = process.hrtime.bigint();
  const child = spawn(full[0], full.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env: MEASURED_ENV });
  const stdout = collect(child.stdout);
  const stderr = collect(child.stderr);
  const stopPolling = tools.time ? undefined : pollPeakRss(child.pid);
  const code = await new Promise((resolve) => {
    child.on('error', () => resolve(127));
    child.on('close', (c) => resolve(c ?? 128));
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  let peakKiB = stopPolling?.() ?? 0;
  let userSeconds;
  if (tools.time) {
    // GNU time writes "Command exited with non-zero status N" first when the command fails.
    const [rss, user] = readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ');
    peakKiB = Number(rss) || 0;
    userSeconds = Number(user);
  }
  return { code, seconds, userSeconds, rssMB: peakKiB / 1024, stdout: stdout(), stderr: stderr() };
}

/**
 * Runs each argv in `runs` in turn (the first also warms the page cache) and keeps the fastest.
 * Resolves to that run, or to { error } when any run exits with a code outside `okCodes`.
 */
export async function measureBest(runs, tools, okCodes = [0]) {
  let best;
  for (const argv of runs) {
    const result = await runOnce(argv, tools);
    if (!okCodes.includes(result.code)) {
      const why = result.stderr.trim().split('\n').find((l) => l.trim() !== '') ?? '';
      return { error: `exit ${result.code}${why ? `: ${why.trim().slice(0, 160)}` : ''}` };
    }
    if (best === undefined || result.seconds < best.seconds) best = result;
  }
  return best;
}

/** Quotes a word for sh -c. */
export function shellQuote(word) {
  return `'${String(word).replace(/'/g, `'\\''`)}'`;
}
