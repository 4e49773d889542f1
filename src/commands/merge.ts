// `clawprint merge`: the states of shards (`audit --emit-state`, `rotation --emit-state`) as one,
// reported as one audit (or rotation) over all their inputs would have been (docs/product.md §4,
// README "Shards and clawprint merge"). States are merged one at a time, so memory holds the
// merged state and the one being read: the audit's own bounds.
import path from 'node:path';
import type { Command } from 'commander';
import { InputError, UsageError } from '../errors.js';
import { type AuditState, mergeAuditStates, settingsDiffer, ShardTwiceError } from '../pipeline/audit-state.js';
import { mergeRotationStates, type RotationState, rotationSettingsDiffer } from '../pipeline/rotation-state.js';
import { TokenMatcher } from '../token.js';
import { AUDIT_RULES, reportAudit } from './audit-report.js';
import { addOutputOptions, guardStderr, type OutputFlags, parseOutputFlags } from './output.js';
import { refuseInputAsOutput, refuseSameFile } from './output-file.js';
import { reportRotation } from './rotation-report.js';
import { readStateFile, type StateHeader, writeStateFile } from './state-file.js';

interface MergeFlags extends OutputFlags {
  emitState?: string;
}

export function commandMerge(program: Command, setExit: (code: number) => void): void {
  const cmd = program
    .command('merge')
    .description('report the states of shards (audit or rotation --emit-state) as one run over all their inputs')
    .argument('<states...>', 'state files written by --emit-state (gzip\'d JSON), all of one command and the same settings');
  cmd.option('--emit-state <file>', 'also write the merged state to <file>, to merge again later');
  addOutputOptions(cmd);
  cmd.action(async (states: string[], flags: MergeFlags) => {
    setExit(await merge(states, flags));
  });
}

type AnyState = (AuditState | RotationState) & StateHeader;

async function merge(files: string[], flags: MergeFlags): Promise<number> {
  const settings = parseOutputFlags(flags);
  if (files.length === 0) throw new UsageError('no state files: give the files that audit --emit-state wrote');
  const absolute = files.map((f) => path.resolve(f));
  refuseInputAsOutput('--output', settings.output, absolute);
  refuseInputAsOutput('--emit-state', flags.emitState, absolute);
  refuseSameFile(settings.output, flags.emitState);
  let merged: AnyState | undefined;
  let firstFile = '';
  for (const file of files) {
    const state = readStateFile(file) as unknown as AnyState;
    if (merged === undefined) {
      // Known from here on: stderr's lines (a file named after the token) are redacted.
      guardStderr(tokensOf(state));
      merged = state;
      firstFile = file;
      continue;
    }
    merged = mergeTwo(merged, state, file, firstFile);
  }
  const state = merged!;
  const tokens = tokensOf(state);
  const redact = guardStderr(tokens);
  if (flags.emitState !== undefined) writeStateFile(flags.emitState, state, redact);
  try {
    return state.command === 'audit' ? reportAudit(state, tokens, settings) : reportRotation(state, tokens, settings);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    throw new InputError('a state file is damaged (a field is missing or of the wrong kind)', files.length === 1 ? files[0] : undefined);
  }
}

/** The report's redaction nets know the tokens by fingerprint, as an audit given --fingerprint does. */
function tokensOf(state: AnyState): TokenMatcher {
  if (!Array.isArray(state.settings?.tokens)) throw new InputError('not a clawprint state file (no tokens in its settings)');
  return new TokenMatcher(state.settings.tokens.map((t) => ({ label: String(t.label), fingerprint: String(t.fingerprint) })));
}

/** `b` merged into `a`, or one line (exit 2) naming what disagrees. */
function mergeTwo(a: AnyState, b: AnyState, file: string, firstFile: string): AnyState {
  if (a.command !== b.command) throw new UsageError(`${shown(file)} is the state of clawprint ${b.command}, ${shown(firstFile)} of clawprint ${a.command}: merge states of one command`);
  const differs = a.command === 'audit' ? settingsDiffer(a.settings, (b as AuditState).settings) : rotationSettingsDiffer(a.settings, (b as RotationState).settings);
  if (differs !== undefined) {
    throw new UsageError(`${shown(file)} was made with other settings than ${shown(firstFile)} (${differs} differs): every shard must be given the same window, tokens and options`);
  }
  try {
    return a.command === 'audit' ? mergeAuditStates(a, b as AuditState, AUDIT_RULES) : mergeRotationStates(a, b as RotationState);
  } catch (error) {
    if (error instanceof ShardTwiceError) {
      throw new UsageError(`${shown(file)} holds a shard that is already in the states before it (a state merged from it, or the same file twice): its events would be counted twice`);
    }
    if (!(error instanceof TypeError)) throw error;
    // A state file edited by hand, or cut: one line, never a stack trace.
    throw new InputError('not a clawprint state file (its content is damaged)', file);
  }
}

const shown = (file: string): string => JSON.stringify(path.basename(file));
