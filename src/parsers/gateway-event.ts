// Builders for parser results. exactOptionalPropertyTypes forbids storing `undefined` in an
// optional property, and most fields are "if the line has it", so they are copied only when set.
import type { EventKind, GatewayEvent, ParsedLine } from './parser.js';

export type EventFields = { [K in Exclude<keyof GatewayEvent, 'kind' | 'time'>]?: GatewayEvent[K] | undefined };

export function gatewayEvent(kind: EventKind, fields: EventFields): GatewayEvent {
  const event: GatewayEvent = { kind };
  const target = event as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) target[key] = value;
  return event;
}

/** `{}`, `{ time }` or `{ time, event }`; the event carries the line's time too. */
export function parsedLine(time: number | undefined, event?: GatewayEvent): ParsedLine {
  const line: ParsedLine = {};
  if (time !== undefined) line.time = time;
  if (event !== undefined) {
    // Rebuilt so `time` sits next to `kind`: expected-output files read in that order.
    const { kind, ...rest } = event;
    line.event = time === undefined ? event : { kind, time, ...rest };
  }
  return line;
}
