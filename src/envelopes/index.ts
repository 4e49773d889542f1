// Every envelope, in detection order: the first whose detect() accepts a file's sample wins;
// `none` accepts everything and comes last.
import { compose } from './compose.js';
import { cri } from './cri.js';
import { dockerJson } from './docker-json.js';
import type { Envelope, EnvelopeId } from './envelope.js';
import { githubActions } from './github-actions.js';
import { gitlab } from './gitlab.js';
import { jenkins } from './jenkins.js';
import { journaldJson } from './journald-json.js';
import { none } from './none.js';
import { paas } from './paas.js';
import { shipperJson } from './shipper-json.js';
import { timestamped } from './timestamped.js';

export const ENVELOPES = {
  'docker-json': dockerJson,
  'journald-json': journaldJson,
  'shipper-json': shipperJson,
  cri,
  timestamped,
  paas,
  compose,
  'github-actions': githubActions,
  gitlab,
  jenkins,
  none,
} satisfies Record<EnvelopeId, Envelope>;

// A shipper's record after Docker's and journald's (their own keys are more precise). CRI before
// timestamped: a CRI line starts with the same 9-digit time; a platform's (paas) after both, its
// process name after the time tells it apart. Compose before the CI
// logs: its prefix is the line's first text, whatever the payload.
export const ENVELOPE_ORDER: readonly Envelope[] = [dockerJson, journaldJson, shipperJson, cri, timestamped, paas, compose, githubActions, gitlab, jenkins, none];

export function envelopeById(id: string): Envelope | undefined {
  return ENVELOPE_ORDER.find((e) => e.id === id);
}
