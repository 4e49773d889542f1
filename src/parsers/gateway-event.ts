// Builders for parser results. exactOptionalPropertyTypes forbids storing `undefined` in an
// optional property, and most fields are "if the line has it", so they are copied only when set.
import { parseOtherTimestamp, parseRfc3339Utc, parseTimestamp } from '../time.js';
import type { EventKind, GatewayEvent, ParseContext, ParsedLine } from './parser.js';

export interface TimeField {
  time?: number | undefined;
  /** The field is there but holds no time clawprint can read. */
  unreadable: boolean;
}

/** A field that is not there: undefined, null or ''. */
export const isAbsent = (value: unknown): boolean => value === undefined || value === null || value === '';

/** A time field's value (a §2 string or an epoch number) as epoch ms; undefined when absent or unreadable. */
export function timeOf(value: unknown, ctx: ParseContext): number | undefined {
  if (typeof value === 'string') {
    // Nearly every gateway time has the RFC 3339 UTC shape: read here, one call fewer per decoded
    // line (the CLI runs without TurboFan inlining; issue 8). Any other goes through every form.
    return parseRfc3339Utc(value) ?? parseOtherTimestamp(value, ctx.time);
  }
  return typeof value === 'number' ? parseTimestamp(value, ctx.time) : undefined;
}

/** A time field's value (a §2 string or an epoch number); absent (undefined, null, '') is not unreadable. */
export function readTimeField(value: unknown, ctx: ParseContext): TimeField {
  if (isAbsent(value)) return { unreadable: false };
  const time = timeOf(value, ctx);
  return { time, unreadable: time === undefined };
}

/**
 * A new event `{ kind, time }`, its other fields added after. Made by a constructor, not a literal:
 * V8 gives a constructor's objects room inside the object for the properties added after it
 * (in-object slack tracking), where a literal `{ kind, time }` has room for those two and puts the
 * rest of an event's fields (source, path, …, then `location`, `token`, `text` in the audit) in
 * an array grown three slots at a time: three or four arrays allocated and copied per decoded line
 * (issue 8). Its prototype is Object.prototype: the event is a plain object to every reader.
 */
export const EventRecord = function (this: SizingEvent, kind: EventKind, sizing?: true) {
  this.kind = kind;
  this.time = undefined as unknown as number;
  if (sizing === true) {
    // Never for an event: the objects made below, whose size every later event gets.
    this.source = this.userAgent = this.method = this.path = this.tokenFingerprint = this.text = '';
    this.status = 0;
    this.location = this.token = this.lineBytes = undefined;
    this.agent = '';
  }
} as unknown as new (kind: EventKind, sizing?: true) => GatewayEvent;
EventRecord.prototype = Object.prototype;

/** An event with the fields the audit adds to it (detectors/detector.ts's AuditEvent), as the sizing objects have them. */
type SizingEvent = GatewayEvent & { location?: unknown; token?: unknown; text?: string; lineBytes?: unknown };

// V8 sizes a constructor's objects by its `this.` assignments (2 above, then 8 slots of slack) and,
// after its first ~7 objects, shrinks them to the most fields any of those got (in-object slack
// tracking). Events got 10: a token use has 11 or 12 (kind, time, source, user agent, agent,
// method, path, status, fingerprint, then `location`, `token`, and `text` or `lineBytes` from the
// audit), so its last fields went to a property array, allocated per event (40 bytes, 55 MB on the
// `leak-30` bench log; issue 8). The first objects are made with all 13 fields here, before any event.
for (let i = 0; i < 8; i++) new EventRecord('request', true);

export type EventFields = { [K in Exclude<keyof GatewayEvent, 'kind' | 'time'>]?: GatewayEvent[K] | undefined };

export function gatewayEvent(kind: EventKind, fields: EventFields): GatewayEvent {
  // `time` is reserved right after `kind` (filled in by parsedLine): expected-output files read
  // in that order, and an event is built once per decoded line, never copied.
  const event = new EventRecord(kind);
  const target = event as unknown as Record<string, unknown>;
  for (const key in fields) {
    const value = (fields as Record<string, unknown>)[key];
    if (value !== undefined) target[key] = value;
  }
  return event;
}

/**
 * `{}`, `{ time }` or `{ time, event }`; the event carries the line's time too. `unreadableTime`:
 * the line's own time field held no readable time (`time` is then the envelope's, if any).
 */
export function parsedLine(time: number | undefined, event?: GatewayEvent, unreadableTime = false): ParsedLine {
  const line: ParsedLine = {};
  if (time !== undefined) line.time = time;
  if (unreadableTime) line.unreadableTime = true;
  if (event !== undefined) {
    if (time !== undefined) event.time = time;
    else delete event.time;
    line.event = event;
  }
  return line;
}
