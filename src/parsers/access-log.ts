import { parseTimestamp, UTC_CONTEXT } from '../time.js';
import { type AccessRecord, readAccessJson, readProcessLine, splitRequestLine } from './access-json.js';
import { readCloudJson } from './access-cloud-json.js';
import { readAccessText, readTunnelOther } from './access-text.js';
import { directiveTime, looksW3c, W3C_FIELDS, W3cFields } from './w3c.js';
import { gatewayEvent, parsedLine } from './gateway-event.js';
import { clientAddress, httpStatus, isAuthFailureStatus, pathOnly, presentValue } from './http-fields.js';
import { type JsonObject, parseJsonObject } from './json-line.js';
import type { ParseContext, Parser } from './parser.js';
import { mostLines } from './sample.js';
import { splitSyslogPrefix } from './syslog-prefix.js';

// nginx/Apache common and combined: `host ident user [time] "request" status bytes`, combined adds
// `"referer" "user-agent"`. Custom formats may append fields (`"$http_authorization"`): they stay
// in the line, where the pipeline's credential finder reads them (docs/product.md §3.3).
// Apache's `vhost_combined` puts `host:port ` first, and formats that start with `%v %h` (Apache) or
// `$host $remote_addr` (nginx) the host name alone, a dotted name with a letter in its first label
// and at most 31 labels (an address list's first entry is never taken for it; a label is matched
// once and the labels are bounded, so a long line of word characters or dots cannot backtrack
// long); nginx `main` may append
// `"$http_x_forwarded_for"`, and some configurations log the forwarded list in place of the address
// (its last entry holds no comma, so a long list is read in one pass, never backtracked).
const QUOTED = String.raw`"((?:[^"\\]|\\.)*)"`;
const CLF = new RegExp(
  String.raw`^(?:\S+:\d+ |(?=[\w-]*[A-Za-z])(?:[\w-]+\.){1,30}[\w-]+ )?((?:[\d.:a-fA-F[\]]+, ?)*[^\s,]+) \S+ \S+ \[([^\]]+)\] ${QUOTED} (\d{3}|-) (?:\d+|-)(?: ${QUOTED} ${QUOTED}(?: ${QUOTED})?)?`,
);
/** An X-Forwarded-For value: addresses separated by commas. */
const ADDRESS_LIST = /^\s*[\d.:a-fA-F[\]]+(?:\s*,\s*[\d.:a-fA-F[\]]+)*\s*$/;

const BACKSLASH = 0x5c;
const QUOTE = 0x22;
const LOWER_X = 0x78;

/**
 * A quoted CLF field as written: nginx escapes `"`, `\` and unusual bytes as `\xHH`, Apache as
 * `\"`, `\\` and `\xHH`. The bytes are UTF-8 (a path like `/caf\xC3\xA9`), so the field is
 * unescaped as bytes and decoded once.
 */
function unescapeField(value: string): string {
  if (!value.includes('\\')) return value;
  const src = Buffer.from(value, 'utf8');
  const out = Buffer.alloc(src.length);
  let n = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    const next = src[i + 1];
    if (c === BACKSLASH && next === LOWER_X && isHexDigit(src[i + 2]) && isHexDigit(src[i + 3])) {
      out[n++] = parseInt(src.toString('latin1', i + 2, i + 4), 16);
      i += 3;
    } else if (c === BACKSLASH && (next === QUOTE || next === BACKSLASH)) {
      out[n++] = next;
      i++;
    } else {
      out[n++] = c;
    }
  }
  return out.toString('utf8', 0, n);
}

function isHexDigit(c: number | undefined): boolean {
  return c !== undefined && ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66));
}

function readCommonLog(text: string, ctx: ParseContext): AccessRecord | undefined {
  const m = CLF.exec(text);
  if (!m) return undefined;
  // The request line is split before unescaping: an escaped space (`\x20`) must stay in the path.
  const request = splitRequestLine(m[3]!);
  const agent = m[6] === undefined ? undefined : presentValue(unescapeField(m[6]));
  const time = parseTimestamp(m[2]!, ctx.time);
  const host = m[1]!;
  // The forwarded list where the address goes: no peer is named, the list is all there is.
  const listFirst = host.includes(',');
  const forwarded = listFirst ? host : m[7] !== undefined && ADDRESS_LIST.test(m[7]) ? m[7] : undefined;
  return {
    time,
    ...(time === undefined ? { unreadableTime: true } : {}),
    fields: {
      source: listFirst ? undefined : clientAddress(host),
      forwardedFor: forwarded,
      method: request?.method,
      path: pathOnly(request === undefined ? undefined : unescapeField(request.target)),
      status: httpStatus(m[4]),
      userAgent: agent,
    },
  };
}

/**
 * JSON lines; nginx without `escape=json` writes `\xHH` inside its JSON template, which JSON.parse
 * rejects, so such a line is read again with the escapes as `\u00HH`.
 */
function parseAccessJson(text: string): JsonObject | undefined {
  const obj = parseJsonObject(text);
  if (obj !== undefined || !text.includes('\\x')) return obj;
  return parseJsonObject(text.replace(/\\x([0-9A-Fa-f]{2})/g, '\\u00$1'));
}

function readAccessLine(text: string, ctx: ParseContext, w3c: W3cFields | undefined): AccessRecord | undefined {
  const record = readAccessRecord(text, ctx, w3c);
  if (record !== undefined) return record;
  // Through journald or syslog (`journalctl -u caddy`, nginx's `access_log syslog:` into rsyslog):
  // the line after the prefix. Its own time wins (the request's, with its year); the stamp dates it otherwise.
  const prefixed = splitSyslogPrefix(text, true);
  const inner = prefixed === undefined ? undefined : readAccessRecord(prefixed.rest, ctx, undefined);
  if (inner === undefined || inner.time !== undefined || inner.unreadableTime === true) return inner;
  const time = parseTimestamp(prefixed!.stamp, ctx.time);
  return { ...inner, time, ...(time === undefined ? { unreadableTime: true } : {}) };
}

function readAccessRecord(text: string, ctx: ParseContext, w3c: W3cFields | undefined): AccessRecord | undefined {
  if (text.trimStart().startsWith('{')) {
    const obj = parseAccessJson(text);
    return obj === undefined ? undefined : (readAccessJson(obj, ctx) ?? readCloudJson(obj, ctx) ?? readProcessLine(obj, ctx));
  }
  if (w3c !== undefined && (w3c.directive(text) || w3c.known)) return text.charCodeAt(0) === 0x23 ? directiveTime(text, ctx) : w3c.read(text, ctx);
  return readCommonLog(text, ctx) ?? readAccessText(text, ctx) ?? readTunnelOther(text, ctx);
}

/** One access log line alone (detection): any format but W3C, whose lines need their header. */
function claimsLine(line: string): boolean {
  if (claimsRecord(line)) return true;
  const prefixed = splitSyslogPrefix(line, true);
  return prefixed !== undefined && claimsRecord(prefixed.rest);
}

function claimsRecord(line: string): boolean {
  if (CLF.test(line)) return true;
  const obj = parseJsonObject(line);
  if (obj !== undefined) return (readAccessJson(obj, { time: UTC_CONTEXT }) ?? readCloudJson(obj, { time: UTC_CONTEXT })) !== undefined;
  return line.startsWith(W3C_FIELDS) || readAccessText(line, { time: UTC_CONTEXT }) !== undefined;
}

function parseWith(w3c: W3cFields | undefined): Parser['parse'] {
  return (text, ctx) => {
    const record = readAccessLine(text, ctx, w3c);
    if (record === undefined) return undefined;
    const time = record.time ?? ctx.envelopeTime;
    const unreadable = record.unreadableTime === true;
    if (record.fields === undefined) return parsedLine(time, undefined, unreadable);
    const kind = isAuthFailureStatus(record.fields.status) ? 'auth-failure' : 'request';
    return parsedLine(time, gatewayEvent(kind, record.fields), unreadable);
  };
}

/**
 * Reverse-proxy and load-balancer access logs: nginx/Apache common, combined, vhost_combined and
 * with X-Forwarded-For; nginx, Caddy, Traefik, Cloudflare, Kong and Envoy JSON; Google Cloud and
 * Azure request logs; AWS ALB and classic ELB; HAProxy; Nginx Proxy Manager; Envoy; W3C extended
 * (IIS, CloudFront).
 */
export const accessLog = {
  id: 'access-log',
  description: 'reverse-proxy / load-balancer access log (nginx/Apache, Nginx Proxy Manager, JSON proxies, ALB/ELB, HAProxy, Envoy, W3C/IIS/CloudFront)',
  detect(sample) {
    return mostLines(sample, claimsLine) || looksW3c(sample);
  },
  // A request matters to the audit when it carries the token (the pipeline's needles) or when it
  // was refused: 401/403, matched exactly (404s and 429s are common and would be decoded for nothing).
  needles: [
    '" 401 ', // common/combined: status right after the quoted request line
    '" 403 ',
    // ALB/ELB, HAProxy, IIS: the status between spaces; CloudFront between tabs.
    ' 401 ',
    ' 403 ',
    '\t401\t',
    '\t403\t',
    // Heroku's router: `… status=401 bytes=…`.
    'status=401 ',
    'status=403 ',
    // W3C with sc-status as the last column (Microsoft's own W3C example ends with it): the status
    // ends the line, LF or CRLF (the audit reads an input's last line as if it ended in a newline).
    ' 401\n',
    ' 403\n',
    ' 401\r',
    ' 403\r',
    // "status" (nginx JSON, Caddy, Kong, Google Cloud's httpRequest), "DownstreamStatus"/"OriginStatus" (Traefik),
    // "EdgeResponseStatus" (Cloudflare), `http_status`; `status_code`/`http_code`; nginx JSON
    // templates often quote "$status".
    // Azure Front Door's "httpStatusCode" (a string).
    ...['tatus":', 'tatus": ', 'tatus":"', 'tatus": "', '_code":', '_code": ', '_code":"', '_code": "', 'tatusCode":"'].flatMap((p) => [`${p}401`, `${p}403`]),
    // W3C: the column header must be read for the lines after it to be read at all; the date
    // directives say when the file starts.
    W3C_FIELDS,
    '#Date:',
    '#Start-Date:',
  ],
  parse: parseWith(undefined),
  forInput(): Parser {
    return { ...accessLog, parse: parseWith(new W3cFields()) };
  },
} satisfies Parser;
