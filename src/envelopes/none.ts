import type { Envelope } from './envelope.js';

/** No framing: every file line is one payload line. */
export const none = {
  id: 'none',
  description: 'no framing; each line is payload',
  detect: () => true,
  createDecoder: () => ({
    notes: [],
    push(raw, line, emit) {
      emit({ text: raw, line, column: 0 });
    },
    end() {},
  }),
} satisfies Envelope;
