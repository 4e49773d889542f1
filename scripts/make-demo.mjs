#!/usr/bin/env node
// Writes fixtures/demo/: a small, realistic incident for `npm run demo` and the end-to-end tests.
// Deterministic: tokens are derived from fixed labels (fake, never real secrets), so re-running
// produces the same files. The story:
//   09:00  researcher (10.0.0.5) and planner (10.0.0.6) register and work with the gateway token
//   13:59  a deploy job echoes its curl with the token (GitHub Actions log: token-exposure)
//   14:00  the token leaks (CI log)                                  --since
//   14:40  203.0.113.7 (curl) starts using it: memory reads, messages, ?token= on /hooks/wake
//   14:45  203.0.113.7 tries to change the config: refused (403), still a use of the token
//   15:05  planner registers again, from 203.0.113.7                  known agent, new source
//   15:12  scraper-x registers from 198.51.100.9                      unknown agent
//   15:20  the rotated gateway log ends; 15:30 OpenClaw file log starts (10-minute coverage gap)
//   15:30  an unknown device is auto-approved for pairing
//   16:10  OpenClaw reloads gateway.auth.token
//   16:45  192.0.2.44 fails authentication 12 times
//   17:05  a webchat connection from 198.51.100.23, a source never seen before (unattributed)
//   18:29  gateway auth rotated (close 4001)
//   18:30  new token in use                                          --until
//   18:40  planner still uses the old token, and it is accepted       rotation incomplete
//   18:50  203.0.113.7 tries the old token and is rejected
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';

const dir = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'fixtures', 'demo');
const sha = (s) => createHash('sha256').update(s).digest('hex');
const leaked = sha('clawprint demo: leaked gateway token').slice(0, 48);
const rotated = sha('clawprint demo: rotated gateway token').slice(0, 48);
const fp = (t) => `sha256:${sha(t).slice(0, 12)}`;
const device = (label) => sha(`clawprint demo device ${label}`);
const at = (hhmm, s = 0) => {
  const [h, m] = hhmm.split(':').map(Number);
  return new Date(Date.UTC(2025, 1, 21, h, m, s)).getTime();
};
const iso = (ms) => new Date(ms).toISOString();

// Gateway access log (gateway-jsonl), split by rotation into .1.gz (09:00–15:20) and current (16:40–19:10).
const gw = [];
const req = (ms, ip, ua, method, p, status, token, agent) =>
  gw.push([ms, JSON.stringify({ ts: iso(ms), event: 'http.request', method, path: p, status, remote_addr: ip, user_agent: ua, token_fp: fp(token), ...(agent ? { agent } : {}) })]);
for (let ms = at('09:00'); ms < at('19:10'); ms += 5 * 60_000) {
  const token = ms >= at('18:30') ? rotated : leaked;
  req(ms + 7_000, '10.0.0.5', 'python-httpx/0.27', 'POST', '/api/v1/agents/researcher/messages', 200, token, 'researcher');
  req(ms + 31_000, '10.0.0.6', 'openclaw-agent/2026.2.1', 'GET', '/api/v1/agents/planner/tasks', 200, ms >= at('18:30') && ms < at('18:45') ? leaked : token, 'planner');
}
gw.push([at('09:00', 1), JSON.stringify({ ts: iso(at('09:00', 1)), event: 'agent.register', agent: 'researcher', channels: ['slack'], remote_addr: '10.0.0.5', token_fp: fp(leaked) })]);
gw.push([at('09:00', 2), JSON.stringify({ ts: iso(at('09:00', 2)), event: 'agent.register', agent: 'planner', channels: 'email,slack', remote_addr: '10.0.0.6', token_fp: fp(leaked) })]);
gw.push([at('14:30', 1), JSON.stringify({ ts: iso(at('14:30', 1)), event: 'agent.register', agent: 'researcher', channels: ['slack'], remote_addr: '10.0.0.5', token_fp: fp(leaked) })]);
for (const [hhmm, method, p] of [['14:40', 'GET', '/api/v1/memory'], ['14:41', 'GET', '/api/v1/memory?scope=all'], ['14:52', 'POST', '/api/v1/agents/researcher/messages'], ['15:11', 'POST', '/api/v1/tasks']]) {
  req(at(hhmm, 12), '203.0.113.7', 'curl/8.5.0', method, p, 200, leaked);
}
// A scope denial: the token is valid, the request is refused. What the attacker tried is evidence too.
req(at('14:45', 30), '203.0.113.7', 'curl/8.5.0', 'POST', '/api/v1/config', 403, leaked);
gw.push([at('15:05', 3), JSON.stringify({ time: '2025-02-21T16:05:03+01:00', type: 'agent.registered', agent_id: 'planner', channels: ['slack'], client_ip: '203.0.113.7', auth: { fingerprint: `sha256:${sha(leaked).slice(0, 16)}` } })]);
gw.push([at('15:12', 40), JSON.stringify({ time: '2025-02-21T16:12:40+01:00', type: 'agent.register', agent_id: 'scraper-x', channels: ['slack', 'webhook'], client_ip: '198.51.100.9', user_agent: 'Go-http-client/1.1', auth: { fingerprint: `sha256:${sha(leaked).slice(0, 16)}` } })]);
for (let i = 0; i < 12; i++) {
  gw.push([at('16:45', i * 17), `{"ts":"${iso(at('16:45', i * 17))}","event":"auth.failed","remote":"192.0.2.44","ua":"python-requests/2.32","path":"/api/v1/memory","status":401}`]);
}
req(at('18:50', 5), '203.0.113.7', 'curl/8.5.0', 'GET', '/api/v1/memory', 401, leaked);
gw.sort((a, b) => a[0] - b[0]);
const older = gw.filter(([ms]) => ms <= at('15:20')).map(([, l]) => l);
const current = gw.filter(([ms]) => ms >= at('16:40')).map(([, l]) => l);

// OpenClaw's own file log (tslog JSON; `time` in the host's local zone, +01:00).
const tslog = (ms, subsystem, level, message) => {
  const local = new Date(ms + 3_600_000).toISOString().replace('Z', '+01:00');
  const name = JSON.stringify({ subsystem });
  return JSON.stringify({ 0: name, 1: message, _meta: { runtime: 'node', name, date: iso(ms), logLevelId: level === 'WARN' ? 4 : 3, logLevelName: level }, time: local });
};
const openclaw = [
  tslog(at('15:30'), 'gateway', 'INFO', `device pairing auto-approved device=${device('rogue')} role=operator`),
  tslog(at('15:31', 10), 'gateway/ws', 'INFO', 'webchat connected conn=4b1f2a remote=10.0.0.5 client=openclaw-control-ui webchat v2026.2.1'),
  tslog(at('16:10', 2), 'reload', 'INFO', 'config change detected; evaluating reload (gateway.auth.token, gateway.auth.mode)'),
  tslog(at('16:20'), 'reload', 'INFO', 'config change detected; evaluating reload (ui.theme)'),
  tslog(at('17:05', 44), 'gateway/ws', 'INFO', 'webchat connected conn=9a8b7c remote=198.51.100.23 client=openclaw-control-ui webchat v2026.2.1'),
  tslog(at('17:40'), 'gateway/ws', 'WARN', 'unauthorized conn=5e0c11 peer=203.0.113.50:51234->10.0.0.5:18789 remote=203.0.113.50 client=cli cli v2026.7.1 role=operator scopes=0 auth=token device=no platform=linux instance=n/a host=gw:18789 origin=n/a ua=n/a reason=token_mismatch'),
  tslog(at('18:29', 30), 'gateway/ws', 'INFO', 'closing 3 connections code=4001 reason=gateway auth changed cause=gateway-auth-rotated'),
  tslog(at('18:31'), 'gateway', 'INFO', `device pairing approved device=${device('laptop')} role=operator`),
];

// nginx combined access log in front of the gateway (13:50–15:00); the token leaks in a query string.
const clf = (ms) => {
  const d = new Date(ms);
  const mon = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ')[d.getUTCMonth()];
  const p2 = (n) => String(n).padStart(2, '0');
  return `${p2(d.getUTCDate())}/${mon}/${d.getUTCFullYear()}:${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000`;
};
const proxy = [];
for (let ms = at('13:50'); ms <= at('15:00'); ms += 10 * 60_000) {
  proxy.push(`10.0.0.5 - - [${clf(ms)}] "POST /api/v1/agents/researcher/messages HTTP/1.1" 200 512 "-" "python-httpx/0.27"`);
}
proxy.splice(4, 0, `203.0.113.7 - - [${clf(at('14:38', 9))}] "GET /hooks/wake?token=${encodeURIComponent(leaked)}&mode=now HTTP/1.1" 200 2 "-" "curl/8.5.0"`);
proxy.splice(2, 0, `203.0.113.7 - - [${clf(at('14:10', 0))}] "GET /hooks/wake?token=not-the-token-${'x'.repeat(8)} HTTP/1.1" 401 0 "-" "curl/8.5.0"`);

// The deploy job's GitHub Actions log: `set -x` echoed the curl with the token a few seconds before
// the time the team gave as --since (the audit prints the earlier time as the suggested --since).
const gha = (ms, text) => `${iso(ms).replace(/\.(\d{3})Z$/, '.$10000Z')} ${text}`;
const ci = [
  gha(at('13:59', 41), '##[group]Run ./scripts/smoke-test.sh'),
  gha(at('13:59', 41), 'shell: /usr/bin/bash -e {0}'),
  gha(at('13:59', 41), '##[endgroup]'),
  gha(at('13:59', 52), `+ curl -sS -H 'Authorization: Bearer ${leaked}' https://gw.internal:18789/api/v1/health`),
  gha(at('13:59', 52), '{"status":"ok","version":"2026.2.1"}'),
  gha(at('13:59', 53), '+ curl -sS -H \'Authorization: Bearer ***\' https://gw.internal:18789/api/v1/agents'),
  gha(at('13:59', 54), 'Cleaning up orphan processes'),
];

mkdirSync(path.join(dir, 'logs', 'ci'), { recursive: true });
mkdirSync(path.join(dir, 'logs', 'openclaw'), { recursive: true });
mkdirSync(path.join(dir, 'logs', 'proxy'), { recursive: true });
writeFileSync(path.join(dir, 'leaked-token.txt'), `${leaked}\n`);
writeFileSync(path.join(dir, 'rotated-token.txt'), `${rotated}\n`);
writeFileSync(path.join(dir, 'agents.txt'), `# agents and devices we run\nresearcher\nplanner\n${device('laptop')}  # ops laptop\n`);
writeFileSync(path.join(dir, 'logs', 'gateway-access.log'), current.join('\n') + '\n');
writeFileSync(path.join(dir, 'logs', 'gateway-access.log.1.gz'), gzipSync(older.join('\n') + '\n'));
writeFileSync(path.join(dir, 'logs', 'openclaw', 'openclaw-2025-02-21.log'), openclaw.join('\n') + '\n');
writeFileSync(path.join(dir, 'logs', 'proxy', 'access.log'), proxy.join('\n') + '\n');
writeFileSync(path.join(dir, 'logs', 'ci', 'deploy-smoke-test.log'), ci.join('\n') + '\n');
console.log(`wrote ${dir} (leaked token fingerprint ${fp(leaked)}, rotated ${fp(rotated)})`);
