import { fingerprintOf, openclawMask } from '../token.js';
import { type LocatedFinding, NO_FINDINGS } from './finding.js';
import type { ScanDetector } from './detector.js';
import { lineFacts } from '../values/candidates.js';
import { isLowEntropy } from './entropy.js';
import { hasAllowComment, isExcludedContext } from './exclusions.js';
import { fileKindOf } from '../values/literal-values.js';
import { scanExamples } from './scan-examples.js';
import { scanFinding, secretInfo } from './secret-info.js';
import { isTokenChar } from '../values/token-shapes.js';

// OpenClaw's redaction mask (first 6, `…` or `...`, last 4 of a base64url/hex token). Not a
// secret — 10 characters of it — but it shows which token was in use where, and when its ends
// match the exposed token, that this log saw the exposed token.

/** A mask is MASK_HEAD token characters, an ellipsis, MASK_TAIL token characters. */
const MASK_HEAD = 6;
const MASK_TAIL = 4;
const ELLIPSES = ['…', '...'];

// `import...from`, `Loading...Done`: two words around an ellipsis. A random head and tail are
// both plain words about once in 10,000.
const WORD_RE = /^(?:[A-Z]?[a-z]+|[A-Z]+)$/;
// `0x1Bcc...9055`: an Ethereum address shortened for display (agent workspaces print wallets so).
// A hex token's mask cannot start with `0x`; a base64url one does so with hex after it about never.
const SHORT_ADDRESS_RE = /^0x[0-9a-fA-F]{4}$/;
const HEX_TAIL_RE = /^[0-9a-fA-F]{4}$/;

/**
 * Masks on a line, found from each ellipsis outwards (cheaper than a regex tried at every
 * position): exactly 6 mask characters before it and 4 after, bounded by anything else but `.`
 * and `…` (which would make it a longer run of dots or part of a dotted name).
 */
function findMasks(text: string): Array<{ index: number; length: number }> | undefined {
  let out: Array<{ index: number; length: number }> | undefined;
  for (const ellipsis of ELLIPSES) {
    for (let at = text.indexOf(ellipsis, MASK_HEAD); at !== -1; at = text.indexOf(ellipsis, at + 1)) {
      const start = at - MASK_HEAD;
      const end = at + ellipsis.length + MASK_TAIL;
      if (end > text.length || !isBoundary(text.charCodeAt(start - 1)) || !isBoundary(text.charCodeAt(end))) continue;
      let ok = true;
      for (let i = start; i < end && ok; i++) if (i < at || i >= at + ellipsis.length) ok = isTokenChar(text.charCodeAt(i));
      if (ok) (out ??= []).push({ index: start, length: end - start });
    }
  }
  return out?.sort((a, b) => a.index - b.index);
}

// NaN (before the start, after the end) is a boundary too.
const isBoundary = (c: number): boolean => !isTokenChar(c) && c !== 46 && c !== 0x2026;

export const maskedToken = {
  meta: {
    id: 'masked-token',
    severity: 'info',
    description: 'An OpenClaw token mask (abcdef…wxyz); marked matchesExposedToken when its ends match the exposed token.',
  },
  get examples() {
    const { EXAMPLE_EXPOSED_TOKEN, EXAMPLE_HEX48 } = scanExamples();
    return {
      match: [
        `2025-02-21T14:03:11.201Z [ws] connect client=cli auth=token token=${openclawMask(EXAMPLE_HEX48)!} remote=203.0.113.7`,
        `gateway.auth.token: ${openclawMask(EXAMPLE_EXPOSED_TOKEN, '...')!}`,
      ],
      noMatch: [
        'import...from the module, then wait...done',
        '[ws] webchat connected conn=4b1f… remote=198.51.100.23 client=openclaw-control-ui',
        `token=${openclawMask(EXAMPLE_HEX48)!}  # clawprint:allow`,
        'token=xxxxxx…xxxx',
        'Wallet: 0x1Bcc...9055',
      ],
    };
  },
  triggers: { mask: { head: MASK_HEAD, ellipses: ELLIPSES, tail: MASK_TAIL } },
  // No state across lines: a line without a mask gives nothing, wherever it stands.
  quiet: (text, ctx) => text.length < MASK_HEAD + 1 + MASK_TAIL || !lineFacts(text, fileKindOf(ctx.path), ctx.tokens).gated || findMasks(text) === undefined,
  create(ctx) {
    const kind = fileKindOf(ctx.path);
    return {
      onLine(line) {
        const { text } = line;
        if (text.length < MASK_HEAD + 1 + MASK_TAIL || !lineFacts(text, kind, ctx.tokens).gated) return NO_FINDINGS;
        const masks = findMasks(text);
        if (masks === undefined || hasAllowComment(text)) return NO_FINDINGS;
        let out: LocatedFinding[] | undefined;
        for (const { index, length } of masks) {
          const written = text.slice(index, index + length);
          const head = written.slice(0, MASK_HEAD);
          const tail = written.slice(-MASK_TAIL);
          if ((WORD_RE.test(head) && WORD_RE.test(tail)) || (SHORT_ADDRESS_RE.test(head) && HEX_TAIL_RE.test(tail)) || isLowEntropy(head + tail) || isExcludedContext(text, index, index + length)) continue;
          const known = ctx.tokens.isEmpty ? undefined : ctx.tokens.matchCredential(written);
          const finding = scanFinding(line, {
            rule: 'masked-token',
            severity: 'info',
            message: known === undefined ? 'OpenClaw token mask' : `OpenClaw mask of the exposed token ${known.token.fingerprint}`,
            index,
            secret: secretInfo(written, known?.token.fingerprint ?? fingerprintOf(written)),
            matchesExposedToken: known !== undefined,
          });
          (out ??= []).push(finding);
        }
        return out ?? [];
      },
    };
  },
} satisfies ScanDetector;
