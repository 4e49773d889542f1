// Re-joins records a container runtime split: Docker json-file at 16 KiB (a `log` without its
// trailing \n), CRI `P` records (containerd at 16 KiB, CRI-O at ~8 KiB). stdout and stderr
// interleave between the parts, so each stream waits in its own slot.
import type { Emit } from './envelope.js';
import { payloadLine } from './payload-line.js';

/** A join that grows past this is emitted as it stands (SPEC §9: constant memory). */
export const MAX_JOIN_CHARS = 1024 * 1024;

interface Pending {
  text: string;
  line: number;
  column: number;
  time: number | undefined;
}

export class PartialRecords {
  private readonly pending = new Map<string, Pending>();

  /** `finish` turns the joined text into payload text (e.g. strips ANSI split across parts). */
  constructor(private readonly finish: (text: string) => string) {}

  /**
   * One record of `stream`. `last` = the record ends the message (Docker `\n`, CRI `F`). The
   * emitted payload keeps the first part's line, column and time.
   */
  add(stream: string, text: string, last: boolean, line: number, column: number, time: number | undefined, emit: Emit): void {
    const waiting = this.pending.get(stream);
    if (waiting === undefined) {
      if (last || text.length >= MAX_JOIN_CHARS) emit(payloadLine(this.finish(text), line, column, time));
      else this.pending.set(stream, { text, line, column, time });
      return;
    }
    waiting.text += text;
    if (last || waiting.text.length >= MAX_JOIN_CHARS) {
      this.pending.delete(stream);
      emit(payloadLine(this.finish(waiting.text), waiting.line, waiting.column, waiting.time));
    }
  }

  /** End of input: unfinished joins are emitted as they are, oldest first. */
  flush(emit: Emit): void {
    const waiting = [...this.pending.values()].sort((a, b) => a.line - b.line);
    this.pending.clear();
    for (const p of waiting) emit(payloadLine(this.finish(p.text), p.line, p.column, p.time));
  }
}
