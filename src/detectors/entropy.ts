// How random a candidate string looks, per character set. Only candidates (rare) reach these
// functions, so they favour clarity over speed, but still allocate nothing per call.

/*
 * Thresholds, measured on 200,000 random tokens of each shape (crypto.randomBytes; Shannon
 * entropy in bits per character; test/detectors/entropy.test.ts keeps the conclusions true):
 *
 *   random hex, 48 digits:  min 3.12–3.18 over three runs, 1 in 10,000 below 3.30, median 3.76
 *   random hex, 64 digits:  min 3.39, 1 in 10,000 below 3.47, median 3.83
 *   random hex, 96 / 128:   min 3.56 / 3.67
 *   look-alikes:            64 × `0` or `a` 0.0, `abab…` 1.0, `1a2b`×12 2.0, `deadbeef`×8 2.16,
 *                           a digest that is mostly zeros 0.46
 *   → HEX_MIN_ENTROPY 3.0: no random token of an allowed length scored below 3.12. Cycles of up
 *     to 16 characters can score 4.0 (`0123…f`×4), so a period check catches those instead.
 *
 *   random base64url, 43 chars (32 bytes): min 4.09–4.25, 1 in 10,000 below 4.33, median 4.85
 *   random base64url, 64 / 86 chars:       min 4.55 / 4.91
 *   look-alikes:            snake_case identifier 3.80, kebab-case file name 3.94,
 *                           CamelCase identifier 4.27, CamelCase with digits 4.36
 *   → BASE64URL_MIN_ENTROPY 4.2 (about 1 random 43-character token in 20,000 falls below).
 *     Entropy alone cannot tell long identifiers (4.27–4.36) from tokens, so base64url candidates
 *     also need a digit and must not read as words:
 *
 *   wordiness (share of characters inside lowercase words of 3+ letters, capitalised or not, or
 *   ALLCAPS runs of 5+): random base64url 43 chars median 0.19, 1 in 10,000 above 0.70, max 0.79;
 *   64 chars max 0.70; identifiers 0.76–0.85
 *   → BASE64URL_MAX_WORDINESS 0.72. All checks together reject 145 of 200,000 random 43-character
 *     tokens (136 of them for lacking a digit) and none of 64 or more characters.
 */
export const HEX_MIN_ENTROPY = 3.0;
export const BASE64URL_MIN_ENTROPY = 4.2;
export const BASE64URL_MAX_WORDINESS = 0.72;
/** A literal in a credential context is a finding unless it is this flat (`aaaa…`, `abab…`). */
export const LITERAL_MIN_ENTROPY = 2.0;
/** Repeating units up to this long are patterns, not secrets (`0123456789abcdef` × 4). */
const MAX_PERIOD = 16;

const counts = new Int32Array(65536);
/** k·log2(k) for the counts candidates have (a Math.log2 call per distinct character cost most of the time). */
const K_LOG_K = Float64Array.from({ length: 257 }, (_, k) => (k === 0 ? 0 : k * Math.log2(k)));

/** Shannon entropy in bits per UTF-16 unit: log2(n) − Σ k·log2(k) / n over the character counts k. */
export function shannonEntropy(text: string): number {
  const n = text.length;
  if (n === 0) return 0;
  for (let i = 0; i < n; i++) counts[text.charCodeAt(i)]!++;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const k = counts[c]!;
    if (k === 0) continue; // already counted
    sum += k < K_LOG_K.length ? K_LOG_K[k]! : k * Math.log2(k);
    counts[c] = 0;
  }
  // Rounded so that an even spread of 2^b characters scores b exactly, as the thresholds expect
  // (the difference of two logarithms can land a hair below it).
  return Math.round((Math.log2(n) - sum / n) * 1e12) / 1e12;
}

/** True when the text is a unit of at most `maxPeriod` characters repeated (at least twice). */
export function repeatsWithPeriod(text: string, maxPeriod = MAX_PERIOD): boolean {
  const n = text.length;
  for (let p = 1; p <= maxPeriod && p * 2 <= n; p++) {
    let i = p;
    while (i < n && text.charCodeAt(i) === text.charCodeAt(i - p)) i++;
    if (i === n) return true;
  }
  return false;
}

const isLower = (c: number): boolean => c >= 97 && c <= 122;
const isUpper = (c: number): boolean => c >= 65 && c <= 90;

/**
 * Share of characters that sit inside word-like runs: a lowercase run of 4+ letters (with the
 * capital before it), a lone lowercase run of exactly 3, or an uppercase run of 5+, and a `-` or
 * `_` joining a lowercase letter to a letter (`from-FreeIPMI`, `snake_case`: a URL anchor or a
 * file name is words; 200,000 random 43-character tokens: 12 above the threshold either way).
 * Identifiers score high, random strings low (see the table above).
 */
export function wordiness(text: string): number {
  const n = text.length;
  let inWords = 0;
  let i = 0;
  let upperCounted = false;
  while (i < n) {
    const c = text.charCodeAt(i);
    let j = i + 1;
    if (isLower(c)) {
      while (j < n && isLower(text.charCodeAt(j))) j++;
      const len = j - i;
      const capital = i > 0 && isUpper(text.charCodeAt(i - 1)) && !upperCounted ? 1 : 0;
      if (len >= 4) inWords += len + capital;
      else if (len === 3) inWords += 3;
      upperCounted = false;
    } else if (isUpper(c)) {
      while (j < n && isUpper(text.charCodeAt(j))) j++;
      upperCounted = j - i >= 5;
      if (upperCounted) inWords += j - i;
    } else {
      if ((c === 45 || c === 95) && i > 0 && i + 1 < n && isLower(text.charCodeAt(i - 1))) {
        const next = text.charCodeAt(i + 1);
        if (isLower(next) || isUpper(next)) inWords += 1;
      }
      upperCounted = false;
    }
    i = j;
  }
  return n === 0 ? 0 : inWords / n;
}

/** A hex candidate random enough to be a token. */
export function isRandomHex(text: string): boolean {
  return shannonEntropy(text) >= HEX_MIN_ENTROPY && !repeatsWithPeriod(text);
}

/**
 * A base64url candidate random enough to be a token: both cases and a digit (identifiers such as
 * `visitEachChildOfJSDocParameterOrPropertyTag` have none; a random 43-character token lacks a
 * digit once in 1,500, a 64-character one once in 50,000), high entropy, not words.
 */
export function isRandomBase64Url(text: string): boolean {
  let upper = false;
  let lower = false;
  let digit = false;
  for (let i = 0; i < text.length && !(upper && lower && digit); i++) {
    const c = text.charCodeAt(i);
    upper ||= isUpper(c);
    lower ||= isLower(c);
    digit ||= c >= 48 && c <= 57;
  }
  return upper && lower && digit && shannonEntropy(text) >= BASE64URL_MIN_ENTROPY && wordiness(text) < BASE64URL_MAX_WORDINESS && !repeatsWithPeriod(text);
}

/** `000…`, `abab…`, `xxxxxxxx`: never a secret, whatever context it sits in. */
export function isLowEntropy(text: string): boolean {
  return shannonEntropy(text) < LITERAL_MIN_ENTROPY || repeatsWithPeriod(text, 8);
}
