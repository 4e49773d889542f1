// Where a line sits inside a config file, tracked line by line (docs/formats.md "Config files"):
// `token:`/`token_secondary:`/`password:` count only under a YAML `gateway:` mapping, `"token"` and
// `"password"` only under `gateway.auth`/`gateway.remote` in JSON/JSON5 (`gateway.auth.password`
// is password mode's shared secret; `gateway.remote.password` its client copy). One tracker per
// file; every line of the file must pass through it, including the ones no rule cares about, so
// both have a fast path.
import { jsonDecode, pushLiteral, readValue } from './literal-values.js';
import type { Candidate, FileKind } from './types.js';

/** The keys whose mapping the trackers follow across lines (the scan's prefilter gives their blocks whole). */
export const MAPPING_KEYS: readonly string[] = ['gateway'];

const YAML_KEY_RE = /^( *)(- +)?(["']?)([\w.-]+)\3[ \t]*:(?:[ \t]+|$)/;
const YAML_FLOW_TOKEN_RE = /[{,][ \t]*(["']?)(token|token_secondary)\1[ \t]*:[ \t]*/g;

export class YamlGatewayTracker {
  /** Column of the enclosing block `gateway:` key; -1 outside one. */
  private gatewayIndent = -1;

  constructor(private readonly kind: FileKind) {}

  /** Forget the enclosing block (the lines since it are unknown). */
  reset(): void {
    this.gatewayIndent = -1;
  }

  /** Inside a `gateway:` block: every line matters until it ends. */
  get busy(): boolean {
    return this.gatewayIndent >= 0;
  }

  scan(text: string): Candidate[] | undefined {
    // Outside a gateway block only a line naming `gateway` (or `gateway_token`) can matter.
    if (this.gatewayIndent < 0 && !text.includes('gateway')) return undefined;
    let indent = 0;
    while (text.charCodeAt(indent) === 32) indent++;
    if (indent === text.length || text.charCodeAt(indent) === 35) return undefined; // blank or comment
    if (indent === 0 && (text.startsWith('---') || text.startsWith('...'))) {
      this.gatewayIndent = -1; // a new document
      return undefined;
    }
    if (indent <= this.gatewayIndent) this.gatewayIndent = -1;
    const m = YAML_KEY_RE.exec(text);
    if (m === null) return undefined;
    const key = m[4]!;
    const at = m[0].length;
    if (key === 'gateway') {
      const next = text.charCodeAt(at);
      if (at >= text.length || next === 35) this.gatewayIndent = m[1]!.length + (m[2]?.length ?? 0);
      // The seed gateway.yaml writes `gateway: { token: …, token_secondary: …, port: 8080 }`.
      else if (next === 123) return this.flowTokens(text, at);
      return undefined;
    }
    if (key === 'gateway_token') return pushLiteral(undefined, text, readValue(text, at), 'gateway_token in agent YAML', this.kind);
    if (this.gatewayIndent >= 0 && (key === 'token' || key === 'token_secondary' || key === 'password')) {
      return pushLiteral(undefined, text, readValue(text, at), `gateway.${key} in YAML`, this.kind);
    }
    return undefined;
  }

  private flowTokens(text: string, from: number): Candidate[] | undefined {
    let out: Candidate[] | undefined;
    YAML_FLOW_TOKEN_RE.lastIndex = from;
    for (let m = YAML_FLOW_TOKEN_RE.exec(text); m !== null; m = YAML_FLOW_TOKEN_RE.exec(text)) {
      out = pushLiteral(out, text, readValue(text, m.index + m[0].length), `gateway.${m[2]!} in YAML`, this.kind);
    }
    return out;
  }
}

// Strings (either quote), comments, structure, and bare identifiers (JSON5 keys, true/null).
const JSON_TOKEN_RE = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\/\/|\/\*|[{}[\]:,]|[A-Za-z_$][\w$]*/g;
// A line without these cannot change the nesting (most lines of a pretty-printed file).
const JSON_STRUCTURE_RE = /[{}[\]]|\/\*/;
/** Deeper nesting is counted but not named: memory stays bounded on a hostile file. */
const MAX_DEPTH = 256;

export class JsonGatewayTracker {
  /**
   * Nesting is followed only from a line that mentions `gateway` until that object closes: most
   * JSON files (package-lock.json) never do, and then cost one substring search per line. The
   * path is therefore relative to that line, which is all `gateway.auth` needs.
   */
  private active = false;
  /** The key that opened each open object/array since activation, outermost first. */
  private readonly path: Array<string | undefined> = [];
  private overflow = 0;
  /** The last string or identifier: a key if `:` follows. */
  private name: string | undefined;
  /** The key whose value comes next (set by `:`). */
  private key: string | undefined;
  private inComment = false;

  constructor(private readonly kind: FileKind) {}

  /** Following the nesting below a gateway line: every line matters until it closes. */
  get busy(): boolean {
    return this.active;
  }

  /** Forget the open objects (the lines since they opened are unknown). */
  reset(): void {
    if (!this.active) return;
    this.active = false;
    this.path.length = 0;
    this.overflow = 0;
    this.name = this.key = undefined;
    this.inComment = false;
  }

  scan(text: string): Candidate[] | undefined {
    if (!this.active) {
      if (!text.includes('gateway')) return undefined;
      this.active = true;
    }
    const out = this.follow(text);
    // Back to the cheap mode once nothing is open or pending (`"gateway":` before its `{`).
    if (this.path.length === 0 && this.overflow === 0 && this.key === undefined && !this.inComment) this.active = false;
    return out;
  }

  private follow(text: string): Candidate[] | undefined {
    let from = 0;
    if (this.inComment) {
      const end = text.indexOf('*/');
      if (end === -1) return undefined;
      this.inComment = false;
      from = end + 2;
    } else if (!this.inTarget() && !JSON_STRUCTURE_RE.test(text) && !endsWithColon(text)) {
      this.name = this.key = undefined;
      return undefined;
    }
    let out: Candidate[] | undefined;
    JSON_TOKEN_RE.lastIndex = from;
    for (let m = JSON_TOKEN_RE.exec(text); m !== null; m = JSON_TOKEN_RE.exec(text)) {
      const t = m[0];
      switch (t) {
        case '{':
        case '[':
          if (this.path.length < MAX_DEPTH && this.overflow === 0) this.path.push(this.key);
          else this.overflow++;
          this.name = this.key = undefined;
          break;
        case '}':
        case ']':
          // Closing what was open before activation pops nothing.
          if (this.overflow > 0) this.overflow--;
          else this.path.pop();
          this.name = this.key = undefined;
          break;
        case ':':
          this.key = this.name;
          this.name = undefined;
          break;
        case ',':
          this.name = this.key = undefined;
          break;
        case '//':
          return out; // the rest of the line is a comment (JSON5)
        case '/*': {
          const end = text.indexOf('*/', m.index + 2);
          if (end === -1) {
            this.inComment = true;
            return out;
          }
          JSON_TOKEN_RE.lastIndex = end + 2;
          break;
        }
        default: {
          const quoted = t.charCodeAt(0) === 34 || t.charCodeAt(0) === 39;
          if (this.key === undefined) {
            this.name = quoted ? t.slice(1, -1) : t;
            break;
          }
          if (quoted && (this.key === 'token' || this.key === 'password') && this.inTarget()) {
            const context = `gateway.${this.path[this.path.length - 1]!}.${this.key} in JSON`;
            out = pushLiteral(out, text, { start: m.index + 1, end: m.index + t.length - 1, quoted }, context, this.kind, { decode: jsonDecode });
          }
          this.key = undefined;
        }
      }
    }
    return out;
  }

  /** Inside `gateway.auth` or `gateway.remote` (at any depth, so nested profiles count too). */
  private inTarget(): boolean {
    const n = this.path.length;
    if (n < 2 || this.overflow > 0) return false;
    const last = this.path[n - 1];
    return (last === 'auth' || last === 'remote') && this.path[n - 2] === 'gateway';
  }
}

/** `"gateway":` with its `{` on the next line. */
function endsWithColon(text: string): boolean {
  let i = text.length - 1;
  while (i >= 0 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i--;
  return i >= 0 && text.charCodeAt(i) === 58;
}
