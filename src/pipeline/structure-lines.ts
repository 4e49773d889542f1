// The lines of a YAML or JSON block the scan must give besides the prefilter's marked ones
// (docs/product.md §10: decode only what can matter). The rules follow structure across lines only
// from a line that names `gateway` (values/config-trackers.ts: a `gateway:` block, `"gateway": {`)
// until what it opened ends; before that, a line without `gateway` changes no state and gives a
// finding only if the prefilter marks it. So a line naming `gateway` is added to the marked lines,
// and the scan gives every next line while the rules follow (LineMarker.forEachMarkedLine's
// `busy`): the findings are those of reading every line, without reading most of them. Other
// unframed files (Markdown, text, code) run both trackers on a stream of lines, started only at a
// line where `gateway` is a key: a block that holds a mapping key gives its marked lines, those
// key lines and the lines after them while the trackers follow, not the whole block (file-scan.ts).
import type { BlockMarks } from '../prefilter/line-marker.js';
import { lineEnd } from './lines.js';
import { MAPPING_KEYS } from '../values/config-trackers.js';
import { isGatewayKeyAt } from '../values/literal-contexts.js';

// The key the structure trackers start at, from the rules' own list: a second key there must be
// searched here too, so that is a build-time failure, not a silent miss.
if (MAPPING_KEYS.length !== 1) throw new Error(`structure-lines.ts follows one mapping key; the rules declare ${MAPPING_KEYS.length}`);
const GATEWAY = Buffer.from(MAPPING_KEYS[0]!);

/**
 * `marks` with every line of the block that holds `gateway` marked too, and its first line when
 * `followFirst` (the rules still follow a structure opened in a block before). The same object
 * when there is nothing to add. `keysOnly`: only lines where `gateway` is a key (hasGatewayKey):
 * in any other file the trackers start at nothing else (LiteralScanner, stream mode).
 */
export function withStructureLines(marks: BlockMarks, followFirst: boolean, keysOnly = false): BlockMarks {
  const { starts, numbers, nextLineKeys, runOnly } = marks;
  // The SIMD pass found the lines holding the key (LineMarker's NAMED needles) when its marker
  // searched that key; otherwise they are searched here.
  const added = namesGateway(marks.namedKeys) ? namedLines(marks, followFirst, keysOnly) : searchedLines(marks, followFirst, keysOnly);
  if (added.length === 0) return marks;
  const merged: Pick<BlockMarks, 'starts' | 'numbers' | 'nextLineKeys' | 'runOnly'> = { starts: [], numbers: [], nextLineKeys: [], runOnly: [] };
  let a = 0;
  for (let i = 0; i <= starts.length; i++) {
    const next = i < starts.length ? starts[i]! : Number.POSITIVE_INFINITY;
    // A marked line that names `gateway` is not one marked for its run alone.
    let named = false;
    for (; a < added.length && added[a]![0] <= next; a++) {
      if (added[a]![0] === next) {
        named = true; // marked already
        continue;
      }
      merged.starts.push(added[a]![0]);
      merged.numbers.push(added[a]![1]);
      merged.nextLineKeys.push(false);
      merged.runOnly.push(false);
    }
    if (i === starts.length) break;
    merged.starts.push(next);
    merged.numbers.push(numbers[i]!);
    merged.nextLineKeys.push(nextLineKeys[i]!);
    merged.runOnly.push(runOnly[i]! && !named);
  }
  return { ...marks, ...merged };
}

type Added = Array<[start: number, line: number]>;

const namesGateway = (keys: readonly string[]): boolean => keys.length === 1 && keys[0] === MAPPING_KEYS[0];

/** The lines to add, from the lines the SIMD pass found holding `gateway` (BlockMarks.namedStarts). */
function namedLines(marks: BlockMarks, followFirst: boolean, keysOnly: boolean): Added {
  const { buf, namedStarts, namedNumbers } = marks;
  const added: Added = followFirst ? [[0, 1]] : [];
  for (let k = 0; k < namedStarts.length; k++) {
    const start = namedStarts[k]!;
    if (keysOnly && !holdsGatewayKey(buf, start)) continue;
    if (added.length === 0 || added[added.length - 1]![0] !== start) added.push([start, namedNumbers[k]!]);
  }
  return added;
}

/** `gateway` is a key at one of its places on the line that starts at `start` (isGatewayKeyAt). */
function holdsGatewayKey(buf: Buffer, start: number): boolean {
  const end = lineEnd(buf, start);
  for (let at = buf.indexOf(GATEWAY, start); at !== -1 && at < end; at = buf.indexOf(GATEWAY, at + GATEWAY.length)) if (isGatewayKeyAt(buf, at)) return true;
  return false;
}

/** The lines to add, searched for in the block (a marker that did not search the key). */
function searchedLines(marks: BlockMarks, followFirst: boolean, keysOnly: boolean): Added {
  const { buf, starts, numbers } = marks;
  let at = buf.indexOf(GATEWAY);
  const added: Added = followFirst ? [[0, 1]] : [];
  if (at === -1) return added;
  // A line's number is counted from the nearest marked line before it (marks are dense in
  // structured text), or from the last line added.
  let m = 0;
  let fromStart = 0;
  let fromLine = 1;
  while (at !== -1) {
    if (keysOnly && !isGatewayKeyAt(buf, at)) {
      at = buf.indexOf(GATEWAY, at + GATEWAY.length);
      continue;
    }
    const start = buf.lastIndexOf(10, at) + 1;
    while (m < starts.length && starts[m]! <= start) {
      if (starts[m]! >= fromStart) {
        fromStart = starts[m]!;
        fromLine = numbers[m]!;
      }
      m++;
    }
    for (let nl = buf.indexOf(10, fromStart); nl !== -1 && nl < start; nl = buf.indexOf(10, nl + 1)) fromLine++;
    fromStart = start;
    if (added.length === 0 || added[added.length - 1]![0] !== start) added.push([start, fromLine]);
    const end = buf.indexOf(10, at);
    at = end === -1 ? -1 : buf.indexOf(GATEWAY, end);
  }
  return added;
}
