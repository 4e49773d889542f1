// Placeholders made of words or typed as runs of the alphabet (part of the "never a finding" list,
// docs/product.md §5; exclusions.ts and literal-values.ts apply them): an example stands where a generated token would.

/*
 * The words that say a value stands in for a secret: one list, read four ways. Each level holds
 * the ones before it.
 * - anywhere: in any value, whatever its shape (exclusions.ts PLACEHOLDER_RE, also check-config's
 *   isPlaceholderText): `example`, `dummy`, `placeholder` are too long to occur by chance in a
 *   random token (1 in 64^5 per position, and not hex).
 * - glued: inside words glued together, `supersecrettoken123456` (isGluedPlaceholder).
 * - piece: as a piece of its own between separators or digits, `abc123secret`, `test-key-2`
 *   (isRunsAndWords); `key`, `test`, `pass` hide inside other words (`monkey`, `latest`,
 *   `compass`), so only whole.
 * - password: in a password context, where a person may choose words, only words that say they
 *   stand in, tell what to do (`replace`, `your`, `change`) or where the value came from (OpenClaw's
 *   own tests: `from-config`, `from-env`, `not-in-hints-value`, whole pieces) (isWordPlaceholder).
 */
const ANYWHERE_WORDS = ['example', 'dummy', 'placeholder'];
const GLUED_WORDS = [...ANYWHERE_WORDS, 'token', 'secret', 'passw', 'sample', 'fake'];
const PIECE_WORDS = [...GLUED_WORDS.filter((w) => w !== 'passw'), 'password', 'pass', 'key', 'test'];
const PASSWORD_WORDS = [...GLUED_WORDS, 'key', 'test', 'replace', 'your', 'change', 'random', 'here'];
const PASSWORD_PIECES = ['pass', 'from', 'env', 'config', 'value'];
/** ANYWHERE_WORDS as a regular expression source, for exclusions.ts PLACEHOLDER_RE. */
export const ANYWHERE_WORDS_SOURCE = ANYWHERE_WORDS.join('|');

/*
 * Placeholders made of words: `gateway-token`, `replace-with-a-long-random-token`, `jouw-token`,
 * `AppID:AppSecret`, `secret-of-bot-2`, `test-gateway-token-1234567890`, `local-token-abc123`.
 * Two or more pieces between separators, each a word (letters with a vowel, in lower, Capital,
 * UPPER or camelCase form, any script), a short number, or a run of the alphabet. A generated token has digits inside its pieces and no such shape (a 43-character
 * base64url token is made of words like these about never).
 */
const WORD_SEPARATOR_RE = /[-_:. /]+/;
const WORD_RE = /^(?:[A-Z]?[a-z]+|[A-Z]+)(?:[A-Z][a-z]+|[A-Z]+)*$/;
const VOWEL_RE = /[aeiouyAEIOUY]/;
const NON_ASCII_LETTER_RE = /[^\x00-\x7f]/;

function isWordMade(value: string): boolean {
  const pieces = value.split(WORD_SEPARATOR_RE).filter((p) => p !== '');
  // Letters of another script: words in any language, one piece or many (a token is ASCII).
  if (NON_ASCII_LETTER_RE.test(value) && pieces.every((p) => /^[\p{L}\p{M}\d]+$/u.test(p))) return true;
  if (pieces.length < 2) return false;
  return pieces.every((p) => /^\d{1,4}$/.test(p) || isAlphabetRun(p, 3) || (NON_ASCII_LETTER_RE.test(p) && /^\p{L}+$/u.test(p)) || (WORD_RE.test(p) && (p.length <= 3 || VOWEL_RE.test(p))));
}

/*
 * Placeholders typed as runs of the alphabet (or of the keyboard, below): `ABCDEabcde12345`, `abcdef0123456789`,
 * `1234567890`, `aBcDeFgHiJ`, `aAbBcCdD` (prometheus-community/helm-charts documents
 * `Authorization: Bearer ABCDEabcde12345`; secretlint's near-miss tests are
 * `cf_aAbBcCdD…StT03fa099b`, `wordgsk_aBcDeF…1234567890abcdefghij…`). A run ascends one letter or
 * digit at a time whatever the case (`9` goes on to `0`, `a` or `A`; a letter may repeat in the
 * other case, `aA`). No generated token holds such runs: a random base64 character follows the
 * one before in a run with odds of about 1 in 32.
 */
export function isAlphabetRun(value: string, minLength = 8): boolean {
  return value.length >= minLength && alphabetRunShare(value, 3) === 1;
}

/** Most of the value (2/3 or more) in runs of 4 or more: another product's near-miss test value. */
export function isMostlyAlphabetRuns(value: string): boolean {
  return value.length >= 16 && alphabetRunShare(value, 4) * 3 >= 2;
}

/** The share of characters in ascending runs of at least `minRun`. */
function alphabetRunShare(value: string, minRun: number): number {
  let inRuns = 0;
  let run = 1;
  for (let i = 1; i <= value.length; i++) {
    const prev = value.charCodeAt(i - 1);
    const c = i < value.length ? value.charCodeAt(i) : -1;
    if (i < value.length && continuesRun(prev, c)) run++;
    else {
      if (run >= minRun) inRuns += run;
      run = 1;
    }
  }
  return value.length === 0 ? 0 : inRuns / value.length;
}

function continuesRun(prev: number, c: number): boolean {
  if (prev >= 48 && prev <= 57) return c === prev + 1 || (prev === 57 && (c === 48 || c === 97 || c === 65)); // 9 → 0, a, A
  const a = foldLetter(prev);
  const b = foldLetter(c);
  if (a < 0 || b < 0) return false;
  // The next letter, the same one in the other case, or the next key on a QWERTY row.
  return b === a + 1 || (b === a && c !== prev) || NEXT_KEY[a] === b;
}

/*
 * Placeholders are typed along the keyboard too: ntfy's docs give a VAPID key as
 * `AA1234BBCCddvveekaabcdfqwertyuiopasdfghjklzxcvbnm1234567890`. A random character is the next
 * key with odds of 1 in 64, as for the next letter, so runs of them stay as rare in a token.
 */
const NEXT_KEY = new Int8Array(26).fill(-1);
for (const row of ['qwertyuiop', 'asdfghjkl', 'zxcvbnm']) {
  for (let i = 0; i + 1 < row.length; i++) NEXT_KEY[row.charCodeAt(i) - 97] = row.charCodeAt(i + 1) - 97;
}
/** A letter as 0–25 whatever its case; -1 for anything else. */
const foldLetter = (c: number): number => (c >= 97 && c <= 122 ? c - 97 : c >= 65 && c <= 90 ? c - 65 : -1);

/*
 * A password is chosen by a person and may well be words (`correct-horse-battery-9`); a token is
 * generated. So in a password context only words that say they stand in for one are a placeholder.
 */
const PLACEHOLDER_WORD_RE = new RegExp(`${PASSWORD_WORDS.join('|')}|(?:^|[-_.])(?:${PASSWORD_PIECES.join('|')})(?:$|[-_.])`, 'i');

/*
 * Words glued together, with a number after them: `supersecrettoken123456` (an OpenClaw test's
 * gateway token), `mysecrettoken`, `SuperSecretToken2024`, `REALTOKEN123` (a test's "real-looking"
 * value in the fifth corpus). Without a dictionary the words cannot be told apart, so one of them
 * must say it stands in (GLUED_WORDS), in any context (a password too). Lowercase, UPPERCASE or
 * Capitalised words, then at most 10 digits: a random base64url token is such a run of letters (no
 * two capitals, or no lowercase at all, no digit before its end) with odds far below one in a
 * million, and no hex token holds those words (`t`, `o`, `k`, `n`, `s`, `r`, `p`, `x`, `m`, `u`,
 * `y` are not hex digits).
 */
const GLUED_WORDS_RE = /^(?:[a-z]+|[A-Z]+|[A-Z]?[a-z]+(?:[A-Z][a-z]+)+)\d{0,10}$/;
const GLUED_PLACEHOLDER_RE = new RegExp(GLUED_WORDS.join('|'), 'i');

function isGluedPlaceholder(value: string): boolean {
  return GLUED_WORDS_RE.test(value) && VOWEL_RE.test(value) && GLUED_PLACEHOLDER_RE.test(value);
}

/*
 * One word where a token stands: `--remote-token monjeton` (French, "my token", in another tool's
 * README), `token: changeit`, `"OPENCLAW_GATEWAY_TOKEN:Required - Web UI auth"` (a restore script's
 * list of what to fill in). A generated token is never one lowercase or Capitalised word; a chosen
 * password may be (`hunter`…), so not in a password context.
 */
const ONE_WORD_RE = /^[A-Z]?[a-z]+$/;

/*
 * Runs of the alphabet cut into letters and digits, with words that say they stand in (PIECE_WORDS):
 * `abc123secret` (ggshield's hook tests), `abcd1234-ef56-gh78-ij90-klmn1234opqr` (trufflehog's
 * Apacta test). Every piece between separators and letter/digit changes is an ascending run of two
 * or more (`ef`, `56`, `90`) or a placeholder word, and runs of three or more make half the value:
 * a random token's pieces follow on one another with odds of 1 in 10 to 1 in 26 per character.
 */
const PIECE_RE = /[A-Za-z]+|\d+/g;
const STAND_IN_WORD_RE = new RegExp(`^(?:${PIECE_WORDS.join('|')})$`, 'i');

export function isRunsAndWords(value: string): boolean {
  const pieces = value.match(PIECE_RE);
  if (pieces === null || pieces.length < 3) return false;
  let long = 0;
  for (const p of pieces) {
    if (STAND_IN_WORD_RE.test(p)) long += p.length;
    else if (p.length >= 2 && alphabetRunShare(p, p.length) === 1) long += p.length >= 3 ? p.length : 0;
    else return false;
  }
  return long * 2 >= value.length;
}

/** A word-made value that is an example in this context (`password`: the context is a password's). */
export function isWordPlaceholder(value: string, password: boolean): boolean {
  if (!password && ONE_WORD_RE.test(value) && VOWEL_RE.test(value)) return true;
  return (isWordMade(value) && (!password || PLACEHOLDER_WORD_RE.test(value))) || isGluedPlaceholder(value);
}

/*
 * Identifiers made of words, which a long run of token characters often is in code: a migration's
 * class, `AddFileAnnotationsToChatMessage1700271021237` (camelCase words, then a timestamp), and
 * generated type names, `Ai_Cf_Qwen_Qwen2_5_Coder_32B_Instruct_Prompt` (words, words with a number
 * and short codes between underscores), 200 findings in the fifth corpus. A random base64url token is one of these with
 * odds below 1 in 10^8: 30 or more letters without a digit or two capitals in a row and with a
 * vowel in every word, or four pieces between separators that are each a word.
 * For token shapes only: a chosen password may well be words (`CorrectHorseBatteryStaple2024`).
 */
const CAMEL_WORDS_RE = /^[a-z]*(?:[A-Z][a-z]+){3,}\d{0,16}$/;
const CAMEL_WORD_RE = /[A-Z]?[a-z]+/g;
const CODE_PIECE_RE = /^[A-Za-z]{0,3}\d{1,4}[A-Za-z]{0,2}$/;

export function isWordIdentifier(value: string): boolean {
  if (CAMEL_WORDS_RE.test(value)) return (value.match(CAMEL_WORD_RE) ?? []).every((w) => VOWEL_RE.test(w));
  const pieces = value.split(/[-_]+/).filter((p) => p !== '');
  return pieces.length >= 4 && pieces.every((p) => CODE_PIECE_RE.test(p) || isWordPiece(p.replace(TRAILING_DIGITS_RE, '')));
}

const TRAILING_DIGITS_RE = /\d{1,4}$/;

/** A word (`Qwen` of `Qwen2`): lower, Capital, UPPER or camelCase letters with a vowel, or three letters at most. */
function isWordPiece(p: string): boolean {
  return WORD_RE.test(p) && (p.length <= 3 || VOWEL_RE.test(p));
}
