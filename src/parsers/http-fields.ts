// Fields every HTTP log carries in some spelling: the client address, the request target and the
// status. Shared by the gateway access log (docs/product.md §3.1) and the reverse-proxy access logs.

// Written when a log has no value: `-` (CLF), `?`/`n/a`/`unknown-ip` (OpenClaw's ws and audit lines).
const ABSENT = new Set(['', '-', '?', 'n/a', 'unknown', 'unknown-ip']);
const MAPPED_IPV4 = /^::ffff:(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/i;

/**
 * Client IP without port: `203.0.113.7:51234` → `203.0.113.7`, `[2001:db8::7]:443` →
 * `2001:db8::7`. A bare IPv6 address has several colons and is kept whole. Node reports IPv4
 * clients of a dual-stack socket as `::ffff:a.b.c.d`; that is the same client a proxy logs as
 * `a.b.c.d`, so it is unwrapped to keep one source per client across logs.
 */
export function clientAddress(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let v = value.trim();
  if (ABSENT.has(v)) return undefined;
  if (v.startsWith('[')) {
    const end = v.indexOf(']');
    v = end === -1 ? v.slice(1) : v.slice(1, end);
  } else {
    const colon = v.indexOf(':');
    if (colon !== -1 && colon === v.lastIndexOf(':')) v = v.slice(0, colon);
  }
  if (v.charCodeAt(0) === 58 /* : */) v = MAPPED_IPV4.exec(v)?.[1] ?? v;
  return ABSENT.has(v) ? undefined : v;
}

/** The request path without query string or fragment: a query can hold the token (docs/product.md §3.3). */
export function pathOnly(target: string | undefined): string | undefined {
  if (target === undefined) return undefined;
  let end = target.length;
  const q = target.indexOf('?');
  if (q !== -1) end = q;
  const h = target.indexOf('#');
  if (h !== -1 && h < end) end = h;
  const path = target.slice(0, end).trim();
  return ABSENT.has(path) ? undefined : path;
}

/** An HTTP status from a number or a numeric string (nginx JSON templates quote `"$status"`). */
export function httpStatus(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d{3}\s*$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) && n >= 100 && n <= 599 ? n : undefined;
}

/** 401 and 403 on a request are failed authentications (docs/product.md §3.1). */
export function isAuthFailureStatus(status: number | undefined): boolean {
  return status === 401 || status === 403;
}

/** A value that means "nothing here" (`-`, `n/a`, …) becomes undefined. */
export function presentValue(value: string | undefined): string | undefined {
  return value === undefined || ABSENT.has(value.trim()) ? undefined : value.trim();
}
