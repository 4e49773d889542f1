// Re-joins records a container runtime split: Docker json-file at 16 KiB (a `log` without its
// trailing \n), CRI `P` records (containerd at 16 KiB, CRI-O at ~8 KiB). stdout and stderr
// interleave between the parts, so each stream waits in its own slot.
import type { Emit } from './envelope.js';
import { JoinedText, type PartOffset, recordPayload } from './joined-text.js';
import type { TextStep } from './text-steps.js';

/** A join that grows past this is emitted as it stands (docs/product.md §9: constant memory). */
export const MAX_JOIN_CHARS = 1024 * 1024;

/** One record's payload text and where it sits in the file. */
export interface RecordText {
  text: string;
  line: number;
  /** 0-based offset of `text` in the raw line. */
  column: number;
  /** Set when `text` is not a verbatim slice of the raw line (Docker's JSON escapes). */
  offsetOf?: PartOffset;
  time: number | undefined;
}

export class PartialRecords {
  private readonly pending = new Map<string, JoinedText>();

  /** `finish` turns the joined text into payload text (e.g. strips ANSI split across parts). */
  constructor(private readonly finish: readonly TextStep[]) {}

  /**
   * One record of `stream`. `last` = the record ends the message (Docker `\n`, CRI `F`). The
   * emitted payload keeps the first part's line, column and time; its `locate` finds each part.
   */
  add(stream: string, record: RecordText, last: boolean, emit: Emit): void {
    let join = this.pending.get(stream);
    if (join === undefined && last) {
      emit(recordPayload(record.text, record.line, record.column, record.offsetOf, record.time, this.finish));
      return;
    }
    join ??= new JoinedText(record.time);
    join.append(record.text, record.line, record.column, record.offsetOf);
    if (last || join.text.length >= MAX_JOIN_CHARS) {
      this.pending.delete(stream);
      emit(join.payload(this.finish));
    } else {
      this.pending.set(stream, join);
    }
  }

  /** No part waits for the rest of its line. */
  get idle(): boolean {
    return this.pending.size === 0;
  }

  /** End of input: unfinished joins are emitted as they are, oldest first. */
  flush(emit: Emit): void {
    const waiting = [...this.pending.values()].sort((a, b) => a.line - b.line);
    this.pending.clear();
    for (const join of waiting) emit(join.payload(this.finish));
  }
}
