// W3C extended log files: IIS (space-separated) and CloudFront standard logs (tab-separated). A
// `#Fields:` header names the columns of the lines after it, so reading a line needs the last
// header seen: the state lives in one W3cFields per input. `-` is an empty column. The query
// string is a column of its own (`cs-uri-query`), written without its `?`.
import { parseTimestamp } from '../time.js';
import { type AccessRecord, urlPath } from './access-json.js';
import { clientAddress, httpStatus, pathOnly, presentValue } from './http-fields.js';
import type { ParseContext } from './parser.js';

export const W3C_FIELDS = '#Fields:';

/** Columns of the current `#Fields:` header, by name. */
export class W3cFields {
  private columns = new Map<string, number>();

  get known(): boolean {
    return this.columns.size > 0;
  }

  /** Reads a directive line (`#…`); true when the line was one. */
  directive(text: string): boolean {
    if (text.charCodeAt(0) !== 0x23) return false;
    if (text.startsWith(W3C_FIELDS)) {
      this.columns = new Map(text.slice(W3C_FIELDS.length).trim().split(/\s+/).map((name, i) => [name.toLowerCase(), i]));
    }
    return true;
  }

  /** The request on a data line, or undefined when it has not the header's columns. */
  read(text: string, ctx: ParseContext): AccessRecord | undefined {
    if (!this.known) return undefined;
    const values = splitFields(text);
    if (values.length < this.columns.size) return undefined;
    const at = (name: string): string | undefined => {
      const i = this.columns.get(name);
      return i === undefined ? undefined : presentValue(values[i]);
    };
    // `date-local`/`time-local` (IIS Advanced Logging) are the server's zone (--tz), the rest UTC.
    const local = at('date') === undefined && at('date-local') !== undefined;
    const date = at('date') ?? at('date-local');
    const clock = at('time') ?? at('time-local');
    const status = httpStatus(at('sc-status'));
    if (date === undefined || clock === undefined || (status === undefined && at('cs-method') === undefined)) return undefined;
    // W3C times are UTC (IIS writes UTC whatever the server's zone; CloudFront too).
    const timeText = `${date}T${clock}${local ? '' : 'Z'}`;
    const time = parseTimestamp(timeText, ctx.time);
    const agent = at('cs(user-agent)');
    return {
      time,
      ...(time === undefined ? { unreadableTime: true } : {}),
      fields: {
        source: clientAddress(at('c-ip')),
        forwardedFor: at('x-forwarded-for'),
        method: at('cs-method'),
        path: pathOnly(at('cs-uri-stem') ?? uriPath(at('cs-uri'))),
        status,
        // CloudFront percent-encodes the user agent (`Mozilla/5.0%20(…)`); IIS writes `+` for spaces.
        userAgent: agent === undefined ? undefined : decodeAgent(agent),
      },
    };
  }
}

/**
 * The fields of a data line: separated by tabs (CloudFront) or spaces (IIS; some servers pad with
 * several), a field in double quotes may hold spaces (`""` is a quote inside it).
 */
function splitFields(text: string): string[] {
  if (!text.includes('"')) return text.trim().split(/[\t ]+/);
  const fields: string[] = [];
  for (const m of text.matchAll(/"((?:[^"]|"")*)"|[^\t ]+/g)) fields.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : m[0]);
  return fields;
}

/**
 * The path of a whole-URI column (`cs-uri`): with a scheme (`https://host/p`) or, as Incapsula
 * writes it, the host glued to the path without one (`www.example.com/page.php`).
 */
function uriPath(uri: string | undefined): string | undefined {
  const target = urlPath(uri);
  if (target === undefined || target.startsWith('/')) return target;
  const slash = target.search(/[/?#]/);
  return slash === -1 ? '/' : target[slash] === '/' ? target.slice(slash) : `/${target.slice(slash)}`;
}

function decodeAgent(agent: string): string {
  try {
    return decodeURIComponent(agent.includes('%') ? agent : agent.replace(/\+/g, ' '));
  } catch {
    return agent;
  }
}

/**
 * A directive line: `#Date:` / `#Start-Date:` say when the file starts (UTC), so a log whose first
 * lines are its header still covers time from there.
 */
export function directiveTime(text: string, ctx: ParseContext): AccessRecord {
  const m = /^#(?:Start-)?Date:\s*(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)?)/.exec(text);
  const time = m === null ? undefined : parseTimestamp(`${m[1]!}Z`, ctx.time);
  return time === undefined ? {} : { time };
}

/** detect(): a `#Fields:` header among the sample and most data lines after it read by it. */
export function looksW3c(sample: readonly string[]): boolean {
  const fields = new W3cFields();
  let data = 0;
  let read = 0;
  for (const line of sample) {
    if (fields.directive(line)) continue;
    data++;
    if (fields.read(line, { time: { zone: 'UTC' } }) !== undefined) read++;
  }
  return fields.known && read * 2 >= data;
}
