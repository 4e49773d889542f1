// The archive limits every command that reads inputs takes (sources/archive-limits.ts).
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { type ArchiveLimits, DEFAULT_LIMITS, parseSize, sizeText } from '../sources/archive-limits.js';
import { shownValue } from '../shown-value.js';

export interface ArchiveFlags {
  archiveMaxSize?: string;
  archiveMaxEntries?: string;
  archiveMaxRatio?: string;
  archiveMaxDepth?: string;
}

export function addArchiveOptions(cmd: Command): Command {
  return cmd
    .option('--archive-max-size <size>', `stop reading an archive after this much decompressed data (bytes, or with K, M, G, T; default ${sizeText(DEFAULT_LIMITS.maxBytes).replace(' GiB', 'G')})`)
    .option('--archive-max-entries <n>', `entries read from one archive, nested ones included (default ${DEFAULT_LIMITS.maxEntries})`)
    .option('--archive-max-ratio <n>', `skip archive data that decompresses more than n:1 past 16 MiB, a zip bomb's shape (default ${DEFAULT_LIMITS.maxRatio})`)
    .option('--archive-max-depth <n>', `archives inside archives opened, the one named being 1 (default ${DEFAULT_LIMITS.maxDepth})`);
}

function wholeNumber(value: string, flag: string): number {
  const n = /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!(n >= 1 && Number.isSafeInteger(n))) throw new UsageError(`${flag} takes a whole number of at least 1: ${shownValue(value)}`);
  return n;
}

export function parseArchiveFlags(flags: ArchiveFlags): ArchiveLimits {
  const limits = { ...DEFAULT_LIMITS };
  if (flags.archiveMaxSize !== undefined) {
    const size = parseSize(flags.archiveMaxSize);
    if (size === undefined || size < 1) throw new UsageError(`--archive-max-size takes a size in bytes, or with K, M, G or T (10G): ${shownValue(flags.archiveMaxSize)}`);
    limits.maxBytes = size;
  }
  if (flags.archiveMaxEntries !== undefined) limits.maxEntries = wholeNumber(flags.archiveMaxEntries, '--archive-max-entries');
  if (flags.archiveMaxRatio !== undefined) limits.maxRatio = wholeNumber(flags.archiveMaxRatio, '--archive-max-ratio');
  if (flags.archiveMaxDepth !== undefined) limits.maxDepth = wholeNumber(flags.archiveMaxDepth, '--archive-max-depth');
  return limits;
}
