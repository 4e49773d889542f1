// Every envelope, in detection order: the first whose detect() accepts a file's sample wins;
// `none` accepts everything and comes last.
import { cri } from './cri.js';
import { dockerJson } from './docker-json.js';
import type { Envelope, EnvelopeId } from './envelope.js';
import { githubActions } from './github-actions.js';
import { gitlab } from './gitlab.js';
import { jenkins } from './jenkins.js';
import { none } from './none.js';
import { timestamped } from './timestamped.js';

export const ENVELOPES = {
  'docker-json': dockerJson,
  cri,
  timestamped,
  'github-actions': githubActions,
  gitlab,
  jenkins,
  none,
} satisfies Record<EnvelopeId, Envelope>;

// CRI before timestamped: a CRI line starts with the same 9-digit time.
export const ENVELOPE_ORDER: readonly Envelope[] = [dockerJson, cri, timestamped, githubActions, gitlab, jenkins, none];

export function envelopeById(id: string): Envelope | undefined {
  return ENVELOPE_ORDER.find((e) => e.id === id);
}
