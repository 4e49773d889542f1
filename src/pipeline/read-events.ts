// Reads one input to the end and hands every gateway event to the audit. Two paths:
// - unframed files (envelope `none`, unframed.ts): lines are found in the raw block and only lines
//   that hit a needle (or break the format's line shape) are decoded and parsed (docs/product.md §10);
// - framed files (Docker, CRI, CI logs): every line goes through the envelope decoder, then the
//   same needle test on the payload.
import path from 'node:path';
import type { AuditEvent } from '../detectors/detector.js';
import type { PayloadLine } from '../envelopes/envelope.js';
import { CREDENTIAL_NEEDLES, findCredentials } from '../parsers/credentials.js';
import { PARSER_ORDER } from '../parsers/index.js';
import { readBlocks } from '../sources/blocks.js';
import type { OpenedInput } from '../sources/open-input.js';
import { dateFromFileName, type TimeContext } from '../time.js';
import type { TokenMatcher, TokenRef } from '../token.js';
import { coverageHooks, type InputCoverage, newCoverage, noteUnparsed, noteUnreadableTime, noteYearGuess } from './coverage.js';
import { RejectedHandshakes } from './handshakes.js';
import { defaultTrustedProxies, resolveForwarded, type TrustedProxies } from './forwarded.js';
import { detectFormat, type ForcedFormat, PAYLOAD_SAMPLE_LINES, parseAsOther } from './format.js';
import { iterateLines, takeSample } from './lines.js';
import { ANY_NEEDLE, type HandleLine, lineFilterOf, readUnframed } from './unframed.js';
import { type GroupedNeedle, NeedleSet, SELECTED } from '../prefilter/needles.js';

const PRINTED_FORMATS: ReadonlySet<string> = new Set(['plain', 'openclaw-console', 'openclaw-file']);
const CI_ENVELOPES: ReadonlySet<string> = new Set(['github-actions', 'gitlab', 'jenkins']);
/** A request as a server logs it: a method, then a path. */
const REQUEST_LINE = /\b(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) \//;
/**
 * The prefilter reports which kind of needle a line holds: a form of a known token (TOKEN_NEEDLE),
 * or another (the format's own, a credential keyword) and lines of another shape (SELECTED). A
 * line decoded without a token needle holds no token form, so no trace of one (when every trace
 * holds a token needle). Framed payloads are handled with ANY_NEEDLE (every group bit, TOKEN_NEEDLE
 * included): their lines are always searched for a trace.
 */
const TOKEN_NEEDLE = 4;

export interface ReadEventsOptions {
  time: TimeContext;
  forced: ForcedFormat;
  tokens: TokenMatcher;
  /** Proxies whose X-Forwarded-For is believed (`--trusted-proxy`). */
  trustedProxies?: TrustedProxies;
  /** Called with bytes read so far (progress). */
  onBytes?: (bytes: number) => void;
  /** More strings that make a line worth decoding (rotation: Seed's `token_slot`). */
  extraNeedles?: readonly string[];
  /** Told why this input's needles are searched one pass each instead of the SIMD pass (`--verbose` says it). */
  onPrefilterFallback?: (reason: string) => void;
}

/** Reads one opened input (a file, stdin, or an archive entry: sources/open-input.ts). */
export async function readEvents(
  { input, bytes }: OpenedInput,
  options: ReadEventsOptions,
  onEvent: (event: AuditEvent) => void,
): Promise<InputCoverage> {
  const time: TimeContext = { ...options.time };
  const fileDate = dateFromFileName(path.basename(input.path));
  if (fileDate !== undefined) time.fileDate = fileDate;
  if (time.year === undefined && input.mtime !== undefined) {
    time.year = new Date(input.mtime).getUTCFullYear();
    time.yearSource = 'mtime';
    time.mtime = input.mtime;
  }
  time.syslog = { shift: 0, guessed: 0 };

  const { sample, blocks } = await takeSample(readBlocks(bytes.chunks, undefined, false, true), PAYLOAD_SAMPLE_LINES);
  const format = detectFormat(sample, options.forced, time);
  const envelope = format.envelope;
  const parser = format.parser.forInput?.() ?? format.parser;
  const cov = newCoverage(input.path, envelope.id, parser.id);
  const noteTime = (t: number | undefined): void => {
    if (t === undefined) return;
    if (cov.first === undefined || t < cov.first) cov.first = t;
    if (cov.last === undefined || t > cov.last) cov.last = t;
  };
  const tokens = options.tokens;
  const trusted = options.trustedProxies;
  const handshakes = new RejectedHandshakes();
  const redactToken = (text: string): string => tokens.redact(text);
  // `docker compose logs` and journals interleave programs (the gateway and its proxy): a line of
  // another format is read by parseAsOther, so it must be examined on that format's needles too.
  const mixed = format.mixed;
  const formatNeedles = mixed ? PARSER_ORDER.flatMap((p) => p.needles) : parser.needles;
  const tokenNeedles = tokens.needles();
  const needles = [...new Set([...formatNeedles, ...CREDENTIAL_NEEDLES, ...tokenNeedles, ...(options.extraNeedles ?? [])])];
  const tokenSet = new Set(tokenNeedles);
  const grouped: GroupedNeedle[] = needles.map((needle) => ({ needle, group: tokenSet.has(needle) ? SELECTED | TOKEN_NEEDLE : SELECTED }));
  // Exact only when every trace holds a token needle (tokens.ts): else every decoded line is searched.
  const traceNeedsToken = !tokens.isEmpty && tokens.tracesHoldNeedles() ? TOKEN_NEEDLE : 0;
  // Read once: a getter is a call per line (the CLI does not inline calls), and the tokens are fixed.
  const anyToken = !tokens.isEmpty;
  // Where a raw token is printed text, not a request: CI logs and inputs no parser recognised
  // always; container logs and OpenClaw's own logs unless the line names a request (`POST
  // /hooks/wake?token=…`) — a printed URL or config there (`Dashboard: …/#token=…`) is an exposure.
  const ciLog = CI_ENVELOPES.has(envelope.id) || parser.id === 'plain';
  const printedLog = ciLog || envelope.id !== 'none' || PRINTED_FORMATS.has(parser.id);
  const printedHere = (text: string): boolean => ciLog || (printedLog && !REQUEST_LINE.test(text));

  // Parsers only read their context: unframed lines (no envelope time) share one.
  const bareCtx = { time };
  // matchFingerprintField's last question and answer ('' is no fingerprint: never asked).
  let lastFingerprint = '';
  let lastFingerprintToken: TokenRef | undefined;
  const handle: HandleLine = (given, line, envelopeTime, groups, read, bytes) => {
    cov.examined++;
    // A line read from its bytes comes without its text: made here only where it is read (a token
    // use found by its fingerprint needs none; line-bytes.ts). `text ?? (text = …)` written out:
    // the CLI does not inline calls (issue 8).
    let text = given;
    const ctx = envelopeTime === undefined ? bareCtx : { time, envelopeTime };
    let parsed = read !== undefined ? read : parser.parse(text ?? (text = bytes!.text()), ctx);
    // A line the file's format does not read may be in another one (`docker compose logs` mixes
    // services; a format change mid-file): the line is read in the first format that claims it. In a
    // mixed input, so is a line read without an event (a journal read as OpenClaw's console takes
    // `caddy[311]: {…"status":401}` for a console line with nothing in it).
    if (parsed === undefined || parser.id === 'plain' || (mixed && parsed.event === undefined)) {
      parsed = parseAsOther(parser, text ?? (text = bytes!.text()), ctx) ?? parsed;
    }
    if (parsed === undefined) noteUnparsed(cov, line, text ?? (text = bytes!.text()), redactToken);
    else if (parsed.unreadableTime === true) noteUnreadableTime(cov, line);
    else if (parsed.undated === true) cov.undated = (cov.undated ?? 0) + 1;
    const t = parsed?.event?.time ?? parsed?.time ?? envelopeTime;
    // noteTime written out: this runs for every decoded line, and the CLI does not inline calls (issue 8).
    if (t !== undefined) {
      if (cov.first === undefined || t < cov.first) cov.first = t;
      if (cov.last === undefined || t > cov.last) cov.last = t;
    }
    let event = parsed?.event;
    let token: TokenRef | undefined;
    let viaMask = false;
    const fingerprint = event?.tokenFingerprint;
    if (fingerprint !== undefined) {
      // The last answer first: most lines repeat one fingerprint string (gateway-fields.ts).
      if (fingerprint === lastFingerprint) token = lastFingerprintToken;
      else {
        token = tokens.matchFingerprintField(fingerprint);
        lastFingerprint = fingerprint;
        lastFingerprintToken = token;
      }
    }
    if (token === undefined && anyToken) {
      // By index: a for-of made an iterator object per decoded line (issue 8).
      const credentials = findCredentials(text ?? (text = bytes!.text()));
      for (let i = 0; i < credentials.length; i++) {
        const m = tokens.matchCredential(credentials[i]!.value);
        if (m) {
          token = m.token;
          viaMask = m.viaMask;
          break;
        }
      }
    }
    // §3.3: a line that carries the token as a credential is a request even when the format
    // has no event for it — unless the input is a CI or container log, or no parser recognised
    // it: there a credential is a command or config that was printed (an exposure, not a use).
    // A mask is no secret: a line with one is a client logging its own request (a use).
    if (event === undefined && token !== undefined) event = { kind: !viaMask && printedHere(text ?? (text = bytes!.text())) ? 'exposure' : 'request' };
    // Never a silent clean: the token or its fingerprint on a line no parser could attribute.
    // A fingerprint field that names no known token says whose token the line is about: skipped.
    const trace =
      token === undefined && anyToken && event?.tokenFingerprint === undefined && (groups & traceNeedsToken) === traceNeedsToken
        ? tokens.findTrace(text ?? (text = bytes!.text()))
        : undefined;
    if (event !== undefined) {
      if (event.forwardedFor !== undefined) resolveForwarded(event, trusted ?? defaultTrustedProxies());
      const repeated = event.conn !== undefined && event.kind === 'auth-failure' && handshakes.repeat(event.conn);
      if (!repeated) {
        cov.events++;
        // The parser built this event for this line alone: it becomes the audit event in place.
        const auditEvent = event as AuditEvent;
        auditEvent.location = { path: input.path, line };
        if (t !== undefined) auditEvent.time = t;
        if (token !== undefined) {
          auditEvent.token = token;
          if (text !== undefined) auditEvent.text = text;
          else {
            auditEvent.lineBytes = bytes!;
            bytes!.owner = auditEvent;
          }
        }
        if (viaMask) auditEvent.viaMask = true;
        onEvent(auditEvent);
      }
    }
    if (trace !== undefined) {
      const kind = trace.reversible && printedHere(text ?? (text = bytes!.text())) ? 'exposure' : 'token-text';
      const textEvent: AuditEvent = { kind, location: { path: input.path, line }, token: trace.token };
      if (t !== undefined) textEvent.time = t;
      onEvent(textEvent);
    }
  };

  const { onLong, countBytes } = coverageHooks(cov, options.onBytes, 'read');

  const needleSet = new NeedleSet(grouped);
  const fallback = needleSet.fallback;
  if (fallback !== undefined) options.onPrefilterFallback?.(fallback);
  if (envelope.id === 'none') {
    await readUnframed(blocks, parser, needleSet, cov, handle, onLong, countBytes, time);
  } else {
    const decoder = envelope.createDecoder(time);
    const filter = lineFilterOf(parser);
    let lastPayload: PayloadLine | undefined;
    let firstSeen = false;
    let batch: PayloadLine[] = [];
    const emit = (p: PayloadLine): void => {
      noteTime(p.time);
      batch.push(p);
    };
    // A block's payloads are tested together: one needle pass over all of them (needles.ts).
    const examineBatch = (): void => {
      const texts = batch.map((p) => p.text);
      const hit = needles.length === 0 ? undefined : needleSet.selectTexts(texts, filter);
      batch.forEach((p, i) => {
        if (!firstSeen || hit === undefined || hit[i] === 1) handle(p.text, p.line, p.time, ANY_NEEDLE);
        else lastPayload = p;
        firstSeen = true;
      });
      batch = [];
    };
    for await (const block of blocks) {
      countBytes(block);
      cov.lines = iterateLines(block, cov.lines, (text, line) => decoder.push(text, line, emit), onLong);
      examineBatch();
    }
    decoder.end(emit);
    examineBatch();
    if (lastPayload !== undefined && lastPayload.time === undefined) noteTime(parser.parse(lastPayload.text, { time })?.time);
    for (const note of decoder.notes) {
      cov.issues.push({ path: input.path, kind: note.incomplete ? 'truncated-log' : 'timestamp', line: note.line, message: note.message });
    }
  }
  noteYearGuess(cov, time);
  cov.gzip = bytes.gzip;
  cov.issues.unshift(...bytes.issues);
  return cov;
}
