// Findings are redacted at birth (STYLE.md 4). Given the raw token, the report's last pass replaces
// every form of it; given only its fingerprint, nothing can recognise the raw value, yet a log field
// copied into a finding (an agent name, a user agent, a request path, a reason) can hold it. So in
// every field that comes from log text, a value in a credential position (Bearer, x-openclaw-token,
// token=, Basic) and a token-shaped string (48/64 hex, 43+ base64url: the scan's shapes) become
// `[clawprint sha256:<fingerprint>]`, the marker `clawprint mask` writes: the fingerprint still
// tells a reader whether it was the exposed token. OpenClaw masks (`abcdef…wxyz`) are not secrets
// and stay, as do device ids (64 hex by design) in the `device` field.
import { findCredentials } from '../parsers/credentials.js';
import { fingerprintOf } from '../token.js';
import { isOpenclawMask } from './exclusions.js';
import type { Finding } from './finding.js';
import { findTokenShapes } from '../values/token-shapes.js';

interface Span {
  start: number;
  end: number;
  value: string;
}

function decoded(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value; // not valid percent-encoding: the value as written
  }
}

/** `text` with every credential value and token-shaped string replaced by its marker. */
export function redactSecrets(text: string): string {
  const spans: Span[] = [];
  for (const c of findCredentials(text)) {
    const value = c.kind === 'basic' ? c.value : decoded(c.value);
    if (!isOpenclawMask(value)) spans.push({ start: c.index, end: c.index + c.length, value });
  }
  // `/` cuts paths into segments here: the scan does not take a run next to `/` for base64url (it
  // is more often a slice of standard base64), but `/hooks/<token>/run` is a token in a path.
  for (const s of findTokenShapes(text.replace(/\//g, ' ')) ?? []) spans.push({ start: s.index, end: s.index + s.written.length, value: s.value });
  if (spans.length === 0) return text;
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let at = 0;
  for (const s of spans) {
    if (s.start < at) continue; // inside a span already replaced (a shape inside a Bearer value)
    out += `${text.slice(at, s.start)}[clawprint ${fingerprintOf(s.value)}]`;
    at = s.end;
  }
  return out + text.slice(at);
}

const redactList = (values: readonly string[] | undefined): string[] | undefined => values?.map(redactSecrets);

/** The finding with every field that came from log text redacted (identity, times and positions untouched). */
export function redactFinding(f: Finding): Finding {
  const out: Finding = { ...f, message: redactSecrets(f.message) };
  if (f.source !== undefined) out.source = redactSecrets(f.source);
  if (f.peer !== undefined) out.peer = redactSecrets(f.peer);
  if (f.userAgent !== undefined) out.userAgent = redactSecrets(f.userAgent);
  if (f.agent !== undefined) out.agent = redactSecrets(f.agent);
  if (f.request !== undefined) out.request = redactSecrets(f.request);
  if (f.reason !== undefined) out.reason = redactSecrets(f.reason);
  const endpoints = redactList(f.endpoints);
  if (endpoints !== undefined) out.endpoints = endpoints;
  const userAgents = redactList(f.userAgents);
  if (userAgents !== undefined) out.userAgents = userAgents;
  const agents = redactList(f.agents);
  if (agents !== undefined) out.agents = agents;
  return out;
}
