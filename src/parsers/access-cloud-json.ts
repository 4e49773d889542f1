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
import { type AccessRecord, firstText, readTime, timed, urlPath } from './access-json.js';
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
// peer, like nginx's forwarded list (docs/product.md §3), with `socketIp` the peer.
function readAzure(record: JsonObject, properties: JsonObject, ctx: ParseContext): AccessRecord {
  const client = firstText(properties, ['clientIp', 'clientIP']);
  const peer = clientAddress(firstText(properties, ['socketIp']));
  const forwarded = peer !== undefined && client !== undefined && clientAddress(client) !== peer ? client : undefined;
  return timed(readTime(record, AZURE_TIME, ctx), {
    fields: {
      source: peer ?? clientAddress(client),
      forwardedFor: forwarded,
      method: firstText(properties, ['httpMethod']),
      path: pathOnly(urlPath(firstText(properties, ['requestUri', 'originalRequestUriWithArgs']))),
      status: httpStatus(properties['httpStatusCode'] ?? properties['httpStatus']),
      userAgent: firstText(properties, ['userAgent']),
    },
  });
}

/** The request of a Google Cloud or Azure request log record, or undefined when the object is none. */
export function readCloudJson(obj: JsonObject, ctx: ParseContext): AccessRecord | undefined {
  const request = obj['httpRequest'];
  if (isJsonObject(request) && (Object.hasOwn(request, 'requestMethod') || Object.hasOwn(request, 'requestUrl'))) return readGoogle(obj, request, ctx);
  const properties = obj['properties'];
  if (typeof obj['category'] === 'string' && isJsonObject(properties) && Object.hasOwn(properties, 'httpMethod')) return readAzure(obj, properties, ctx);
  return undefined;
}
