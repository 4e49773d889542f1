import { stripAnsi } from '../envelopes/ansi.js';
import { parseTimestamp } from '../time.js';
import { parsedLine } from './gateway-event.js';
import { isJsonObject, type JsonObject, parseJsonObject } from './json-line.js';
import { mapOpenClawMessage, OPENCLAW_NEEDLES } from './openclaw-message.js';
import type { Parser } from './parser.js';
import { mostLines } from './sample.js';

const BARE_SUBSYSTEM = /^[a-z][\w./-]*$/;
const BRACKETED_SUBSYSTEM = /^\[([a-z][\w./:-]*)\]\s+/;

/** `{"subsystem":"gateway/ws"}` as tslog writes the logger's name into `"0"` and `_meta.name`. */
function subsystemOf(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return isJsonObject(parsed) && typeof parsed['subsystem'] === 'string' ? parsed['subsystem'] : undefined;
  } catch {
    return undefined;
  }
}

/** An object argument as `key=value` pairs, its own `message`/`msg` first. */
function renderObject(obj: JsonObject): string {
  const parts: string[] = [];
  for (const key of ['message', 'msg']) {
    const text = obj[key];
    if (typeof text === 'string') parts.push(text);
  }
  for (const [key, value] of Object.entries(obj)) {
    if (key === 'message' || key === 'msg') continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') parts.push(`${key}=${String(value)}`);
  }
  return parts.join(' ');
}

/**
 * The subsystem and message text of one tslog record. tslog stores the call's arguments under
 * `"0"`, `"1"`, …: subsystem loggers pass their name first (JSON `{"subsystem":…}`, or a bare,
 * possibly coloured, name), then the message. Structured context can sit in a slot before the
 * human text, so strings come first and objects are appended as pairs. Newer builds also write
 * the rendered text as top-level `message`, which wins.
 */
function readRecord(obj: JsonObject, meta: JsonObject): { subsystem?: string; message: string } {
  const named = subsystemOf(obj['0']);
  let subsystem = named ?? subsystemOf(meta['name']);
  let start = 0;
  const zero = typeof obj['0'] === 'string' ? stripAnsi(obj['0']) : undefined;
  if (named !== undefined || (zero !== undefined && BARE_SUBSYSTEM.test(zero) && Object.hasOwn(obj, '1'))) {
    subsystem ??= zero;
    start = 1;
  }
  let message: string;
  if (typeof obj['message'] === 'string') {
    message = stripAnsi(obj['message']);
  } else {
    const strings: string[] = [];
    const objects: string[] = [];
    for (let i = start; Object.hasOwn(obj, String(i)); i++) {
      const arg = obj[String(i)];
      if (typeof arg === 'string') strings.push(stripAnsi(arg));
      else if (isJsonObject(arg)) objects.push(renderObject(arg));
    }
    message = [...strings, ...objects].join(' ');
  }
  const bracketed = BRACKETED_SUBSYSTEM.exec(message);
  if (bracketed) {
    subsystem ??= bracketed[1]!;
    message = message.slice(bracketed[0].length);
  }
  return subsystem === undefined ? { message } : { subsystem, message };
}

/** The `_meta` of a tslog record (`_meta` plus numbered arguments or a top-level `message`). */
function tslogMeta(obj: JsonObject): JsonObject | undefined {
  const meta = obj['_meta'];
  return isJsonObject(meta) && (Object.hasOwn(obj, '0') || typeof obj['message'] === 'string') ? meta : undefined;
}

/** OpenClaw's own file log (`/tmp/openclaw/openclaw-YYYY-MM-DD.log`): tslog JSON lines. */
export const openclawFile = {
  id: 'openclaw-file',
  description: 'OpenClaw file log (tslog JSON lines)',
  detect(sample) {
    return mostLines(sample, (line) => {
      const obj = parseJsonObject(line);
      return obj !== undefined && tslogMeta(obj) !== undefined;
    });
  },
  needles: OPENCLAW_NEEDLES,
  lineShape: { first: '{', last: '}' },
  parse(text, ctx) {
    const obj = parseJsonObject(text);
    const meta = obj === undefined ? undefined : tslogMeta(obj);
    if (obj === undefined || meta === undefined) return undefined;
    // `_meta.date` is UTC; `time` is host-local with its offset; both name the same instant.
    const date = meta['date'];
    const local = obj['time'];
    let time = typeof date === 'string' ? parseTimestamp(date, ctx.time) : undefined;
    if (time === undefined && typeof local === 'string') time = parseTimestamp(local, ctx.time);
    const { subsystem, message } = readRecord(obj, meta);
    const unreadable = time === undefined && (typeof date === 'string' || typeof local === 'string');
    return parsedLine(time ?? ctx.envelopeTime, mapOpenClawMessage(subsystem, message), unreadable);
  },
} satisfies Parser;
