// Fake secrets for the config rules' examples, derived at load time so src/ holds no
// token-shaped literal (the repository scans itself).
import { createHash } from 'node:crypto';

const derive = (label: string): Buffer => createHash('sha256').update(`clawprint config example: ${label}`).digest();

/** A strong token: 64 hex digits (32 bytes), as `openssl rand -hex 32` gives. */
export const STRONG_A = derive('a').toString('hex');
export const STRONG_B = derive('b').toString('hex');
/** OpenClaw's own generator shape: 48 hex digits, 24 bytes. */
export const DEFAULT_SHAPE = derive('default').toString('hex').slice(0, 48);
