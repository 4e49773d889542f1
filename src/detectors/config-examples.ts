// Fake secrets for the config rules' examples, derived so src/ holds no token-shaped literal (the
// repository scans itself), and when first read, not at load (node:crypto loads at its first use;
// scan-examples.ts derives both).
import { deriveExample } from './scan-examples.js';

const derive = (label: string): Buffer => deriveExample('config', label);

interface ConfigExampleValues {
  /** Strong tokens: 64 hex digits (32 bytes), as `openssl rand -hex 32` gives. */
  STRONG_A: string;
  STRONG_B: string;
  /** OpenClaw's own generator shape: 48 hex digits, 24 bytes. */
  DEFAULT_SHAPE: string;
}

let values: ConfigExampleValues | undefined;

/** The example values, derived on the first call. */
export function configExamples(): ConfigExampleValues {
  values ??= {
    STRONG_A: derive('a').toString('hex'),
    STRONG_B: derive('b').toString('hex'),
    DEFAULT_SHAPE: derive('default').toString('hex').slice(0, 48),
  };
  return values;
}
