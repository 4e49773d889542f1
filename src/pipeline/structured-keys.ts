// Which blocks of a plain-text file or a framed log may print a gateway config (a CI step that `cat`s
// gateway.yaml, a container that logs its openclaw.json). Their lines all go to the rules: a
// `token:` counts only under a `gateway:` key lines above it, with lines in between that hold no
// context keyword and would be skipped by the prefilter (LineMarker).
import { NeedleSet } from './needles.js';

// `gateway` as a key that opens a mapping, with the spacing formatters write: a YAML block key at
// the end of its line (`gateway:` + LF or CRLF, or a comment after it), a YAML flow or JSON5
// object (`gateway: {`), a JSON object (`"gateway":{`, `"gateway": {`), each also as a Docker
// record writes it. Not `gateway: listening`, which an application log may print on every line.
const GATEWAY_KEYS = [
  'gateway:\n',
  'gateway:\r\n',
  'gateway: #',
  'gateway: {',
  'gateway:{',
  'gateway":{',
  'gateway": {',
  'gateway" : {',
  "gateway':{",
  "gateway': {",
  // The same inside a Docker record, where the newline and quotes are JSON escapes.
  'gateway:\\n',
  'gateway:\\r\\n',
  'gateway\\":{',
  'gateway\\": {',
  'gateway\\" : {',
  // A colour code after the key (a YAML highlighter), raw or escaped: ANSI is removed before the rules.
  'gateway\x1b',
  'gateway\\u001b',
];
/** One per scan run, shared by its files, like LineMarker. */
export class StructuredKeys {
  // Shared so that it tunes once, on real text (the rarest trigram of `gateway":` depends on it).
  private readonly needles = new NeedleSet(GATEWAY_KEYS);

  /** True when `buf` holds a gateway key: one SIMD pass over the block, about 0.2 ms per MiB. */
  holdsGatewayKey(buf: Buffer): boolean {
    return this.needles.lineStarts(buf).length > 0;
  }
}
