// Fake token values for the scan rules' examples. They are derived, so src/ holds no token-shaped
// literal (the repository scans itself, and its pre-stop check rejects 48/64-hex literals in
// src/), and derived when first read, not at load: the rules' examples are read by the meta-tests
// only, and node:crypto loads at its first use (~8 ms of every start, a pre-commit run included;
// docs/performance.md, Start-up). The meta-test reads EXAMPLE_EXPOSED_TOKEN back from
// fixtures/detectors/example-token.txt to build its TokenMatcher.
import { createHash } from 'node:crypto';

/** 32 bytes of example material for `label`, distinct per rule family (`scan`, `config`). */
export const deriveExample = (family: string, label: string): Buffer => createHash('sha256').update(`clawprint ${family} example: ${label}`).digest();
const derive = (label: string): Buffer => deriveExample('scan', label);

interface ScanExampleValues {
  /** The "exposed" token of the examples (48 hex, like onboarding's). */
  EXAMPLE_EXPOSED_TOKEN: string;
  /** Other, unexposed tokens. */
  EXAMPLE_HEX48: string;
  EXAMPLE_HEX64: string;
  EXAMPLE_BASE64URL: string;
  /** An OpenClaw device id: 64 hex, never a token. */
  EXAMPLE_DEVICE_ID: string;
}

let values: ScanExampleValues | undefined;

/** The example values, derived on the first call. */
export function scanExamples(): ScanExampleValues {
  values ??= {
    EXAMPLE_EXPOSED_TOKEN: derive('exposed token').toString('hex').slice(0, 48),
    EXAMPLE_HEX48: derive('hex48').toString('hex').slice(0, 48),
    EXAMPLE_HEX64: derive('hex64').toString('hex'),
    EXAMPLE_BASE64URL: derive('base64url').toString('base64url'),
    EXAMPLE_DEVICE_ID: derive('device').toString('hex'),
  };
  return values;
}
