// The keys the counting rules group events under: a source, or a token and a source.
import type { AuditEvent } from './detector.js';

/** Uses with no source and no agent are grouped per input file, never merged across inputs. */
export const sourceKey = (e: AuditEvent): string =>
  e.source ?? (e.agent !== undefined ? `agent:${e.agent}` : `(unknown source in ${e.location.path})`);

/** The row of an event when rows are split by token: events without a token share their source's. */
export const useKey = (e: AuditEvent): string => `${e.token?.fingerprint ?? ''}\u0000${sourceKey(e)}`;

/** (token, source) pairs remembered; past this the cache starts over (sources are attacker-chosen: its memory stays under 1 MB). */
export const MAX_CACHED_KEYS = 4096;

/**
 * useKey(e), one string per (token, source) however many events share it. A key built by
 * concatenation is a rope, which V8 flattens (a runtime call) every time a Map hashes a new one:
 * that was ~5% of an audit whose lines are mostly token uses (issue 8, the `leak-30` bench
 * variant). The cache is looked up by the strings the event holds: its token's fingerprint, then
 * its source; events without a source build their key as before.
 */
export class UseKeys {
  private bySource = new Map<string, Map<string, string>>();
  private size = 0;
  /**
   * The last two pairs asked, most recent first, and their keys: a log's uses come from a few
   * clients, interleaved, whose values are the same strings line after line (parsers/string-memo.ts),
   * so `===` finds them before two Maps hash them (issue 8).
   */
  private source0: string | undefined;
  private fingerprint0 = '';
  private key0 = '';
  private source1: string | undefined;
  private fingerprint1 = '';
  private key1 = '';
  /** The fingerprint whose sources' keys were looked up last, and that Map: most uses are of one token, so a miss above costs one Map lookup, not two (issue 8). */
  private lastFingerprint: string | undefined;
  private lastKeys: Map<string, string> | undefined;

  of(e: AuditEvent): string {
    const source = e.source;
    if (source === undefined) return useKey(e);
    const fingerprint = e.token?.fingerprint ?? '';
    if (source === this.source0 && fingerprint === this.fingerprint0) return this.key0;
    const key = source === this.source1 && fingerprint === this.fingerprint1 ? this.key1 : this.lookup(source, fingerprint, e);
    this.source1 = this.source0;
    this.fingerprint1 = this.fingerprint0;
    this.key1 = this.key0;
    this.source0 = source;
    this.fingerprint0 = fingerprint;
    this.key0 = key;
    return key;
  }

  private lookup(source: string, fingerprint: string, e: AuditEvent): string {
    let keys = this.lastKeys;
    if (fingerprint !== this.lastFingerprint) {
      keys = this.bySource.get(fingerprint);
      if (keys !== undefined) {
        this.lastFingerprint = fingerprint;
        this.lastKeys = keys;
      }
    }
    let key = keys?.get(source);
    if (key !== undefined) return key;
    if (this.size >= MAX_CACHED_KEYS) {
      this.bySource = new Map();
      this.size = 0;
      keys = undefined;
    }
    if (keys === undefined) {
      keys = new Map();
      this.bySource.set(fingerprint, keys);
    }
    this.lastFingerprint = fingerprint;
    this.lastKeys = keys;
    key = useKey(e);
    keys.set(source, key);
    this.size++;
    return key;
  }
}
