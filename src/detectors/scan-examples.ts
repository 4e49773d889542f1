// Fake token values for the scan rules' examples. They are derived at load time, so src/ holds
// no token-shaped literal (the repository scans itself, and its pre-stop check rejects 48/64-hex
// literals in src/). The meta-test reads EXAMPLE_EXPOSED_TOKEN back from
// fixtures/detectors/example-token.txt to build its TokenMatcher.
import { createHash } from 'node:crypto';

const derive = (label: string): Buffer => createHash('sha256').update(`clawprint scan example: ${label}`).digest();

/** The "exposed" token of the examples (48 hex, like onboarding's). */
export const EXAMPLE_EXPOSED_TOKEN = derive('exposed token').toString('hex').slice(0, 48);
/** Other, unexposed tokens. */
export const EXAMPLE_HEX48 = derive('hex48').toString('hex').slice(0, 48);
export const EXAMPLE_HEX64 = derive('hex64').toString('hex');
export const EXAMPLE_BASE64URL = derive('base64url').toString('base64url');
/** An OpenClaw device id: 64 hex, never a token. */
export const EXAMPLE_DEVICE_ID = derive('device').toString('hex');
