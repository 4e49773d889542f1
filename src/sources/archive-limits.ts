// Bounds against hostile archives. Nothing is extracted, so a zip bomb cannot fill a disk; what it
// can do is make a run read for hours. Four limits keep it short, each with a flag to raise it, and
// whatever a limit leaves unread is counted into one issue per archive and limit, never dropped.
import type { ArchiveEntry } from './archive.js';
import type { InputIssue, IssueKind } from './input.js';

export interface ArchiveLimits {
  /** Bytes read out of one archive named as an input, at every level of nesting. */
  maxBytes: number;
  /** Entries read out of one archive named as an input, at every level of nesting. */
  maxEntries: number;
  /** Largest ratio of decompressed to compressed size, once past RATIO_GRACE_BYTES. */
  maxRatio: number;
  /** Archives inside archives: the one named is level 1. */
  maxDepth: number;
}

export const DEFAULT_LIMITS: ArchiveLimits = { maxBytes: 10 * 1024 ** 3, maxEntries: 10_000, maxRatio: 200, maxDepth: 3 };

/** The flags that raise each limit, for the messages. */
export const LIMIT_FLAGS = { maxBytes: '--archive-max-size', maxEntries: '--archive-max-entries', maxRatio: '--archive-max-ratio', maxDepth: '--archive-max-depth' } as const;

/**
 * The ratio is only judged past this much output: a small file of repeated lines compresses far
 * beyond any limit and costs nothing to read; a bomb is one because it is large.
 */
export const RATIO_GRACE_BYTES = 16 * 1024 * 1024;

/**
 * A zip that is not a file on disk (piped to stdin, or inside another archive) is read into memory
 * up to this size: its index is at its end, and reading it needs random access.
 */
export const ZIP_IN_MEMORY_MAX = 64 * 1024 * 1024;

type Tally = { count: number; first: string; message: string; kind: IssueKind };

/** What one archive named as an input has used of the limits, and what they left unread. */
export class ArchiveBudget {
  bytes = 0;
  entries = 0;
  /** Set once the size limit is reached: nothing more is read from this archive. */
  exhausted = false;
  private readonly tallies = new Map<string, Tally>();

  constructor(readonly limits: ArchiveLimits) {}

  /** Counts `n` bytes read; false once past the size limit (the caller stops). */
  spend(n: number): boolean {
    this.bytes += n;
    if (this.bytes > this.limits.maxBytes) this.exhausted = true;
    return !this.exhausted;
  }

  /**
   * Notes one entry (its shown path) left unread or cut for `reason`; entries with the same reason
   * become one issue: `<message>` for the first, `and N more` after it.
   */
  note(reason: string, kind: IssueKind, path: string, message: string, count = 1): void {
    const t = this.tallies.get(reason);
    if (t === undefined) this.tallies.set(reason, { count, first: path, message, kind });
    else t.count += count;
  }

  /**
   * Whether an entry is read: `skip` when it cannot be decoded or its declared ratio is a bomb's,
   * `full` when its declared size would pass the size limit (nothing more is read).
   */
  admit(entry: ArchiveEntry, path: string): 'read' | 'skip' | 'full' {
    const limits = this.limits;
    if (entry.unreadable !== undefined) {
      this.note(`unreadable ${entry.unreadable}`, 'skipped-entry', path, `${entry.unreadable} entry; not read`);
      return 'skip';
    }
    const declared = entry.declared;
    if (declared === undefined) return 'read';
    if (declared.uncompressed > RATIO_GRACE_BYTES && declared.uncompressed > limits.maxRatio * declared.compressed) {
      this.note('ratio', 'archive-limit', path, `entry decompresses more than ${limits.maxRatio}:1 (${sizeText(declared.uncompressed)} from ${sizeText(declared.compressed)}), a zip bomb's shape; not read (${LIMIT_FLAGS.maxRatio} raises the limit)`);
      return 'skip';
    }
    if (this.bytes + declared.uncompressed > limits.maxBytes) {
      this.exhausted = true;
      return 'full';
    }
    return 'read';
  }

  /** One issue per reason, at the first entry it concerned. */
  issues(): InputIssue[] {
    return [...this.tallies.values()].map((t) => ({
      path: t.first,
      kind: t.kind,
      message: t.count === 1 ? t.message : `${t.message} (and ${t.count - 1} more entr${t.count === 2 ? 'y' : 'ies'} of this archive)`,
    }));
  }
}

/** `1048576`, `512K`, `64M`, `10G`, `1T` (powers of 1024); undefined when it is none of these. */
export function parseSize(value: string): number | undefined {
  const m = /^\s*(\d+)\s*([KMGT]?)i?B?\s*$/i.exec(value);
  if (m === null) return undefined;
  const n = Number(m[1]) * 1024 ** ' KMGT'.indexOf((m[2] || ' ').toUpperCase());
  return Number.isSafeInteger(n) ? n : undefined;
}

/** `10 GiB`, `64 MiB`, `512 bytes`: sizes in messages. */
export function sizeText(n: number): string {
  for (const [unit, size] of [['TiB', 1024 ** 4], ['GiB', 1024 ** 3], ['MiB', 1024 ** 2], ['KiB', 1024]] as const) {
    if (n >= size) return `${Number.isInteger(n / size) ? n / size : (n / size).toFixed(1)} ${unit}`;
  }
  return `${n} bytes`;
}
