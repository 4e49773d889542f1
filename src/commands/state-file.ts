// State files (`--emit-state`, `clawprint merge`): gzip'd JSON, written atomically like a report
// (never over an input, never half-written), read back whole — a state is bounded by the same
// bounds as the audit's memory (README "Shards and clawprint merge").
import { readFileSync, writeSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Redactor } from '../detectors/redact-finding.js';
import { InputError } from '../errors.js';
import { STATE_FORMAT, STATE_VERSION } from '../pipeline/audit-state.js';
import { writeError, writeFileAtomically } from './output-file.js';

/** What every state file starts with; the rest depends on `command`. */
export interface StateHeader {
  format: typeof STATE_FORMAT;
  version: number;
  command: 'audit' | 'rotation';
}

/** Writes `state` gzip'd to `file`, through the second net over the whole text (as a report). */
export function writeStateFile(file: string, state: StateHeader, net: Redactor): void {
  const bytes = gzipSync(Buffer.from(net.output(JSON.stringify(state)), 'utf8'));
  try {
    writeFileAtomically(file, (fd) => {
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
    });
  } catch (error) {
    throw writeError('the state file', file, error);
  }
}

/** Reads a state file; anything that is not one this clawprint can read is one line and exit 2. */
export function readStateFile(file: string): StateHeader & Record<string, unknown> {
  let text: string;
  try {
    const bytes = readFileSync(file);
    text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(code !== undefined && !code.startsWith('Z_') ? `cannot read the state file: ${code}` : 'not a clawprint state file (its gzip is damaged)', file);
  }
  let state: unknown;
  try {
    state = JSON.parse(text);
  } catch {
    throw new InputError('not a clawprint state file (not JSON)', file);
  }
  const header = state as Partial<StateHeader> | null;
  if (header === null || typeof header !== 'object' || header.format !== STATE_FORMAT) throw new InputError('not a clawprint state file (written by clawprint audit --emit-state)', file);
  if (header.version !== STATE_VERSION) {
    throw new InputError(`state file version ${String(header.version)} is not one this clawprint reads (version ${STATE_VERSION}): emit the states and merge them with the same clawprint release`, file);
  }
  if (header.command !== 'audit' && header.command !== 'rotation') throw new InputError('not a clawprint state file (unknown command)', file);
  if (!Array.isArray((state as { shards?: unknown }).shards)) throw new InputError('not a clawprint state file (no shards)', file);
  return state as StateHeader & Record<string, unknown>;
}
