// The structured credential contexts (YAML `gateway:` blocks, JSON `gateway.auth`, a plist
// `<string>` on the line after its key), followed line by line, on top of the single-line ones of
// credential-contexts.ts.
import { JsonGatewayTracker, YamlGatewayTracker } from './config-trackers.js';
import { plistString } from './context-finders.js';
import type { Candidate, ContextFound, FileKind } from './types.js';

/**
 * `gateway:`, `"gateway":`, `'gateway' :`, `gateway_token:`: where a YAML or JSON gateway context
 * starts. Plain logs say `[gateway]` on most lines, so this runs on many: indexOf and a few
 * character tests, once per line for all rules (a regex per rule cost about a tenth of the scan
 * of an OpenClaw console log).
 */
export function hasGatewayKey(text: string): boolean {
  for (let i = text.indexOf('gateway'); i !== -1; i = text.indexOf('gateway', i + 7)) {
    let j = i + 7;
    if (text.startsWith('_token', j)) j += 6;
    const q = text.charCodeAt(j);
    if (q === 34 || q === 39) j++;
    while (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9) j++;
    if (text.charCodeAt(j) === 58) return true;
  }
  return false;
}

/**
 * hasGatewayKey on raw bytes, for the `gateway` at `at` (the scan's prefilter finds the lines that
 * can start a tracker before they are decoded, pipeline/structure-lines.ts). Every byte it reads is
 * ASCII, and a line's \r or \n stops it as the end of the decoded line does.
 */
export function isGatewayKeyAt(buf: Uint8Array, at: number): boolean {
  let j = at + 7;
  if (buf[j] === 95 && buf[j + 1] === 116 && buf[j + 2] === 111 && buf[j + 3] === 107 && buf[j + 4] === 101 && buf[j + 5] === 110) j += 6; // _token
  const q = buf[j];
  if (q === 34 || q === 39) j++;
  while (buf[j] === 32 || buf[j] === 9) j++;
  return buf[j] === 58;
}

// The rules of a file see each line one after another: the answer is kept for the next caller.
let keyText: string | undefined;
let keyFound = false;

function hasGatewayKeyCached(text: string): boolean {
  if (text !== keyText) {
    keyText = text;
    keyFound = hasGatewayKey(text);
  }
  return keyFound;
}

/** A regex that finds any of `needles` (one test instead of one indexOf per needle). */
export function anyOf(needles: readonly string[]): RegExp {
  return new RegExp(needles.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));
}

/**
 * Per file: the structured contexts (YAML, JSON, a plist key on the line before) plus the
 * single-line ones. A `.yaml`/`.json` file gets its own tracker. Any other file is a line stream
 * that may print a config (a CI step that `cat`s gateway.yaml, a container that logs its
 * openclaw.json, `clawprint mask` on stdin), so it gets both trackers, which start only at a
 * `gateway` key and forget what they followed when the prefilter skipped lines (ScanLine.sparse).
 */
export class LiteralScanner {
  private readonly yaml: YamlGatewayTracker | undefined;
  private readonly json: JsonGatewayTracker | undefined;
  private readonly stream: boolean;
  private plistContext: string | undefined;

  constructor(readonly kind: FileKind) {
    this.stream = kind !== 'yaml' && kind !== 'json';
    this.yaml = kind === 'yaml' || this.stream ? new YamlGatewayTracker(kind) : undefined;
    this.json = kind === 'json' || this.stream ? new JsonGatewayTracker(kind) : undefined;
  }

  /**
   * A tracker follows structure across lines. When false, a line without `gateway` changes no
   * state here: the scan may skip such lines of a YAML or JSON file (file-scan.ts).
   */
  get following(): boolean {
    return this.yaml?.busy === true || this.json?.busy === true;
  }

  /** Neither following structure nor waiting for a plist `<string>`: a line without a context leaves it so. */
  get resting(): boolean {
    return this.plistContext === undefined && !this.following;
  }

  /**
   * Advances the per-file state over `text`; `single` is findContextLiterals(text) (shared, not
   * modified); `sparse`: lines before this one may have been skipped; `gated`: LINE_GATE_RE matched.
   */
  scan(text: string, single: ContextFound | undefined, sparse = false, gated = true): Candidate[] | undefined {
    let out = single?.candidates;
    if (this.plistContext !== undefined) {
      const found = plistString(text, 0, this.plistContext, this.kind, undefined);
      if (found !== false && found !== undefined) out = merge(out, found);
    }
    this.plistContext = single?.plistKeyOpen;
    if (this.stream) {
      if (sparse) {
        this.yaml!.reset();
        this.json!.reset();
      }
      // Idle trackers start only at a gateway key; plain logs mention `[gateway]` on most lines.
      // A sparse line starts from nothing, so only one that names its own context can give a
      // literal: `gateway_token:`, `{"gateway":{"auth":{"token":…}}}` (a password key without a
      // token keyword sits in a block that is given whole, LineMarker).
      if (!this.yaml!.busy && !this.json!.busy && !((gated || !sparse) && hasGatewayKeyCached(text))) return out;
    }
    const fromYaml = this.yaml?.scan(text);
    const fromJson = this.json?.scan(text);
    const structured = fromYaml === undefined ? fromJson : fromJson === undefined ? fromYaml : merge(fromYaml, fromJson);
    // Structured first: for one value, `gateway.token in YAML` says more than `${…} expansion`.
    return structured === undefined ? out : out === undefined ? structured : merge(structured, out);
  }
}

function merge(a: Candidate[] | undefined, b: Candidate[]): Candidate[] {
  return a === undefined ? b : [...a, ...b].sort((x, y) => x.index - y.index);
}
