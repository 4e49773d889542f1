// A hostile corpus for the no-leak tests, built at run time in a temporary folder (the repository's
// own scan must not see these tokens, and file names cannot hold them in git portably): a token
// inside longer field values, in file names, percent-encoded every way encoders write it, and
// across the 1 MiB cut of a long line.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface HostileToken {
  label: string;
  value: string;
}

/** A deterministic fake token of `encoding` whose text satisfies `wanted` (tries seeds in order). */
function fakeToken(encoding: 'hex' | 'base64' | 'base64url', wanted: (t: string) => boolean, length?: number): string {
  for (let seed = 0; ; seed++) {
    const t = createHash('sha256').update(`clawprint no-leak ${encoding} ${seed}`).digest(encoding).slice(0, length);
    if (wanted(t)) return t;
  }
}

/** The three shapes whose forms differ: OpenClaw's 48 hex, base64url with `_` and `-`, standard base64 with `+`, `/`, `=`. */
export const HOSTILE_TOKENS: readonly HostileToken[] = [
  { label: '48-hex', value: fakeToken('hex', (t) => /[a-f]/.test(t), 48) },
  { label: 'base64url with _ and -', value: fakeToken('base64url', (t) => t.includes('_') && t.includes('-') && /\d/.test(t)) },
  { label: 'standard base64 with + / =', value: fakeToken('base64', (t) => t.includes('+') && t.includes('/') && t.endsWith('=') && /\d/.test(t)) },
];

/** Python's urllib.parse.quote(): `/` kept, everything outside unreserved characters escaped. */
export const pyQuote = (t: string): string => encodeURIComponent(t).replace(/%2F/g, '/');
/** Every byte as `%XX`, as some clients and WAF logs write it. */
export const everyByte = (t: string, lower = false): string =>
  [...Buffer.from(t, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).map((e) => (lower ? e : e.toUpperCase())).join('');

/** Every reversible form of `t`: a reader holding any of these holds the token. */
export function reversibleForms(t: string): string[] {
  return [
    t,
    Buffer.from(t).toString('base64').replace(/=+$/, ''),
    Buffer.from(t).toString('base64url'),
    encodeURIComponent(t),
    pyQuote(t),
    everyByte(t),
    everyByte(t, true),
    JSON.stringify(t).slice(1, -1),
  ];
}

/** Every 16-character window of every reversible form: no fragment that long may be printed. */
export function forbiddenWindows(t: string): Set<string> {
  const out = new Set<string>();
  for (const form of reversibleForms(t)) for (let i = 0; i + 16 <= form.length; i++) out.add(form.slice(i, i + 16));
  return out;
}

/** The first 16-character window of `text` that is in `windows`, also once backslash escapes and `%XX` are undone. */
export function leakedWindow(text: string, windows: ReadonlySet<string>): string | undefined {
  const views = [text, text.replace(/\\(.)/g, '$1'), text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (s) => Buffer.from(s.replace(/%/g, ''), 'hex').toString('latin1'))];
  for (const view of views) {
    for (let i = 0; i + 16 <= view.length; i++) {
      const w = view.slice(i, i + 16);
      if (windows.has(w)) return w;
    }
  }
  return undefined;
}

export const fingerprintOf = (t: string): string => `sha256:${createHash('sha256').update(t).digest('hex').slice(0, 12)}`;

/** A file name that carries the token (a `/` cannot be in a name, so it is written `%2F`). */
export const nameWith = (t: string): string => t.replace(/\//g, '%2F');

export interface HostileCorpus {
  logs: string;
  /** What `mask` reads: the gateway log and a line whose 1 MiB cut falls inside the token. */
  stdin: string;
}

const at = (minute: number): string => `2025-02-21T14:${String(minute).padStart(2, '0')}:00Z`;

export function buildCorpus(t: string): HostileCorpus {
  const root = mkdtempSync(path.join(tmpdir(), 'clawprint-hostile-'));
  const logs = path.join(root, 'logs');
  mkdirSync(logs);
  const fp = fingerprintOf(t);
  const lines = [
    { ts: at(1), event: 'http.request', method: 'GET', path: `/api/v1/x?id=${encodeURIComponent(t)}&q=${pyQuote(t)}&all=${everyByte(t)}`, status: 200, remote_addr: '203.0.113.50', user_agent: `ua-x${t}-y`, agent: `bot.${t}`, token_fp: fp },
    { ts: at(2), event: 'http.request', method: 'POST', path: `/hooks/wake?token=${encodeURIComponent(t)}`, status: 200, remote_addr: '203.0.113.50', user_agent: `curl/8.5.0 (${everyByte(t, true)})`, agent: `bot_${t}` },
    { ts: at(3), event: 'agent.register', remote_addr: '203.0.113.51', agent: `bot_${t}`, user_agent: pyQuote(t) },
    { ts: at(4), event: 'agent.register', remote_addr: '203.0.113.51', agent: `x${t}`, user_agent: `k=${t};` },
    // Fragments: the token's first 20 and 16 characters in a path and a user agent.
    { ts: at(5), event: 'http.request', method: 'GET', path: `/p/${t.slice(0, 20)}/q?token=${encodeURIComponent(t)}`, status: 200, remote_addr: '203.0.113.53', user_agent: `Mozilla ${t.slice(0, 16)}`, token_fp: fp },
    ...Array.from({ length: 10 }, (_, i) => ({ ts: at(10 + i), event: 'auth.failed', remote_addr: '203.0.113.52', user_agent: `probe ${everyByte(t)}`, path: `/api/${t}` })),
  ];
  const jsonl = lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
  writeFileSync(path.join(logs, 'gateway.jsonl'), jsonl);
  // Named after the token: its path reaches findings, coverage, SARIF URIs, the baseline and stderr.
  writeFileSync(path.join(logs, `${nameWith(t)}.log`), JSON.stringify({ ts: at(30), event: 'http.request', method: 'GET', path: '/api/v1/memory', status: 200, remote_addr: '203.0.113.60', token_fp: fp }) + `\nexport OPENCLAW_GATEWAY_TOKEN=${t}\n`);
  writeFileSync(path.join(logs, `${nameWith(t)}.bin`), Buffer.from([0, 1, 2, 0, 0, 0, 255, 0]));
  // A config file named after the token, holding it: check-config's hard-coded token, by path.
  writeFileSync(path.join(logs, `.env.${nameWith(t)}`), `OPENCLAW_GATEWAY_TOKEN=${t}\n`);
  const cut = 1 << 20;
  const straddle = `${'a'.repeat(cut - 20)}${t}${'b'.repeat(300_000)}\n`;
  return { logs, stdin: jsonl + straddle };
}
