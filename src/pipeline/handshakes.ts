// One rejected OpenClaw handshake writes two lines with the same `conn=`: `[ws] unauthorized
// conn=X …` and `closed before connect conn=X … reason=unauthorized: …`. Both are auth failures
// in the log's words, but one attempt: the second is dropped so a burst is not counted double.

/** Connection ids remembered per input; both lines of a handshake are logged within milliseconds. */
const REMEMBERED = 4096;

export class RejectedHandshakes {
  private readonly conns = new Set<string>();

  /** True when `conn` was already counted; remembers it otherwise (oldest forgotten first). */
  repeat(conn: string): boolean {
    if (this.conns.has(conn)) return true;
    if (this.conns.size >= REMEMBERED) this.conns.delete(this.conns.values().next().value!);
    this.conns.add(conn);
    return false;
  }
}
