// JSON access logs of the reverse proxies in front of a gateway: nginx (`log_format … escape=json`
// with the variables' own names as keys), Caddy (`http.log.access`), Traefik (its field names).
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

function firstText(obj: JsonObject, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = presentValue(textOf(obj[key]));
    if (value !== undefined) return value;
  }
  return undefined;
}

/** The first present time field of `keys`, read. */
function readTime(obj: JsonObject, keys: readonly string[], ctx: ParseContext): TimeField {
  for (const key of keys) {
    const field = readTimeField(obj[key], ctx);
    if (field.time !== undefined || field.unreadable) return field;
  }
  return { unreadable: false };
}

function timed(field: TimeField, record: Omit<AccessRecord, 'time' | 'unreadableTime'>): AccessRecord {
  return { time: field.time, ...(field.unreadable ? { unreadableTime: true } : {}), ...record };
}

/** `"POST /path?x HTTP/1.1"` → method and target; undefined for junk (TLS bytes sent to port 80). */
export function splitRequestLine(request: string): { method: string; target: string } | undefined {
  const m = /^([A-Z][A-Z0-9_-]*) (\S+)(?: HTTP\/[\d.]+)?$/.exec(request.trim());
  return m ? { method: m[1]!, target: m[2]! } : undefined;
}

// Caddy: `ts` is epoch seconds as a float; the request is a nested object whose headers are
// arrays; `client_ip` is the client after trusted proxies, `remote_ip` the peer.
function readCaddy(obj: JsonObject, request: JsonObject, ctx: ParseContext): AccessRecord {
  const headers = isJsonObject(request['headers']) ? request['headers'] : {};
  const agent = headers['User-Agent'];
  return timed(readTime(obj, ['ts'], ctx), {
    fields: {
      source: clientAddress(firstText(request, ['client_ip', 'remote_ip', 'remote_addr'])),
      method: firstText(request, ['method']),
      path: pathOnly(firstText(request, ['uri'])),
      status: httpStatus(obj['status']),
      userAgent: presentValue(textOf(Array.isArray(agent) ? agent[0] : agent)),
    },
  });
}

// Traefik: `RequestPath` keeps the query; `ClientHost` is the address, `ClientAddr` with port;
// request headers are written as `request_<Name>` fields.
function readTraefik(obj: JsonObject, ctx: ParseContext): AccessRecord {
  return timed(readTime(obj, ['StartUTC', 'time', 'StartLocal'], ctx), {
    fields: {
      source: clientAddress(firstText(obj, ['ClientHost', 'ClientAddr'])),
      method: firstText(obj, ['RequestMethod']),
      path: pathOnly(firstText(obj, ['RequestPath'])),
      status: httpStatus(obj['DownstreamStatus'] ?? obj['OriginStatus']),
      userAgent: firstText(obj, ['request_User-Agent']),
    },
  });
}

const NGINX_TIME = ['time_iso8601', 'time_local', '@timestamp', 'msec', 'time', 'timestamp'];

// nginx: keys are whatever the log_format names them, by convention the variable names.
function readNginx(obj: JsonObject, ctx: ParseContext): AccessRecord {
  const request = firstText(obj, ['request']);
  const parts = request !== undefined ? splitRequestLine(request) : undefined;
  return timed(readTime(obj, NGINX_TIME, ctx), {
    fields: {
      source: clientAddress(firstText(obj, ['remote_addr'])),
      method: parts?.method ?? firstText(obj, ['request_method']),
      path: pathOnly(parts?.target ?? firstText(obj, ['request_uri', 'uri'])),
      status: httpStatus(obj['status']),
      userAgent: firstText(obj, ['http_user_agent']),
    },
  });
}

/** The request of a JSON access log line, or undefined when the object is none of these logs. */
export function readAccessJson(obj: JsonObject, ctx: ParseContext): AccessRecord | undefined {
  const has = (key: string): boolean => Object.hasOwn(obj, key);
  const request = obj['request'];
  const logger = obj['logger'];
  if (isJsonObject(request) && ((typeof logger === 'string' && logger.startsWith('http.log.access')) || Object.hasOwn(request, 'method'))) {
    return readCaddy(obj, request, ctx);
  }
  // Caddy logs its other loggers (`http.handlers.reverse_proxy`, `tls`, …) to the same output.
  if (typeof logger === 'string' && has('ts')) return timed(readTime(obj, ['ts'], ctx), {});
  if (has('RequestMethod') || has('DownstreamStatus') || has('ClientHost') || has('RequestPath')) return readTraefik(obj, ctx);
  if (typeof request === 'string' || has('request_method') || has('request_uri')) return readNginx(obj, ctx);
  return undefined;
}
