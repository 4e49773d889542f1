// The audit corpus: a gateway JSONL access log (docs/product.md §3.1) over three days. Most traffic is
// authenticated with the current token; about 1% of lines use the leaked one — two internal
// clients that always held it (before, inside and after the window) and a handful of outside
// sources that appear only inside the window, some passing it raw as `?token=`. Registrations,
// WebSocket connects and auth failures (with a brute-force burst) are sprinkled in.
//
// Variants (BENCH_VARIANT, docs/performance.md): the same traffic with the fields in another
// order, another share of leaked-token lines, or shorter or longer lines, so the audit's speed is
// not tuned to one generator's bytes. `standard` is the corpus the published figures use.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, openSync, closeSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { ChunkWriter } from './cache.mjs';
import { isoMillis } from './iso-time.mjs';
import { rngFor } from './prng.mjs';

export const AUDIT_GENERATOR_VERSION = 1;

/**
 * leak: share of lines using the leaked token; order: the key order of every record; size:
 * `standard` (~245 B lines), `short` (~170 B: no user agent on routine requests, short paths),
 * `long` (~2 KB: request and response headers logged with every record).
 */
export const AUDIT_VARIANTS = {
  standard: { leak: 0.01, order: 'standard', size: 'standard' },
  order: { leak: 0.01, order: 'reversed', size: 'standard' },
  'leak-0.1': { leak: 0.001, order: 'standard', size: 'standard' },
  'leak-5': { leak: 0.05, order: 'standard', size: 'standard' },
  'leak-30': { leak: 0.3, order: 'standard', size: 'standard' },
  short: { leak: 0.01, order: 'standard', size: 'short' },
  long: { leak: 0.01, order: 'standard', size: 'long' },
};

const START = Date.UTC(2025, 1, 19, 0, 0, 0);
const SPAN_MS = 3 * 24 * 3600 * 1000;
/** The exposure window the audit is asked about: since <= t < until. */
export const WINDOW = { since: '2025-02-20T14:03:00Z', until: '2025-02-21T18:30:00Z' };
const SINCE_MS = Date.parse(WINDOW.since);
const UNTIL_MS = Date.parse(WINDOW.until);

export function fingerprintOf(token) {
  return `sha256:${createHash('sha256').update(token, 'utf8').digest('hex').slice(0, 12)}`;
}

/** The leaked and the current gateway token: 48 lowercase hex, like onboarding generates. */
export function benchTokens() {
  const rng = rngFor('audit-tokens');
  const leaked = rng.hex(48);
  const current = rng.hex(48);
  const leakedFp = fingerprintOf(leaked);
  return { leaked, leakedFp, leakedFpHex: leakedFp.slice('sha256:'.length), current, currentFp: fingerprintOf(current) };
}

const ROLES = ['researcher', 'scraper', 'planner', 'coder', 'reviewer', 'triage', 'summarizer', 'scheduler', 'notifier', 'indexer'];
const SUFFIXES = ['', '-2', '-eu', '-us', '-batch'];
const CHANNELS = ['slack', 'email', 'discord', 'telegram', 'webhook', 'matrix'];
const API_UAS = [
  'curl/8.5.0', 'curl/7.88.1', 'python-requests/2.32.3', 'python-httpx/0.27.0', 'Go-http-client/1.1',
  'node-fetch/1.0 (+https://github.com/bitinn/node-fetch)', 'axios/1.7.2', 'okhttp/4.12.0',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_3) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15',
  'openclaw-cli/2026.2.1', 'openclaw-control-ui/2026.2.1', 'Grafana/10.3.1', 'Prometheus/2.49.1', 'PostmanRuntime/7.36.3',
];
const AGENT_UAS = ['openclaw-agent/2026.2.1', 'openclaw-agent/2026.1.28', 'openclaw-agent/2026.2.1 (linux; arm64)'];
const ATTACKER_UAS = ['python-requests/2.31.0', 'curl/8.4.0', 'Go-http-client/2.0', 'Mozilla/5.0 zgrab/0.x'];
const ATTACKER_PATHS = ['/api/v1/agents', '/api/v1/memory/search?q=password', '/api/v1/memory/export', '/tools/invoke', '/api/v1/channels', '/api/v1/agents/researcher/messages'];

function ipv4(rng) {
  const r = rng.next();
  if (r < 0.6) return `10.${rng.int(32)}.${rng.int(256)}.${rng.range(1, 254)}`;
  if (r < 0.75) return `172.${rng.range(16, 31)}.${rng.int(256)}.${rng.range(1, 254)}`;
  const first = rng.pick([34, 35, 52, 54, 81, 91, 104, 145, 185, 203]);
  return `${first}.${rng.int(256)}.${rng.int(256)}.${rng.range(1, 254)}`;
}

function buildPools() {
  const rng = rngFor('audit-pools');
  const agents = ROLES.flatMap((role) => SUFFIXES.map((s) => role + s)).slice(0, 40);
  const home = new Map(agents.map((a) => [a, `10.${rng.range(40, 47)}.${rng.int(256)}.${rng.range(1, 254)}`]));
  const apiIps = Array.from({ length: 3000 }, () => ipv4(rng));
  const agentPaths = new Map(agents.map((a) => [a, ['messages', 'memory', 'tasks', 'status', 'tools/invoke'].map((p) => `/api/v1/agents/${a}/${p}`)]));
  const apiPaths = [
    '/api/v1/health', '/api/v1/agents', '/api/v1/channels', '/tools/invoke', '/v1/chat/completions', '/api/v1/metrics', '/hooks/wake',
    ...Array.from({ length: 400 }, () => `/api/v1/tasks/${rng.hex(8)}`),
    ...Array.from({ length: 400 }, () => `/api/v1/sessions/${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}`),
    ...Array.from({ length: 200 }, () => `/api/v1/memory/search?q=${rng.pick(['deploy', 'invoice', 'roadmap', 'oncall', 'q3+plan', 'incident'])}&limit=${rng.range(5, 50)}`),
  ];
  const attackers = Array.from({ length: 5 }, () => `${rng.pick([45, 89, 146, 185, 193])}.${rng.int(256)}.${rng.int(256)}.${rng.range(1, 254)}`);
  const scanners = Array.from({ length: 3 }, () => `${rng.pick([61, 112, 141, 222])}.${rng.int(256)}.${rng.int(256)}.${rng.range(1, 254)}`);
  const holders = [
    { ip: '10.20.0.5', ua: 'openclaw-cli/2026.1.28', path: '/api/v1/agents' },
    { ip: '10.20.0.9', ua: 'curl/7.88.1', path: '/hooks/wake' },
  ];
  return { agents, home, apiIps, agentPaths, apiPaths, attackers, scanners, holders };
}

const METHODS = ['GET', 'GET', 'GET', 'GET', 'GET', 'GET', 'POST', 'POST', 'POST', 'POST', 'PUT', 'DELETE'];
const STATUSES = [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 201, 204, 204, 404, 429, 500];

/** One JSON record from [key, JSON value] pairs, in the variant's key order. */
function record(variant, pairs) {
  const ordered = variant.order === 'reversed' ? reorder(pairs) : pairs;
  return `{${ordered.map(([k, v]) => `"${k}":${v}`).join(',')}}\n`;
}

/** Another order a logger may use: who first, then the credential, the request, the time last. */
const KEY_RANK = ['remote_addr', 'token_fp', 'agent', 'user_agent', 'status', 'path', 'method', 'channels', 'reason', 'event', 'headers', 'ts'];
const reorder = (pairs) => [...pairs].sort((a, b) => KEY_RANK.indexOf(a[0]) - KEY_RANK.indexOf(b[0]));

const str = (text) => `"${text}"`;

function request(variant, ts, method, path, status, ip, ua, fp, agent, extra) {
  if (variant.order === 'standard' && variant.size === 'standard') {
    // The standard corpus's exact bytes (its cached copies and published figures stay valid).
    return `{"ts":"${ts}","event":"http.request","method":"${method}","path":"${path}","status":${status},"remote_addr":"${ip}","user_agent":"${ua}"${fp ? `,"token_fp":"${fp}"` : ''}${agent ? `,"agent":"${agent}"` : ''}}\n`;
  }
  const pairs = [['ts', str(ts)], ['event', '"http.request"'], ['method', str(method)], ['path', str(path)], ['status', String(status)], ['remote_addr', str(ip)]];
  if (ua !== undefined) pairs.push(['user_agent', str(ua)]);
  if (fp) pairs.push(['token_fp', str(fp)]);
  if (agent) pairs.push(['agent', str(agent)]);
  if (extra !== undefined) pairs.push(['headers', extra]);
  return record(variant, pairs);
}

/** Routine requests in the `short` variant log no user agent and hit short paths. */
const SHORT_PATHS = ['/api/v1/health', '/api/v1/agents', '/tools/invoke', '/hooks/wake', '/v1/chat/completions', '/api/v1/metrics'];

const ACCEPTS = ['application/json', '*/*', 'application/json, text/plain, */*', 'text/event-stream'];
const LANGS = ['en-US,en;q=0.9', 'de-DE,de;q=0.9,en;q=0.8', 'fr-FR,fr;q=0.9', 'en-GB,en;q=0.7'];

/**
 * The `long` variant's headers object (~1.9 KB): what a gateway logs when header logging is on.
 * Its values are random per line (request ids, trace ids, a cookie-less session hint), so the
 * lines do not compress to nothing.
 */
function headers(rng) {
  const h = [
    ['accept', rng.pick(ACCEPTS)], ['accept-encoding', 'gzip, deflate, br'], ['accept-language', rng.pick(LANGS)],
    ['content-type', 'application/json; charset=utf-8'], ['x-request-id', `${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}`],
    ['traceparent', `00-${rng.hex(32)}-${rng.hex(16)}-01`], ['tracestate', `vendor=${rng.hex(16)},cfg=${rng.hex(8)}`],
    ['x-forwarded-proto', 'https'], ['x-forwarded-port', '443'], ['x-amzn-trace-id', `Root=1-${rng.hex(8)}-${rng.hex(24)}`],
    ['sec-ch-ua', '\\"Chromium\\";v=\\"121\\", \\"Not A(Brand\\";v=\\"99\\"'], ['sec-fetch-mode', 'cors'], ['sec-fetch-site', 'same-origin'],
    ['cache-control', 'no-cache'], ['x-client-build', `${rng.hex(40)}`], ['x-session-hint', rng.hex(64)],
    ['baggage', `userId=${rng.hex(12)},tenant=${rng.hex(10)},region=eu-west-1,deployment=${rng.hex(20)},experiment=${rng.hex(24)}`],
    ['x-debug-context', Array.from({ length: 20 }, () => rng.hex(40)).join('.')],
  ];
  return `{${h.map(([k, v]) => `"${k}":"${v}"`).join(',')}}`;
}
/** Writes about `targetBytes` of log to `file`; returns what was planted, for the report. */
export function generateAuditLog(file, targetBytes, variant = AUDIT_VARIANTS.standard) {
  const rng = rngFor('audit-lines');
  // The `long` variant's header values come from their own stream: the traffic stays the same.
  const hrng = rngFor('audit-headers');
  const extra = () => (variant.size === 'long' ? headers(hrng) : undefined);
  const share = variant.leak;
  // Registrations, connects and auth failures keep their share; routine traffic fills the rest.
  const [reg, conn, fail] = [share + 0.003, share + 0.015, share + 0.02];
  const short = variant.size === 'short';
  const tokens = benchTokens();
  const p = buildPools();
  const out = new ChunkWriter(file);
  const counts = { lines: 0, leakedFpLines: 0, leakedRawLines: 0, leakedUsesInWindow: 0, registrations: 0, connects: 0, authFailures: 0 };

  while (out.size < targetBytes) {
    const t = START + Math.floor((SPAN_MS * out.size) / targetBytes);
    const ts = `${isoMillis(t)}Z`;
    const r = rng.next();
    counts.lines++;
    if (r < share) {
      out.write(leakedUse(rng, p, tokens, t, ts, counts, variant, extra));
    } else if (r < reg) {
      const agent = rng.pick(p.agents);
      const channels = `["${rng.pick(CHANNELS)}","${rng.pick(CHANNELS)}"]`;
      counts.registrations++;
      out.write(
        record(variant, [['ts', str(ts)], ['event', '"agent.register"'], ['agent', str(agent)], ['channels', channels], ['remote_addr', str(p.home.get(agent))], ['token_fp', str(tokens.currentFp)], ...extraPair(extra())]),
      );
    } else if (r < conn) {
      const agent = rng.pick(p.agents);
      counts.connects++;
      out.write(
        record(variant, [
          ['ts', str(ts)], ['event', '"ws.connect"'], ['path', '"/ws"'], ['remote_addr', str(p.home.get(agent))], ['user_agent', str(rng.pick(AGENT_UAS))],
          ['token_fp', str(tokens.currentFp)], ['agent', str(agent)], ...extraPair(extra()),
        ]),
      );
    } else if (r < fail) {
      const ip = rng.chance(0.4) ? rng.pick(p.scanners) : rng.pick(p.apiIps);
      const path = rng.pick(p.apiPaths);
      counts.authFailures++;
      out.write(
        rng.chance(0.5)
          ? record(variant, [
              ['ts', str(ts)], ['event', '"auth.failed"'], ['method', '"POST"'], ['path', str(path)], ['status', '401'], ['remote_addr', str(ip)],
              ['user_agent', str(rng.pick(API_UAS))], ['reason', '"token_mismatch"'], ...extraPair(extra()),
            ])
          : request(variant, ts, rng.pick(METHODS), path, rng.chance(0.8) ? 401 : 403, ip, rng.pick(API_UAS), undefined, undefined, extra()),
      );
    } else if (rng.chance(0.5)) {
      const agent = rng.pick(p.agents);
      // Picks in the standard generator's order: its bytes do not change.
      const method = rng.pick(METHODS);
      const path = rng.pick(p.agentPaths.get(agent));
      const status = rng.pick(STATUSES);
      const ua = rng.pick(AGENT_UAS);
      out.write(request(variant, ts, method, short ? rng.pick(SHORT_PATHS) : path, status, p.home.get(agent), short ? undefined : ua, tokens.currentFp, short ? undefined : agent, extra()));
    } else {
      const method = rng.pick(METHODS);
      const path = rng.pick(p.apiPaths);
      const status = rng.pick(STATUSES);
      const ip = rng.pick(p.apiIps);
      const ua = rng.pick(API_UAS);
      out.write(request(variant, ts, method, short ? rng.pick(SHORT_PATHS) : path, status, ip, short ? undefined : ua, tokens.currentFp, undefined, extra()));
    }
  }
  return { bytes: out.close(), ...counts };
}

const extraPair = (value) => (value === undefined ? [] : [['headers', value]]);

function leakedUse(rng, p, tokens, t, ts, counts, variant, extra) {
  const inWindow = t >= SINCE_MS && t < UNTIL_MS;
  const attacker = inWindow && rng.chance(0.45);
  const ip = attacker ? rng.pick(p.attackers) : undefined;
  const holder = attacker ? undefined : rng.pick(p.holders);
  if (attacker && rng.chance(0.005)) {
    counts.leakedFpLines++;
    counts.registrations++;
    const agent = rng.pick(['scraper-x', 'exfil-bot']);
    return record(variant, [['ts', str(ts)], ['event', '"agent.register"'], ['agent', str(agent)], ['channels', '"webhook"'], ['remote_addr', str(ip)], ['token_fp', str(tokens.leakedFp)], ...extraPair(extra())]);
  }
  const ua = attacker ? rng.pick(ATTACKER_UAS) : holder.ua;
  let path = attacker ? rng.pick(ATTACKER_PATHS) : holder.path;
  let fp = tokens.leakedFp;
  // A token passed in the query string is logged raw; the gateway may or may not also log its fp.
  if (rng.chance(attacker ? 0.15 : 0.1)) {
    path = `${attacker ? '/hooks/wake' : path}?token=${tokens.leaked}`;
    counts.leakedRawLines++;
    if (rng.chance(0.5)) fp = undefined;
  }
  if (fp) counts.leakedFpLines++;
  if (inWindow) counts.leakedUsesInWindow++;
  return request(variant, ts, attacker ? rng.pick(['GET', 'POST']) : 'POST', path, 200, ip ?? holder.ip, ua, fp, undefined, extra());
}

/** gzip -6 when the gzip binary exists (what a real rotated log looks like), else node zlib. */
export async function gzipFile(src, dst, haveGzip) {
  if (haveGzip) {
    const fd = openSync(dst, 'w');
    try {
      const code = await new Promise((resolve, reject) => {
        const child = spawn('gzip', ['-c', '-6', src], { stdio: ['ignore', fd, 'inherit'] });
        child.on('error', reject);
        child.on('close', resolve);
      });
      if (code !== 0) throw new Error(`gzip exited with ${code}`);
    } finally {
      closeSync(fd);
    }
  } else {
    await pipeline(createReadStream(src), createGzip({ level: 6 }), createWriteStream(dst));
  }
}
