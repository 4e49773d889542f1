// How the pipeline reads archives: the sources' limits, and entry names made safe to show. An entry
// name is text from an input, so it is redacted (every form of a given token, and any value a
// report would redact in log text: credentials and token-shaped strings) and then escaped (control
// and bidi characters), before it becomes part of a path on any finding, issue or stderr line.
import { redactSecrets } from '../detectors/redact-finding.js';
import { visible } from '../reporters/cell-text.js';
import type { ArchiveLimits } from '../sources/archive-limits.js';
import type { ArchiveReading } from '../sources/open-input.js';
import { fingerprintOf, type TokenMatcher } from '../token.js';

/**
 * A hex run of 32 digits or more between any non-alphanumerics: in a name, `deploy-<48 hex>.txt`
 * is a token between `-` and `.`, where log-text rules read `deploy-<hex>` as one base64url word.
 */
const HEX_IN_NAME = /(?<![0-9A-Za-z])(?:[0-9a-f]{32,}|[0-9A-F]{32,})(?![0-9A-Za-z])/g;

export function showEntryName(name: string, tokens: TokenMatcher): string {
  const redacted = redactSecrets(tokens.redact(name)).replace(HEX_IN_NAME, (hex) => `[clawprint ${fingerprintOf(hex)}]`);
  return visible(redacted);
}

export function archiveReading(limits: ArchiveLimits, tokens: TokenMatcher): ArchiveReading {
  return { limits, showName: (name) => showEntryName(name, tokens) };
}
