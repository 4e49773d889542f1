// The text of a line the byte reader read (parsers/gateway-bytes.ts), made only when something
// asks for it. A token use found by its fingerprint field needs its text only when a rule keeps or
// writes the use (its query and size: parsers/request-extras.ts), and that is a few hundred of the
// `leak-30` bench log's 1.3 million uses: making every one cost ~40% of what the audit allocated
// and ~7% of its time (issue 8, docs/performance.md).
import type { Latin1Slicing } from '../parsers/byte-strings.js';
import type { AuditEvent, LineSource } from '../detectors/detector.js';

const NO_BYTES = Buffer.alloc(0);

/**
 * One per input, set for each line it reads from its bytes. The bytes are the read buffer's, which
 * is reused a few blocks later: the text is made for the event of the line being handled only
 * (`own`), while a rule handles it; asked for another event, it throws (a rule that kept an event
 * must keep what it needs of its text when it handles it, as uses.ts's UseList does).
 */
export class LineBytes implements LineSource {
  // Public, and set by the reader (unframed.ts) and the handler (read-events.ts) themselves: a call
  // per line for each costs more than the text it saves (the CLI does not inline calls; issue 8).
  // set() and own() say the same for the tests and close().
  buf: Buffer = NO_BYTES;
  start = 0;
  end = 0;
  made: string | undefined;
  /** The event made from this line: the only one textFor answers for. */
  owner: AuditEvent | undefined;

  /** The line now handled: `buf[start, end)`, ASCII (the byte reader reads no other). */
  set(buf: Buffer, start: number, end: number): void {
    this.buf = buf;
    this.start = start;
    this.end = end;
    this.made = undefined;
    this.owner = undefined;
  }

  /** The line's text, made once. */
  text(): string {
    return (this.made ??= (this.buf as unknown as Latin1Slicing).latin1Slice(this.start, this.end));
  }

  /** `event` was made from this line: textFor answers for it until the next line is set. */
  own(event: AuditEvent): void {
    this.owner = event;
  }

  /** The input is read: no event's text can be made any more. */
  close(): void {
    this.set(NO_BYTES, 0, 0);
  }

  textFor(event: AuditEvent): string {
    if (event !== this.owner) throw new Error('the text of a line read from its bytes was asked after the line was handled');
    return this.text();
  }
}
