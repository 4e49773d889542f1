// What a use of the token lists beyond the event's fields: the query string and the response size.
// Parsers keep `path` without its query (a query can hold the token, and endpoints are counted by
// path), so for the few lines that are uses the query is read back from the line as written, right
// after the path. Only uses pay for this: it runs once per use, never on the hot path.

const JSON_ESCAPES: Record<string, string> = { '\\/': '/', '\\u0026': '&', '\\u003d': '=', '\\u003c': '<', '\\u003e': '>', '\\"': '"', '\\\\': '\\' };

/** The query (without `?`) that follows `path` in `text`, JSON escapes undone; undefined when none. */
export function queryOf(text: string, path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  // JSON writers may escape `/` in the path (`\/api\/v1`): look for the path as written, then escaped.
  for (const written of path.includes('/') ? [path, path.replace(/\//g, '\\/')] : [path]) {
    let at = text.indexOf(`${written}?`);
    while (at !== -1) {
      const start = at + written.length + 1;
      let end = start;
      // A query ends at the quote, space or tab that closes the field (CLF and JSON alike); a `\"`
      // inside a JSON string is an escaped quote, which no query of a real request holds.
      while (end < text.length) {
        const c = text.charCodeAt(end);
        if (c === 34 /* " */ || c === 32 || c === 9 || (c === 92 /* \ */ && text.charCodeAt(end + 1) === 34)) break;
        end++;
      }
      if (end > start) return text.slice(start, end).replace(/\\(?:u00(?:26|3d|3c|3e)|\/|\\)/gi, (e) => JSON_ESCAPES[e.toLowerCase()] ?? e);
      at = text.indexOf(`${written}?`, start);
    }
  }
  return undefined;
}

// Response size fields: gateway and nginx JSON (`bytes`, `bytes_sent`, `body_bytes_sent`, …), and
// the number after the status in Common/Combined Log Format (`" 200 5123 "`; `-` means none).
const JSON_BYTES = /"(?:bytes|bytes_sent|body_bytes_sent|response_bytes|response_size|size|BytesSent|DownstreamContentSize)"\s*:\s*"?(\d{1,15})\b/;
const CLF_BYTES = /" [1-5]\d\d (\d{1,15})(?: |$)/;

/** The response size the line logs, when it logs one. */
export function bytesOf(text: string): number | undefined {
  const m = (text.charCodeAt(0) === 123 /* { */ ? JSON_BYTES : CLF_BYTES).exec(text) ?? JSON_BYTES.exec(text);
  return m ? Number(m[1]) : undefined;
}
