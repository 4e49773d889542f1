// What a source is: a named byte stream, plus what went wrong reading it.

export type IssueKind =
  | 'unreadable'
  | 'not-found'
  | 'binary'
  | 'truncated-gzip'
  | 'corrupt-gzip'
  | 'long-line'
  | 'empty'
  | 'no-files'
  | 'directory-loop'
  | 'link-outside'
  | 'special-file'
  | 'tracked-unknown'
  | 'truncated-while-read'
  | 'truncated-log'
  | 'timestamp'
  /** A bound on archives (archive-limits.ts) left an entry, or the rest of an archive, unread. */
  | 'archive-limit'
  | 'corrupt-archive'
  /** An archive entry clawprint cannot decode (encrypted, an unsupported compression method). */
  | 'skipped-entry'
  /** An archive left unread on purpose (scan: found in a directory walk without --archives; staged). */
  | 'skipped-archive'
  /** An entry name that is absolute or climbs out with `..`: read as any entry, nothing is extracted. */
  | 'entry-name';

/** Something about an input the user must know: it was skipped, cut short, or only partly read. */
export interface InputIssue {
  path: string;
  kind: IssueKind;
  message: string;
  line?: number;
}

export interface Input {
  /** As shown to the user: relative to the working directory, POSIX separators; `-` for stdin. */
  path: string;
  /** Absolute path on disk; undefined for stdin. */
  absolutePath?: string;
  /** Modification time in epoch ms (syslog years, rotation age). */
  mtime?: number;
  /**
   * A FIFO named on the command line (`<(zcat x.gz)`, mkfifo): read once as a stream, in full
   * chunks. Its size says 0 and it cannot be read twice, so it is never probed as a small file.
   */
  pipe?: true;
  /**
   * Found by a directory walk on file systems where a short read of a regular file is its end
   * (short-reads.ts: not /proc, /sys, FUSE): readSmallFile makes no read to find the end.
   */
  shortReadEnds?: true;
  /** Found by walking a directory, not named on the command line (nor matched by a glob): scan reads archives among these only with --archives. */
  walked?: boolean;
}

/** Issues that mean part of an input was not read: coverage must not claim it. */
export function isIncomplete(kind: IssueKind): boolean {
  return kind !== 'long-line' && kind !== 'timestamp' && kind !== 'entry-name';
}
