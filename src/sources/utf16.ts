// UTF-16 text with a byte-order mark, decoded to UTF-8 as it streams. Windows PowerShell 5 writes
// UTF-16LE with a BOM for `>`, Out-File and Set-Content -Encoding Unicode, so an `.env` made there
// is UTF-16: read as bytes it is full of NULs and would be skipped as binary, a silent clean scan.

export type Utf16Encoding = 'utf-16le' | 'utf-16be';

/** The encoding a UTF-16 BOM at the start of `head` names (FF FE, FE FF), or undefined. */
export function utf16Encoding(head: Buffer): Utf16Encoding | undefined {
  if (head[0] === 0xff && head[1] === 0xfe) return head[2] === 0 && head[3] === 0 ? undefined : 'utf-16le'; // FF FE 00 00 is UTF-32LE
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return undefined;
}

/**
 * UTF-8 chunks of UTF-16 input, BOM removed. `stream: true` carries a code unit or surrogate
 * pair cut between chunks over to the next one; unpaired surrogates become U+FFFD.
 */
export async function* decodeUtf16(chunks: AsyncIterable<Buffer>, encoding: Utf16Encoding): AsyncGenerator<Buffer> {
  const decoder = new TextDecoder(encoding);
  for await (const chunk of chunks) {
    const text = decoder.decode(chunk, { stream: true });
    if (text.length > 0) yield Buffer.from(text, 'utf8');
  }
  const rest = decoder.decode();
  if (rest.length > 0) yield Buffer.from(rest, 'utf8');
}
