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
  /** The input's last line had no \n: readBlocks with `endLastLine` added one (not the input's byte). */
  newlineAdded?: true;
}

/**
 * Whole-line blocks. A line over `maxLine` bytes becomes one truncated block of its first
 * `maxLine` bytes; the rest is dropped, or with `keepRest` yielded as `rest` pieces of at most
 * `maxLine` bytes (memory stays bounded by `maxLine` whatever the line's length).
 */
export function readBlocks(chunks: AsyncIterable<Buffer>, maxLine = MAX_LINE_BYTES, keepRest = false, endLastLine = false): AsyncIterableIterator<Block> {
  return new BlockReader(chunks, new BlockSplitter(maxLine, keepRest, endLastLine));
}

const NEWLINE = Buffer.from('\n');

const DONE: Promise<IteratorResult<Block>> = Promise.resolve({ value: undefined, done: true });

/**
 * readBlocks as a plain async iterator, not an async generator: an input's reader resumes once
 * per block, and an async generator costs a few microseconds per resume and a TurboFan compile
 * of 10–150 ms of the core (docs/performance.md). The splitting is synchronous (BlockSplitter).
 */
class BlockReader implements AsyncIterableIterator<Block> {
  private source: AsyncIterator<Buffer> | undefined;
  private pending: Block[] = [];
  private at = 0;
  private ended = false;

  constructor(private readonly chunks: AsyncIterable<Buffer>, private readonly split: BlockSplitter) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<Block>> {
    if (this.at < this.pending.length) return Promise.resolve({ value: this.pending[this.at++]!, done: false });
    if (this.ended) return DONE;
    this.source ??= this.chunks[Symbol.asyncIterator]();
    return this.source.next().then(
      (r) => {
        if (r.done === true) {
          this.ended = true;
          this.pending = this.split.end();
        } else {
          this.pending = this.split.push(r.value);
        }
        this.at = 0;
        return this.next();
      },
      (error: unknown) => {
        // As a generator's for await: a source that failed is not read on, nor closed.
        this.ended = true;
        this.pending = [];
        throw error;
      },
    );
  }

  /** The reader stops early (a `break`): the source is closed. */
  return(): Promise<IteratorResult<Block>> {
    const source = this.ended ? undefined : this.source;
    this.ended = true;
    this.pending = [];
    return source?.return === undefined ? DONE : source.return(undefined).then(() => ({ value: undefined, done: true }));
  }
}

/** readBlocks' splitting: chunks in, the blocks each completes out. */
class BlockSplitter {
  private carry: Buffer[] = [];
  private carryBytes = 0;
  /** Inside a line over maxLine whose first maxLine bytes were given. */
  private long: LongLine | undefined;

  /**
   * `endLastLine`: an input's last line without a \n gets one (a copy), so that a needle that ends
   * a line with its \n (the audit's W3C status as the last column) finds it there too.
   */
  constructor(private readonly maxLine: number, private readonly keepRest: boolean, private readonly endLastLine = false) {}

  /** The blocks `chunk` completes (a fresh array: the caller may hold it while pushing more). */
  push(chunk: Buffer): Block[] {
    const out: Block[] = [];
    const maxLine = this.maxLine;
    let start = 0;
    if (this.long !== undefined) {
      const nl = chunk.indexOf(10);
      this.long.add(nl === -1 ? chunk : chunk.subarray(0, nl), out);
      if (nl === -1) return out;
      this.long.end(out);
      this.long = undefined;
      start = nl + 1;
    } else if (this.carryBytes > 0) {
      const nl = chunk.indexOf(10);
      const upTo = nl === -1 ? chunk.length : nl;
      if (this.carryBytes + upTo > maxLine) {
        const cut = cutLine([...this.carry, chunk.subarray(0, upTo)], maxLine);
        out.push({ buf: cut, truncated: true });
        this.long = new LongLine(maxLine, this.keepRest, cut);
        // carryBytes <= maxLine: what lies past the cut is all in this chunk.
        this.long.add(chunk.subarray(maxLine - this.carryBytes, upTo), out);
        this.carry = [];
        this.carryBytes = 0;
        if (nl === -1) return out;
        this.long.end(out);
        this.long = undefined;
        start = nl + 1;
      } else if (nl === -1) {
        this.carry.push(chunk);
        this.carryBytes += chunk.length;
        return out;
      } else {
        this.carry.push(chunk.subarray(0, nl + 1));
        out.push({ buf: Buffer.concat(this.carry), truncated: false });
        this.carry = [];
        this.carryBytes = 0;
        start = nl + 1;
      }
    }
    const last = chunk.lastIndexOf(10);
    if (last >= start) {
      // Lines inside one chunk can still exceed the cap when chunks are large.
      splitOversized(chunk.subarray(start, last + 1), maxLine, this.keepRest, out);
      start = last + 1;
    }
    if (start < chunk.length) {
      const tail = chunk.subarray(start);
      if (tail.length > maxLine) {
        const cut = cutLine([tail], maxLine);
        out.push({ buf: cut, truncated: true });
        this.long = new LongLine(maxLine, this.keepRest, cut);
        this.long.add(tail.subarray(maxLine), out);
      } else {
        this.carry.push(tail);
        this.carryBytes = tail.length;
      }
    }
    return out;
  }

  /** The blocks left at the end of the input. */
  end(): Block[] {
    const out: Block[] = [];
    if (this.long !== undefined) this.long.end(out);
    if (this.carryBytes > 0) {
      if (this.endLastLine) out.push({ buf: Buffer.concat([...this.carry, NEWLINE]), truncated: false, newlineAdded: true });
      else out.push({ buf: Buffer.concat(this.carry), truncated: false });
    }
    return out;
  }
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

  add(part: Buffer, out: Block[]): void {
    if (!this.keep) return;
    while (part.length > 0) {
      const take = part.subarray(0, this.maxLine - this.bytes);
      this.parts.push(take);
      this.bytes += take.length;
      this.fresh += take.length;
      part = part.subarray(take.length);
      if (this.bytes === this.maxLine) out.push(this.flush());
    }
  }

  end(out: Block[]): void {
    if (this.keep && this.fresh > 0) out.push(this.flush());
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

function splitOversized(buf: Buffer, maxLine: number, keepRest: boolean, out: Block[]): void {
  if (buf.length <= maxLine) {
    out.push({ buf, truncated: false });
    return;
  }
  let start = 0;
  let pos = 0;
  while (pos < buf.length) {
    const nl = buf.indexOf(10, pos);
    const end = nl === -1 ? buf.length : nl + 1;
    if (end - pos > maxLine + 1) {
      if (pos > start) out.push({ buf: buf.subarray(start, pos), truncated: false });
      const cut = cutLine([buf.subarray(pos, pos + maxLine)], maxLine);
      out.push({ buf: cut, truncated: true });
      const long = new LongLine(maxLine, keepRest, cut);
      long.add(buf.subarray(pos + maxLine, nl === -1 ? buf.length : nl), out);
      long.end(out);
      start = end;
    }
    pos = end;
  }
  if (start < buf.length) out.push({ buf: buf.subarray(start), truncated: false });
}
