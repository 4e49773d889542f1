// A finding is plain data, redacted at birth: it holds fingerprints and positions, never a secret.
import { compareText } from '../collate.js';
import { hexDigest } from '../token-forms.js';
import type { Severity } from '../severity.js';
import type { EndpointActivity } from './endpoint-tally.js';
import type { Use } from './uses.js';

export interface Location {
  path: string;
  /** 1-based. */
  line: number;
  /** 1-based, where known. */
  column?: number;
}

/** What scan reports about a secret: enough to find and compare it, never enough to use it. */
export interface SecretInfo {
  fingerprint: string;
  length: number;
  /** First 4 characters and `…`. */
  preview: string;
}

export interface Finding {
  /** Stable hash of rule + identity (not line numbers), for baselines and SARIF. */
  id: string;
  rule: string;
  severity: Severity;
  message: string;
  /** Absent only when nothing ties the finding to an input (a coverage gap when no input was read). */
  location?: Location;
  time?: number;
  source?: string;
  /** The proxy that forwarded `source`'s request (X-Forwarded-For from a trusted peer). */
  peer?: string;
  userAgent?: string;
  agent?: string;
  device?: string;
  /** `METHOD path`, query removed. */
  request?: string;
  status?: number;
  tokenSlot?: string;
  reason?: string;
  /** Fingerprint of the token this finding is about. */
  token?: string;
  /** Aggregated findings (token use by source): how many events, the last one, what they touched. */
  count?: number;
  lastTime?: number;
  lastLocation?: Location;
  endpoints?: string[];
  userAgents?: string[];
  agents?: string[];
  /** Token use: each endpoint with its count and statuses, in time order of first use. */
  activity?: EndpointActivity[];
  /** Endpoints not listed in `activity` (a bound; their uses are still counted in `count`). */
  endpointsOmitted?: number;
  /** Token use: every event behind the finding in time order, up to USES_CAP (uses.ts). */
  uses?: Use[];
  /** Uses left out of `uses` by the cap (all of them are in `--evidence`). */
  usesOmitted?: number;
  /** Coverage gaps. */
  from?: number;
  to?: number;
  /** Scan. */
  secret?: SecretInfo;
  context?: string;
  matchesExposedToken?: boolean;
  /** Config: the other places of the same secret (reuse across environments, overrides). */
  related?: Location[];
  /** Config: the environment of the file, as inferred or set with --environment. */
  environment?: string;
  /** Set by a baseline comparison. */
  baseline?: 'new' | 'known';
}

/** What scan rules produce: a secret always sits at a place in a file. */
export type LocatedFinding = Finding & { location: Location };

export function findingId(rule: string, ...identity: Array<string | number | undefined>): string {
  return hexDigest('sha256', [rule, ...identity.map((p) => String(p ?? ''))].join('\u0000')).slice(0, 16);
}

/** By time, path (localeCompare's order: compareText), line, column and rule. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    (a.time ?? Number.NEGATIVE_INFINITY) - (b.time ?? Number.NEGATIVE_INFINITY) ||
    compareText(a.location?.path ?? '', b.location?.path ?? '') ||
    (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
    (a.location?.column ?? 0) - (b.location?.column ?? 0) ||
    compareText(a.rule, b.rule)
  );
}

/** The answer of a scan rule for a line that gives nothing: one shared empty array, not one per call. */
export const NO_FINDINGS: readonly LocatedFinding[] = Object.freeze([]);
