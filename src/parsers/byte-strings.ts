// Strings read from a block's bytes, for readers that do not decode their lines first
// (gateway-bytes.ts, issue 8): the block's DataView, and a table of the values a log repeats,
// interned by their bytes so that a value seen before is handed on as the same flat string (V8
// compares and hashes it once) and costs no new one. Only ASCII bytes are read here: their
// string is their bytes as latin1.

// Values by their bytes: direct-mapped by hash, each slot checked byte for byte before its string
// is handed on. Bounded: 4,096 slots of at most 96 bytes (~400 KB and their strings).
const SLOTS = 4096;
export const MAX_INTERNED = 96;
const slotHash = new Int32Array(SLOTS);
export const slotLength = new Int32Array(SLOTS);
export const slotBytes = new Uint8Array(SLOTS * MAX_INTERNED);
export const slotString: string[] = Array.from({ length: SLOTS }, () => '');
/**
 * The slot of the string value that came after each slot's on a line, last time (-1: none since the
 * slot took its string): a log's values come in runs (a client's path, address, user agent and
 * fingerprint), so it predicts the next value where the key's last value does not (gateway-bytes.ts).
 */
export const followSlot = new Int32Array(SLOTS).fill(-1);

// Bytes compared four at a time: a loop over single bytes cost ~1 ns a byte here.
export const slotView = new DataView(slotBytes.buffer);
/** The block being read, and a DataView of it. */
export let viewed: Buffer | undefined;
export let view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));

/** Where internAt's string ended (its closing quote), and its slot (-1 when too long to intern). */
export let scanEnd = 0;
export let internedSlot = -1;

export interface Latin1Slicing {
  latin1Slice(start: number, end: number): string;
}

/**
 * Makes `buf` the block readGatewayBytes reads (its DataView). The pipeline calls it once per
 * block (Parser.parseBlock): a call readGatewayBytes made itself only on a new block had no
 * feedback when TurboFan compiled it, and the deopt and second compile cost ~2% of an audit.
 */
export function viewBlock(buf: Buffer): void {
  if (buf === viewed) return;
  viewed = buf;
  view = new DataView(buf.buffer, buf.byteOffset, buf.length);
}


/**
 * The string at `va` (after its opening quote), interned by its bytes when short, or undefined
 * when it holds a byte this reader leaves to JSON.parse (past ASCII, a control character, an
 * escape); scanEnd: its closing quote, internedSlot: its slot.
 */
export function internAt(buf: Buffer, va: number): string | undefined {
  let i = va;
  let h = 0;
  let c = buf[i]!;
  while (c !== 34) {
    if (!(c >= 32 && c <= 127) || c === 92) return undefined;
    h = (Math.imul(h, 31) + c) | 0;
    c = buf[++i]!;
  }
  scanEnd = i;
  const len = i - va;
  const s = (h ^ (h >>> 12)) & (SLOTS - 1);
  const base = s * MAX_INTERNED;
  if (len <= MAX_INTERNED && slotHash[s] === h && slotLength[s] === len) {
    internedSlot = s;
    let j = 0;
    while (j + 4 <= len && view.getUint32(va + j, true) === slotView.getUint32(base + j, true)) j += 4;
    while (j < len && buf[va + j] === slotBytes[base + j]) j++;
    if (j === len) return slotString[s]!;
  }
  // One call site for every new string: a call TurboFan saw no feedback for deoptimizes the function.
  const str = len === 0 ? '' : (buf as unknown as Latin1Slicing).latin1Slice(va, i);
  internedSlot = len > MAX_INTERNED ? -1 : s;
  if (len > MAX_INTERNED) return str;
  for (let j = 0; j < len; j++) slotBytes[base + j] = buf[va + j]!;
  slotHash[s] = h;
  slotLength[s] = len;
  slotString[s] = str;
  followSlot[s] = -1;
  return str;
}
