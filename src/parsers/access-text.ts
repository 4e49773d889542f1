// Text access logs of load balancers, proxies and platform routers other than nginx/Apache, each one
// regex over its documented default format. Every reader returns the request, or undefined when the line is not
// in its format.
import { isIP } from 'node:net';
import { parseTimestamp } from '../time.js';
import { type AccessRecord, splitRequestLine, urlPath } from './access-json.js';
import { clientAddress, httpStatus, pathOnly, presentValue } from './http-fields.js';
import type { EventFields } from './gateway-event.js';
import type { ParseContext } from './parser.js';

const QUOTED = String.raw`"((?:[^"\\]|\\.)*)"`;
const MONTHS: Record<string, string> = {
  Jan: '01', Feb: '02', Mar: '03', Apr: '04', May: '05', Jun: '06', Jul: '07', Aug: '08', Sep: '09', Oct: '10', Nov: '11', Dec: '12',
};

function record(timeText: string | undefined, ctx: ParseContext, fields: EventFields | undefined): AccessRecord {
  const time = timeText === undefined ? undefined : parseTimestamp(timeText, ctx.time);
  return { time, ...(time === undefined && timeText !== undefined ? { unreadableTime: true } : {}), ...(fields !== undefined ? { fields } : {}) };
}

function unquote(value: string | undefined): string | undefined {
  return value === undefined ? undefined : presentValue(value.replace(/\\(["\\])/g, '$1'));
}

// AWS ALB: `type time elb client:port target:port rpt tpt rspt elb_status target_status received
// sent "METHOD scheme://host:port/path?query HTTP/1.1" "user agent" …`; the request is the URL.
const ALB = new RegExp(
  String.raw`^(?:https?|h2|grpcs|wss?) (\d{4}-\d{2}-\d{2}T\S+Z) \S+ (\S+) \S+ \S+ \S+ \S+ (\d{3}|-) (?:\d{3}|-) (?:\d+|-) (?:\d+|-) ${QUOTED} ${QUOTED}`,
);
// Classic ELB: `time elb client:port backend:port rpt bpt rspt elb_status backend_status received
// sent "request" "user agent" cipher protocol`.
const ELB = new RegExp(String.raw`^(\d{4}-\d{2}-\d{2}T\S+Z) \S+ (\S+) \S+ \S+ \S+ \S+ (\d{3}|-) (?:\d{3}|-) (?:\d+|-) (?:\d+|-) ${QUOTED} ${QUOTED}`);

function readLoadBalancer(text: string, ctx: ParseContext): AccessRecord | undefined {
  const m = ALB.exec(text) ?? ELB.exec(text);
  if (m === null) return undefined;
  // AWS logs the request as the client sent it: a URI with spaces stays whole (splitRequestLine).
  const request = splitRequestLine(m[4]!.replace(/\\"/g, '"'));
  return record(m[1]!, ctx, {
    source: clientAddress(m[2]!),
    method: request?.method,
    path: pathOnly(urlPath(request?.target)),
    status: httpStatus(m[3]),
    userAgent: unquote(m[5]),
  });
}

// HAProxy HTTP log, usually through syslog (`Feb 25 12:00:00 host haproxy[123]: `, no year): `ip:port
// [25/Feb/2019:12:00:00.123] frontend backend/server Tq/Tw/Tc/Tr/Ta status bytes … "GET /p HTTP/1.1"`.
// The accept date carries the year the syslog prefix lacks, so it is the line's time.
// A `log-format` may put one field of its own before the timers (`%H`, the host name:
// `myapp/node2 site.domain.com 0/0/0/18/18`); a client on a UNIX socket is logged as `-:port`.
const HAPROXY = new RegExp(
  String.raw`^(?:\S.*?\[\d+\]: )?(\S+):\d+ \[(\d{2})/([A-Z][a-z]{2})/(\d{4}):(\d{2}:\d{2}:\d{2}(?:\.\d+)?)\] \S+ \S+ (?:[^\s/]+ )?-?\d+/-?\d+/-?\d+/-?\d+/\+?-?\d+ (-?\d{1,3}) \+?(?:\d+|-) .*?${QUOTED}\s*$`,
);

function readHaproxy(text: string, ctx: ParseContext): AccessRecord | undefined {
  const m = HAPROXY.exec(text);
  if (m === null) return undefined;
  const month = MONTHS[m[3]!];
  const request = splitRequestLine(m[7]!);
  // The accept date has no zone: it is the host's local time (--tz).
  return record(month === undefined ? m[2]! : `${m[4]!}-${month}-${m[2]!}T${m[5]!}`, ctx, {
    source: clientAddress(m[1]!),
    method: request?.method,
    path: pathOnly(request?.target),
    status: httpStatus(m[6]),
  });
}

// Envoy's default access log: `[START_TIME] "METHOD PATH PROTOCOL" CODE FLAGS RX TX DURATION
// UPSTREAM_TIME "X-FORWARDED-FOR" "USER-AGENT" "REQUEST-ID" "AUTHORITY" "UPSTREAM_HOST"`. Envoy's
// default names no peer address: the forwarded list is all there is.
// Istio's default adds response code details and upstream failure reason before the byte counts:
// at most four fields, each a word or a quoted string (bounded, so a long line cannot backtrack).
// After the upstream host it writes `UPSTREAM_CLUSTER UPSTREAM_LOCAL_ADDRESS
// DOWNSTREAM_LOCAL_ADDRESS DOWNSTREAM_REMOTE_ADDRESS …`: the last is the peer (the client itself
// when nothing forwarded the request), read as nginx's `$remote_addr` is.
// Ambassador (Emissary-ingress) writes Envoy's default with `ACCESS ` before it.
const ENVOY = new RegExp(
  String.raw`^(?:ACCESS )?\[(\d{4}-\d{2}-\d{2}T[^\]]+)\] ${QUOTED} (\d{3}|0|-) (?:(?:"[^"]*"|[^\s"]+) ){1,4}?\d+ \d+ \d+ \S+ ${QUOTED} ${QUOTED}` +
    String.raw`(?: "[^"]*" "[^"]*" "[^"]*" \S+ \S+ \S+ (\S+))?`,
);

function readEnvoy(text: string, ctx: ParseContext): AccessRecord | undefined {
  const m = ENVOY.exec(text);
  if (m === null) return undefined;
  const request = splitRequestLine(m[2]!);
  const peer = clientAddress(m[6]);
  return record(m[1]!, ctx, {
    source: peer !== undefined && isIP(peer) !== 0 ? peer : undefined,
    forwardedFor: unquote(m[4]),
    method: request?.method,
    path: pathOnly(request?.target),
    status: httpStatus(m[3]),
    userAgent: unquote(m[5]),
  });
}

// Nginx Proxy Manager's own formats (its nginx.conf): `proxy` for proxy hosts, `[$time_local]
// $upstream_cache_status $upstream_status $status - $request_method $scheme $host "$request_uri"
// [Client $remote_addr] [Length …] [Gzip …] [Sent-to $server] "$http_user_agent" "$http_referer"`,
// and `standard` (default and redirection hosts) without the two upstream fields and `Sent-to`.
// The status is the last of at most three words before ` - METHOD` (an upstream list `502, 200`
// has two), bounded so a long line cannot backtrack.
const NPM = new RegExp(
  String.raw`^\[(\d{2}/[A-Z][a-z]{2}/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4})\] (?:[^\s"\[]+ ){0,3}?(\d{3}|-) - ([A-Z]+) \S+ \S+ ${QUOTED} \[Client ([^\]\s]+)\](?: \[[^\]]*\]){0,3} ${QUOTED}`,
);

function readProxyManager(text: string, ctx: ParseContext): AccessRecord | undefined {
  const m = NPM.exec(text);
  if (m === null) return undefined;
  return record(m[1]!, ctx, {
    source: clientAddress(m[5]!),
    method: m[3]!,
    path: pathOnly(unquote(m[4])),
    status: httpStatus(m[2]),
    userAgent: unquote(m[6]),
  });
}

// Heroku's router, one line a request after `heroku[router]: ` (the paas envelope takes the time):
// `at=info method=GET path="/p?q" host=… request_id=… fwd="198.51.100.7" dyno=web.1 connect=0ms
// service=1ms status=200 bytes=974 …`; an error adds `code=H13 desc="…"` before the method, older
// lines leave the path unquoted and the request id out. `fwd` is X-Forwarded-For as the router
// passes it on: whatever the client sent, then the address that connected to the router, the
// source. The lazy run to `status=` is the only open repetition, so a long line cannot backtrack.
const HEROKU_ROUTER = new RegExp(
  String.raw`^at=[a-z]+ (?:code=\S+ desc=${QUOTED} )?method=([A-Z]+) path=(?:${QUOTED}|(\S+)) host=\S+ (?:request_id=\S+ )?fwd=${QUOTED} .*?\bstatus=(\d{3})\b`,
);

function readHerokuRouter(text: string): AccessRecord | undefined {
  const m = HEROKU_ROUTER.exec(text);
  if (m === null) return undefined;
  const fwd = unquote(m[5]);
  const last = fwd?.slice(fwd.lastIndexOf(',') + 1);
  return {
    fields: {
      source: clientAddress(last),
      forwardedFor: fwd?.includes(',') === true ? fwd : undefined,
      method: m[2]!,
      path: pathOnly(unquote(m[3]) ?? m[4]),
      status: httpStatus(m[6]),
    },
  };
}

// cloudflared at `--loglevel debug` (text): `<time> DBG GET https://host/p?q HTTP/1.1 connIndex=2 …
// headers={"Cf-Connecting-Ip":["…"],…} host=… path=/p`; the response is a line of its own
// (`DBG 200 OK connIndex=2 …`), so no status. Cloudflare's edge sets `Cf-Connecting-Ip`: the source,
// searched in the headers only: the URL comes first and its query is the client's to write
// (`?a="Cf-Connecting-Ip":["10.9.9.9"]`).
const TUNNEL = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})) DBG ([A-Z][A-Z0-9_-]*) (\S+) HTTP\/[\d.]+ connIndex=\d/;
const CONNECTING_IP = /"Cf-Connecting-Ip":\["([^"\]]{1,64})"\]/;
const HEADERS = ' headers={';

function readTunnelText(text: string, ctx: ParseContext): AccessRecord | undefined {
  const m = TUNNEL.exec(text);
  if (m === null) return undefined;
  // The URL holds no space (TUNNEL's `\S+`), so the first ` headers={` after it is the field's.
  const headers = text.indexOf(HEADERS, m[0].length);
  return record(m[1]!, ctx, {
    source: headers < 0 ? undefined : clientAddress(CONNECTING_IP.exec(text.slice(headers))?.[1]),
    method: m[2]!,
    path: pathOnly(urlPath(m[3]!)),
  });
}

const TUNNEL_LEVEL = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})) (?:TRC|DBG|INF|WRN|ERR) /;

/**
 * cloudflared's other lines (`INF Registered tunnel connection …`, the response's `DBG 200 OK …`):
 * read only inside an input already detected as an access log (never for detection: at its default
 * level cloudflared logs no request, and such a log must not look like one that covers requests),
 * they date the input instead of counting as unparsed.
 */
export function readTunnelOther(text: string, ctx: ParseContext): AccessRecord | undefined {
  const m = TUNNEL_LEVEL.exec(text);
  return m === null ? undefined : record(m[1]!, ctx, undefined);
}

/** The request of a load balancer, HAProxy, Envoy, Nginx Proxy Manager, Heroku router or cloudflared line, or undefined for none of them. */
export function readAccessText(text: string, ctx: ParseContext): AccessRecord | undefined {
  const c = text.charCodeAt(0);
  if (c === 0x61 && text.startsWith('at=')) return readHerokuRouter(text);
  if (c === 0x5b) return readEnvoy(text, ctx) ?? readProxyManager(text, ctx);
  if (c === 0x41 && text.startsWith('ACCESS [')) return readEnvoy(text, ctx);
  return readLoadBalancer(text, ctx) ?? readHaproxy(text, ctx) ?? readTunnelText(text, ctx);
}
