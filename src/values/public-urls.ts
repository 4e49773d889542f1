// Where a URL on a line goes — the gateway's kind of host or another service's public one — for
// the request contexts (context-finders.ts) and the token shapes (token-shapes.ts): a value sent
// to a public host is that service's, not the gateway token (docs/product.md §5).

/*
 * `curl https://api.particle.io/v1/devices -H "Authorization: Bearer …"`,
 * `https://kagi.com/search?token=…`: a request whose line names only public hosts, none of them
 * the gateway's, carries that service's credential (other scanners' rule examples are full of
 * them). The gateway is reached on loopback, a private address, a one-label or .local/.internal/
 * .lan/.home/.ts.net name; a line that names OpenClaw, a gateway, port 18789 or a `/hooks/` path
 * keeps its credential, and so does a line with no URL. A bare 48-hex value there is still
 * token-shaped-string's `high`.
 */
// A URL may follow an escaped line break (`… \\\nhttps://…`: a JSON string holding a continued
// curl command, as Nosey Parker's rule snapshots do).
const URL_HOST_RE = /(?:\b|(?<=\\[nrt]))https?:\/\/(?:[^\s/@"'`\\]*@)?(\[[^\]]*\]|[^\s/:?#"'`\\]+)/gi;
const GATEWAY_HOST_RE = /^(?:\[|localhost$|127\.|0\.0\.0\.0$|10\.|192\.168\.|172\.(?:1[6-9]|2\d|3[01])\.|100\.(?:6[4-9]|[7-9]\d|1[01]\d|12[0-7])\.|[^.]+$)|\.(?:local|localhost|internal|lan|home|ts\.net)\.?$/i;
const NAMES_GATEWAY_RE = /openclaw|clawdbot|moltbot|gateway|:18789\b|\/hooks\//i;

/** Where a request on `text` goes: the gateway, only public hosts, or it does not say (no URL). */
export type Address = 'gateway' | 'elsewhere' | undefined;

export function addressOf(text: string): Address {
  if (NAMES_GATEWAY_RE.test(text)) return 'gateway';
  let elsewhere = false;
  URL_HOST_RE.lastIndex = 0;
  for (let m = URL_HOST_RE.exec(text); m !== null; m = URL_HOST_RE.exec(text)) {
    if (GATEWAY_HOST_RE.test(m[1]!)) return 'gateway';
    elsewhere = true;
  }
  return elsewhere ? 'elsewhere' : undefined;
}

/*
 * A token shape inside a URL to a public host — a path segment or a query value — is that site's
 * id, never the gateway's token: the gateway takes its token in a header, `?token=` or `#token=`,
 * and is reached on a host of its own kind (Google's `&ved=`, Baidu's `link?url=`, LinkedIn's
 * image `&t=`, GitHub's user-content paths in agents' session logs and scraped pages: 180 findings
 * in the five corpora). Not when the URL names the gateway (NAMES_GATEWAY_RE), goes to a gateway
 * kind of host, or the parameter's name names a credential (`?token=`, `&api_key=`, `#auth=`).
 * Never a value of exactly 48 lowercase hex digits: OpenClaw's generated token
 * (`randomBytes(24).toString('hex')`), which a gateway behind a public name takes in a path
 * (`https://claw.example.com/<token>/chat`, a hook URL) or a parameter of its own (`?t=`); the
 * sites' ids above are base64url or 64 hex, and none of the five corpora's was 48 hex.
 */
const URL_CHAR = new Uint8Array(128);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&()*+,;=%") URL_CHAR[c.charCodeAt(0)] = 1;
const URL_LOOK_BACK = 2048;
const SCHEME_BEFORE_RE = /https?:\/\/$/i;
const PARAMETER_BEFORE_RE = /[?&#;]([\w.-]{1,64})=$/;
const CREDENTIAL_PARAMETER_RE = /token|key|secret|pass|auth|cred/i;
const HOST_RE = /^(?:[^\s/@?#]*@)?(\[[^\]]*\]|[^\s/:?#]+)/;
const GENERATED_TOKEN_RE = /^[0-9a-f]{48}$/;

export function isInPublicUrl(text: string, start: number, end: number): boolean {
  if (end - start === 48 && GENERATED_TOKEN_RE.test(text.slice(start, end))) return false;
  let i = start;
  const floor = Math.max(0, start - URL_LOOK_BACK);
  while (i > floor && text.charCodeAt(i - 1) < 128 && URL_CHAR[text.charCodeAt(i - 1)] === 1) i--;
  const url = text.slice(i, start);
  const scheme = url.search(/https?:\/\//i);
  if (scheme < 0) return false;
  const rest = url.slice(scheme).replace(/^https?:\/\//i, '');
  // The value itself must follow the host: `https://<value>` is a host name, not a path.
  const host = HOST_RE.exec(rest);
  if (host === null || host[0].length >= rest.length || SCHEME_BEFORE_RE.test(url)) return false;
  if (GATEWAY_HOST_RE.test(host[1]!) || NAMES_GATEWAY_RE.test(url.slice(scheme)) || NAMES_GATEWAY_RE.test(text.slice(start, end + 1))) return false;
  const parameter = PARAMETER_BEFORE_RE.exec(url);
  return parameter === null ? url.endsWith('/') || url.endsWith('-') || url.endsWith('_') || url.endsWith('.') : !CREDENTIAL_PARAMETER_RE.test(parameter[1]!);
}
