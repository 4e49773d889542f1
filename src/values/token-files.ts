// A file named for the gateway token holds it alone on a line (docs/product.md §5): OpenClaw's
// Docker and Railway entrypoints keep a generated token in `$STATE_DIR/gateway.token`, Nix setups
// read `~/secrets/gateway-token`, and deployment notes save one as `<user>-gateway-token.txt`. A
// token-shaped value that is the whole line of such a file is that token, not an anonymous string.
import type { Candidate } from './types.js';

/** `gateway.token`, `gateway-token`, `gateway_token.txt`, `jonathan-gateway-token.txt`, `.openclaw-gateway-token`. */
const TOKEN_FILE_RE = /(?:^|[._-])gateway[._-]?token(?:\.[A-Za-z0-9]{1,8})?$/i;

const TOKEN_FILE_CONTEXT = 'a file named for the gateway token';

export function isGatewayTokenFile(path: string): boolean {
  return TOKEN_FILE_RE.test(path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1));
}

/**
 * The shapes of a line of a gateway token file that are the whole line (spaces and a `\r` around
 * it aside): they become literals of this context, the others stay shapes.
 */
export function tokenFileLiterals(text: string, shapes: Candidate[]): { literals: Candidate[] | undefined; shapes: Candidate[] | undefined } {
  const first = text.search(/\S/);
  const last = text.trimEnd().length;
  const whole = shapes.find((c) => c.index === first && c.index + c.written.length === last);
  if (whole === undefined) return { literals: undefined, shapes };
  const rest = shapes.filter((c) => c !== whole);
  return { literals: [{ ...whole, context: TOKEN_FILE_CONTEXT }], shapes: rest.length === 0 ? undefined : rest };
}
