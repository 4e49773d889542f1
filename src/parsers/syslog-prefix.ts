// The prefix journald and syslog put before a program's line (docs/formats.md `openclaw-console`):
// `Feb 21 14:03:11 host openclaw[123]: ` (the process may be `node[…]`, `caddy[…]`, `nginx:`);
// `-o short-precise` adds microseconds, `-o short-iso` writes `2026-09-22T17:22:44+0800`.
// The ISO form needs the `[pid]`: OpenClaw's own `<ISO time> Config overwrite: …` is no journal line.
export const SYSLOG_PREFIX =
  /^(?:([A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2}(?:\.\d{1,9})?) \S+ [^\s[:]+(?:\[\d+\])?|(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})) \S+ [^\s[:]+\[\d+\]): /;

/**
 * rsyslog's RFC 3339 file format (`RSYSLOG_FileFormat`) writes the ISO stamp before a tag without a
 * pid (`2024-06-16T13:28:48+03:00 web nginx_access: …`): allowed where the rest must still read as
 * a request (an access log line), never for OpenClaw's own lines.
 */
const ISO_TAG_PREFIX = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})) \S+ [^\s[:]+: /;

/**
 * The stamp of a journald/syslog prefix and the program's line after it; undefined without one.
 * `tagOnly` also takes an ISO stamp before a tag without a pid (rsyslog's file format).
 */
export function splitSyslogPrefix(text: string, tagOnly = false): { stamp: string; rest: string } | undefined {
  const m = SYSLOG_PREFIX.exec(text) ?? (tagOnly ? ISO_TAG_PREFIX.exec(text) : null);
  return m === null ? undefined : { stamp: (m[1] ?? m[2])!, rest: text.slice(m[0].length) };
}
