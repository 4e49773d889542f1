// Splits a byte stream into blocks of whole lines without decoding them. Node's readline splits
// on a bare \r (wrong for CI logs with progress bars) and is slower than Buffer.indexOf on \n.

/** No line is held longer than this: a longer one is cut and reported; its rest is skipped or given in pieces. */
export const MAX_LINE_BYTES = 1 << 20;

/**
 * Each piece of a line's rest starts with the last bytes of the piece before: a token cut by a
 * piece boundary is whole in the next piece (tokens up to this long).
 */
export const REST_OVERLAP = 4096;

export interface Block {
  /** Whole lines; each ends in \n except possibly the very last line of the input. */
  buf: Buffer;
  /** This block is a single line cut at MAX_LINE_BYTES (its end was dropped, or follows in `rest` pieces). */
  truncated: boolean;
  /**
   * A later piece of the line the last truncated block began (readBlocks with `keepRest`): `offset`
   * is the byte offset of `buf` in that line, whose first `overlap` bytes were in the piece before.
   * Holds no \n and counts no line.
   */
  rest?: { offset: number; overlap: number };
}

/**
 * Whole-line blocks. A line over `maxLine` bytes becomes one truncated block of its first
 * `maxLine` bytes; the rest is dropped, or with `keepRest` yielded as `rest` pieces of at most
 * `maxLine` bytes (memory stays bounded by `maxLine` whatever the line's length).
 */
export async function* readBlocks(chunks: AsyncIterable<Buffer>, maxLine = MAX_LINE_BYTES, keepRest = false): AsyncGenerator<Block> {
  let carry: Buffer[] = [];
  let carryBytes = 0;
  // Inside a line over maxLine whose first maxLine bytes were yielded.
  let long: LongLine | undefined;
  for await (const chunk of chunks) {
    let start = 0;
    if (long !== undefined) {
      const nl = chunk.indexOf(10);
      yield* long.add(nl === -1 ? chunk : chunk.subarray(0, nl));
      if (nl === -1) continue;
      yield* long.end();
      long = undefined;
      start = nl + 1;
    } else if (carryBytes > 0) {
      const nl = chunk.indexOf(10);
      const upTo = nl === -1 ? chunk.length : nl;
      if (carryBytes + upTo > maxLine) {
        const cut = cutLine([...carry, chunk.subarray(0, upTo)], maxLine);
        yield { buf: cut, truncated: true };
        long = new LongLine(maxLine, keepRest, cut);
        // carryBytes <= maxLine: what lies past the cut is all in this chunk.
        yield* long.add(chunk.subarray(maxLine - carryBytes, upTo));
        carry = [];
        carryBytes = 0;
        if (nl === -1) continue;
        yield* long.end();
        long = undefined;
        start = nl + 1;
      } else if (nl === -1) {
        carry.push(chunk);
        carryBytes += chunk.length;
        continue;
      } else {
        carry.push(chunk.subarray(0, nl + 1));
        yield { buf: Buffer.concat(carry), truncated: false };
        carry = [];
        carryBytes = 0;
        start = nl + 1;
      }
    }
    const last = chunk.lastIndexOf(10);
    if (last >= start) {
      // Lines inside one chunk can still exceed the cap when chunks are large.
      yield* splitOversized(chunk.subarray(start, last + 1), maxLine, keepRest);
      start = last + 1;
    }
    if (start < chunk.length) {
      const tail = chunk.subarray(start);
      if (tail.length > maxLine) {
        const cut = cutLine([tail], maxLine);
        yield { buf: cut, truncated: true };
        long = new LongLine(maxLine, keepRest, cut);
        yield* long.add(tail.subarray(maxLine));
      } else {
        carry.push(tail);
        carryBytes = tail.length;
      }
    }
  }
  if (long !== undefined) yield* long.end();
  if (carryBytes > 0) yield { buf: Buffer.concat(carry), truncated: false };
}

/** The rest of a line past its first maxLine bytes: dropped, or cut into overlapping pieces. */
class LongLine {
  private parts: Buffer[];
  private bytes: number;
  /** Bytes in `parts` that no piece has held yet. */
  private fresh = 0;
  /** Offset in the line of the first byte in `parts`. */
  private offset: number;

  constructor(private readonly maxLine: number, private readonly keep: boolean, cut: Buffer) {
    // `cut` is the truncated block: the line's first maxLine bytes and a \n.
    const overlap = Math.min(REST_OVERLAP, maxLine - 1);
    this.parts = keep ? [Buffer.from(cut.subarray(maxLine - overlap, maxLine))] : [];
    this.bytes = keep ? overlap : 0;
    this.offset = maxLine - overlap;
  }

  *add(part: Buffer): Generator<Block> {
    if (!this.keep) return;
    while (part.length > 0) {
      const take = part.subarray(0, this.maxLine - this.bytes);
      this.parts.push(take);
      this.bytes += take.length;
      this.fresh += take.length;
      part = part.subarray(take.length);
      if (this.bytes === this.maxLine) yield this.flush();
    }
  }

  *end(): Generator<Block> {
    if (this.keep && this.fresh > 0) yield this.flush();
  }

  private flush(): Block {
    // A copy: the parts may lie in pooled read buffers that are reused.
    const buf = Buffer.concat(this.parts, this.bytes);
    const block: Block = { buf, truncated: false, rest: { offset: this.offset, overlap: this.bytes - this.fresh } };
    const overlap = Math.min(REST_OVERLAP, buf.length - 1);
    this.parts = [buf.subarray(buf.length - overlap)];
    this.offset += buf.length - overlap;
    this.bytes = overlap;
    this.fresh = 0;
    return block;
  }
}

function cutLine(parts: Buffer[], maxLine: number): Buffer {
  const joined = Buffer.concat(parts, Math.min(maxLine, parts.reduce((n, p) => n + p.length, 0)));
  return Buffer.concat([joined.subarray(0, maxLine), Buffer.from('\n')]);
}

function* splitOversized(buf: Buffer, maxLine: number, keepRest: boolean): Generator<Block> {
  if (buf.length <= maxLine) {
    yield { buf, truncated: false };
    return;
  }
  let start = 0;
  let pos = 0;
  while (pos < buf.length) {
    const nl = buf.indexOf(10, pos);
    const end = nl === -1 ? buf.length : nl + 1;
    if (end - pos > maxLine + 1) {
      if (pos > start) yield { buf: buf.subarray(start, pos), truncated: false };
      const cut = cutLine([buf.subarray(pos, pos + maxLine)], maxLine);
      yield { buf: cut, truncated: true };
      const long = new LongLine(maxLine, keepRest, cut);
      yield* long.add(buf.subarray(pos + maxLine, nl === -1 ? buf.length : nl));
      yield* long.end();
      start = end;
    }
    pos = end;
  }
  if (start < buf.length) yield { buf: buf.subarray(start), truncated: false };
}
