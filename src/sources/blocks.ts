// Splits a byte stream into blocks of whole lines without decoding them. Node's readline splits
// on a bare \r (wrong for CI logs with progress bars) and is slower than Buffer.indexOf on \n.

/** No line is held longer than this: a longer one is cut, reported, and the rest skipped. */
export const MAX_LINE_BYTES = 1 << 20;

export interface Block {
  /** Whole lines; each ends in \n except possibly the very last line of the input. */
  buf: Buffer;
  /** This block is a single line cut at MAX_LINE_BYTES (its end was dropped). */
  truncated: boolean;
}

export async function* readBlocks(chunks: AsyncIterable<Buffer>, maxLine = MAX_LINE_BYTES): AsyncGenerator<Block> {
  let carry: Buffer[] = [];
  let carryBytes = 0;
  let skipping = false;
  for await (const chunk of chunks) {
    let start = 0;
    if (skipping) {
      const nl = chunk.indexOf(10);
      if (nl === -1) continue;
      skipping = false;
      start = nl + 1;
    } else if (carryBytes > 0) {
      const nl = chunk.indexOf(10);
      if (nl === -1) {
        carry.push(chunk);
        carryBytes += chunk.length;
        if (carryBytes > maxLine) {
          yield { buf: cutLine(carry, maxLine), truncated: true };
          carry = [];
          carryBytes = 0;
          skipping = true;
        }
        continue;
      }
      if (carryBytes + nl + 1 > maxLine) {
        carry.push(chunk.subarray(0, nl));
        yield { buf: cutLine(carry, maxLine), truncated: true };
      } else {
        carry.push(chunk.subarray(0, nl + 1));
        yield { buf: Buffer.concat(carry), truncated: false };
      }
      carry = [];
      carryBytes = 0;
      start = nl + 1;
    }
    const last = chunk.lastIndexOf(10);
    if (last >= start) {
      // Lines inside one chunk can still exceed the cap when chunks are large.
      yield* splitOversized(chunk.subarray(start, last + 1), maxLine);
      start = last + 1;
    }
    if (start < chunk.length) {
      const tail = chunk.subarray(start);
      if (tail.length > maxLine) {
        yield { buf: cutLine([tail], maxLine), truncated: true };
        skipping = true;
      } else {
        carry.push(tail);
        carryBytes = tail.length;
      }
    }
  }
  if (carryBytes > 0) yield { buf: Buffer.concat(carry), truncated: false };
}

function cutLine(parts: Buffer[], maxLine: number): Buffer {
  const joined = Buffer.concat(parts, Math.min(maxLine, parts.reduce((n, p) => n + p.length, 0)));
  return Buffer.concat([joined.subarray(0, maxLine), Buffer.from('\n')]);
}

function* splitOversized(buf: Buffer, maxLine: number): Generator<Block> {
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
      yield { buf: cutLine([buf.subarray(pos, pos + maxLine)], maxLine), truncated: true };
      start = end;
    }
    pos = end;
  }
  if (start < buf.length) yield { buf: buf.subarray(start), truncated: false };
}
