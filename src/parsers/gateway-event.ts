// Builders for parser results. exactOptionalPropertyTypes forbids storing `undefined` in an
// optional property, and most fields are "if the line has it", so they are copied only when set.
import type { EventKind, GatewayEvent, ParsedLine } from './parser.js';

export type EventFields = { [K in Exclude<keyof GatewayEvent, 'kind' | 'time'>]?: GatewayEvent[K] | undefined };

export function gatewayEvent(kind: EventKind, fields: EventFields): GatewayEvent {
  // `time` is reserved right after `kind` (filled in by parsedLine): expected-output files read
  // in that order, and an event is built once per decoded line, never copied.
  const event: GatewayEvent = { kind, time: undefined as unknown as number };
  const target = event as unknown as Record<string, unknown>;
  for (const key in fields) {
    const value = (fields as Record<string, unknown>)[key];
    if (value !== undefined) target[key] = value;
  }
  return event;
}

/** `{}`, `{ time }` or `{ time, event }`; the event carries the line's time too. */
export function parsedLine(time: number | undefined, event?: GatewayEvent): ParsedLine {
  const line: ParsedLine = {};
  if (time !== undefined) line.time = time;
  if (event !== undefined) {
    if (time !== undefined) event.time = time;
    else delete event.time;
    line.event = event;
  }
  return line;
}
