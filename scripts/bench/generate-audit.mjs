// The audit corpus: a gateway JSONL access log (docs/product.md §3.1) over three days. Most traffic is
// authenticated with the current token; about 1% of lines use the leaked one — two internal
// clients that always held it (before, inside and after the window) and a handful of outside
// sources that appear only inside the window, some passing it raw as `?token=`. Registrations,
// WebSocket connects and auth failures (with a brute-force burst) are sprinkled in.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, openSync, closeSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { ChunkWriter } from './cache.mjs';
import { isoMillis } from './iso-time.mjs';
import { rngFor } from './prng.mjs';

export const AUDIT_GENERATOR_VERSION = 1;

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

function request(ts, method, path, status, ip, ua, fp, agent) {
  return `{"ts":"${ts}","event":"http.request","method":"${method}","path":"${path}","status":${status},"remote_addr":"${ip}","user_agent":"${ua}"${fp ? `,"token_fp":"${fp}"` : ''}${agent ? `,"agent":"${agent}"` : ''}}\n`;
}

/** Writes about `targetBytes` of log to `file`; returns what was planted, for the report. */
export function generateAuditLog(file, targetBytes) {
  const rng = rngFor('audit-lines');
  const tokens = benchTokens();
  const p = buildPools();
  const out = new ChunkWriter(file);
  const counts = { lines: 0, leakedFpLines: 0, leakedRawLines: 0, leakedUsesInWindow: 0, registrations: 0, connects: 0, authFailures: 0 };

  while (out.size < targetBytes) {
    const t = START + Math.floor((SPAN_MS * out.size) / targetBytes);
    const ts = `${isoMillis(t)}Z`;
    const r = rng.next();
    counts.lines++;
    if (r < 0.01) {
      out.write(leakedUse(rng, p, tokens, t, ts, counts));
    } else if (r < 0.013) {
      const agent = rng.pick(p.agents);
      const channels = `["${rng.pick(CHANNELS)}","${rng.pick(CHANNELS)}"]`;
      counts.registrations++;
      out.write(`{"ts":"${ts}","event":"agent.register","agent":"${agent}","channels":${channels},"remote_addr":"${p.home.get(agent)}","token_fp":"${tokens.currentFp}"}\n`);
    } else if (r < 0.025) {
      const agent = rng.pick(p.agents);
      counts.connects++;
      out.write(`{"ts":"${ts}","event":"ws.connect","path":"/ws","remote_addr":"${p.home.get(agent)}","user_agent":"${rng.pick(AGENT_UAS)}","token_fp":"${tokens.currentFp}","agent":"${agent}"}\n`);
    } else if (r < 0.03) {
      const ip = rng.chance(0.4) ? rng.pick(p.scanners) : rng.pick(p.apiIps);
      const path = rng.pick(p.apiPaths);
      counts.authFailures++;
      out.write(
        rng.chance(0.5)
          ? `{"ts":"${ts}","event":"auth.failed","method":"POST","path":"${path}","status":401,"remote_addr":"${ip}","user_agent":"${rng.pick(API_UAS)}","reason":"token_mismatch"}\n`
          : request(ts, rng.pick(METHODS), path, rng.chance(0.8) ? 401 : 403, ip, rng.pick(API_UAS), undefined, undefined),
      );
    } else if (rng.chance(0.5)) {
      const agent = rng.pick(p.agents);
      out.write(request(ts, rng.pick(METHODS), rng.pick(p.agentPaths.get(agent)), rng.pick(STATUSES), p.home.get(agent), rng.pick(AGENT_UAS), tokens.currentFp, agent));
    } else {
      out.write(request(ts, rng.pick(METHODS), rng.pick(p.apiPaths), rng.pick(STATUSES), rng.pick(p.apiIps), rng.pick(API_UAS), tokens.currentFp, undefined));
    }
  }
  return { bytes: out.close(), ...counts };
}

function leakedUse(rng, p, tokens, t, ts, counts) {
  const inWindow = t >= SINCE_MS && t < UNTIL_MS;
  const attacker = inWindow && rng.chance(0.45);
  const ip = attacker ? rng.pick(p.attackers) : undefined;
  const holder = attacker ? undefined : rng.pick(p.holders);
  if (attacker && rng.chance(0.005)) {
    counts.leakedFpLines++;
    counts.registrations++;
    return `{"ts":"${ts}","event":"agent.register","agent":"${rng.pick(['scraper-x', 'exfil-bot'])}","channels":"webhook","remote_addr":"${ip}","token_fp":"${tokens.leakedFp}"}\n`;
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
  return request(ts, attacker ? rng.pick(['GET', 'POST']) : 'POST', path, 200, ip ?? holder.ip, ua, fp, undefined);
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
