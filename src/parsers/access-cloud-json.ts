// The request logs of cloud load balancers, as their logging services export them one JSON record
// a line (docs/formats.md `access-log`):
//   Google Cloud (HTTP(S) load balancing, Cloud Run, App Engine): a LogEntry whose `httpRequest`
//     holds `requestMethod`, `requestUrl` (the whole URL, query included), `status`, `remoteIp`
//     (the client, with a port on some load balancers), `userAgent`; the entry's time `timestamp`.
//   Azure Front Door and Application Gateway (diagnostic logs, `category` and `properties`):
//     Front Door writes `requestUri` as the whole URL, `httpStatusCode` as a string, `clientIp`
//     taken from the request's X-Forwarded-For when it has one and `socketIp` the direct peer;
//     Application Gateway writes the path in `requestUri`, the query in `requestQuery`, `clientIP`
//     and `httpStatus`. The time is `time`, or `timeStamp`/`timestamp` in older exports.
//   Cloudflare Tunnel (`cloudflared --loglevel debug --logformat json`): one record for the request
//     (`message` its request line with the whole URL, `path`, the request's `headers`, `time`) and
//     one for the response (`message` `200 OK`), tied only by `connIndex` and `event`.
import { type AccessRecord, firstText, headerValue, readTime, splitRequestLine, timed, urlPath } from './access-json.js';
import { clientAddress, httpStatus, pathOnly } from './http-fields.js';
import { isJsonObject, type JsonObject } from './json-line.js';
import type { ParseContext } from './parser.js';

const AZURE_TIME = ['time', 'timeStamp', 'timestamp'];

function readGoogle(entry: JsonObject, request: JsonObject, ctx: ParseContext): AccessRecord {
  return timed(readTime(entry, ['timestamp'], ctx), {
    fields: {
      source: clientAddress(firstText(request, ['remoteIp'])),
      method: firstText(request, ['requestMethod']),
      path: pathOnly(urlPath(firstText(request, ['requestUrl']))),
      status: httpStatus(request['status']),
      userAgent: firstText(request, ['userAgent']),
    },
  });
}

// Front Door's `clientIp` comes from a header any client can send: believed only from a trusted
// peer, like nginx's forwarded list (docs/product.md §3), with `socketIp` the peer. A Front Door
// record without `socketIp` names no peer: its source is unknown, never the `clientIp` (the
// pipeline would take a forwarded list with no peer as the client, as for Envoy's default format).
// Application Gateway's `clientIP` is its own peer (it logs no forwarded client).
function readAzure(record: JsonObject, properties: JsonObject, ctx: ParseContext): AccessRecord {
  const frontDoor = /^front ?door/i.test(String(record['category']));
  const client = firstText(properties, ['clientIp', 'clientIP']);
  const peer = frontDoor ? clientAddress(firstText(properties, ['socketIp'])) : clientAddress(client);
  const forwarded = frontDoor && peer !== undefined && client !== undefined && clientAddress(client) !== peer ? client : undefined;
  return timed(readTime(record, AZURE_TIME, ctx), {
    fields: {
      source: peer,
      forwardedFor: forwarded,
      method: firstText(properties, ['httpMethod']),
      path: pathOnly(urlPath(firstText(properties, ['requestUri', 'originalRequestUriWithArgs']))),
      status: httpStatus(properties['httpStatusCode'] ?? properties['httpStatus']),
      userAgent: firstText(properties, ['userAgent']),
    },
  });
}

/** A cloudflared record: its own keys, which no gateway log writes (gateway-jsonl leaves it alone). */
export function isTunnelRecord(obj: JsonObject): boolean {
  return typeof obj['originService'] === 'string' && typeof obj['connIndex'] === 'number';
}

// The tunnel's peer is Cloudflare's edge, which sets `Cf-Connecting-Ip` to the address that
// connected to it: the source. The status is on the response's record, not matched to this one.
function readTunnel(obj: JsonObject, ctx: ParseContext): AccessRecord {
  const time = readTime(obj, ['time'], ctx);
  const message = firstText(obj, ['message']);
  const request = message === undefined ? undefined : splitRequestLine(message);
  if (request === undefined) return timed(time, {});
  const headers = obj['headers'];
  return timed(time, {
    fields: {
      source: clientAddress(headerValue(headers, 'Cf-Connecting-Ip')),
      method: request.method,
      path: pathOnly(urlPath(request.target)),
      userAgent: headerValue(headers, 'User-Agent'),
    },
  });
}

/** The request of a Google Cloud, Azure or Cloudflare Tunnel record, or undefined when the object is none. */
export function readCloudJson(obj: JsonObject, ctx: ParseContext): AccessRecord | undefined {
  if (isTunnelRecord(obj)) return readTunnel(obj, ctx);
  const request = obj['httpRequest'];
  if (isJsonObject(request) && (Object.hasOwn(request, 'requestMethod') || Object.hasOwn(request, 'requestUrl'))) return readGoogle(obj, request, ctx);
  const properties = obj['properties'];
  if (typeof obj['category'] === 'string' && isJsonObject(properties) && Object.hasOwn(properties, 'httpMethod')) return readAzure(obj, properties, ctx);
  return undefined;
}
