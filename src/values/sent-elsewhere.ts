// Per file, the request credentials it sent to another service's public host (docs/product.md §5,
// gateway-token-literal's request contexts): that service's credential is not the gateway token
// on a later line either, when that line names no host.
import type { Candidate } from './types.js';

/** How many values a file's memo holds (bounded memory: 1,024 values of at most 1 KiB). */
const SENT_ELSEWHERE_MAX = 1024;

/*
 * `curl https://api.particle.io/… \` then `-H "Authorization: Bearer …"` on the next line, as other
 * scanners' rule examples repeat a value: the continued line names no host, and the file sent the
 * same value to the public host before. Only such a line's request literal (Candidate.namesNoHost)
 * is dropped: the same value in a request to the gateway's kind of host (`127.0.0.1:18789`, a
 * private address), under `x-openclaw-token` (only the gateway takes it) or under
 * `OPENCLAW_GATEWAY_TOKEN=` is still a literal, and a 48-hex one still a token shape.
 */
export class SentElsewhere {
  private readonly values = new Set<string>();

  /** Remembers the (decoded) values a line sent to a public host; past the bound, no more. */
  remember(sent: readonly string[] | undefined): void {
    if (sent === undefined) return;
    for (const v of sent) if (this.values.size < SENT_ELSEWHERE_MAX) this.values.add(v);
  }

  /** `literals` without the host-less request credentials the file sent elsewhere before. */
  filter(literals: Candidate[] | undefined): Candidate[] | undefined {
    if (literals === undefined || this.values.size === 0) return literals;
    const kept = literals.filter((c) => c.namesNoHost !== true || !this.values.has(c.value));
    return kept.length === 0 ? undefined : kept;
  }
}
