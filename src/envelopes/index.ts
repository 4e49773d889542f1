// Every envelope, in detection order: the first whose detect() accepts a file's sample wins;
// `none` accepts everything and comes last.
import type { Envelope, EnvelopeId } from './envelope.js';
import { none } from './none.js';

export const ENVELOPES = {
  none,
} satisfies Partial<Record<EnvelopeId, Envelope>>;

export const ENVELOPE_ORDER: readonly Envelope[] = [none];

export function envelopeById(id: string): Envelope | undefined {
  return ENVELOPE_ORDER.find((e) => e.id === id);
}
