// `--evidence FILE`: every event that counted toward a finding listing uses, one JSON line each,
// written as it is counted — constant memory whatever the cap on a finding's `uses`. Each line is
// redacted like a finding (log text through redactSecrets, then the token's own forms), and names
// the finding it counts toward (rule and id, as in the report), so `jq 'select(.finding == …)'`
// gives one finding's whole list.
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { AuditEvent, UseSink } from '../detectors/detector.js';
import type { Finding } from '../detectors/finding.js';
import { Redactor } from '../detectors/redact-finding.js';
import { useOf } from '../detectors/uses.js';
import { InputError } from '../errors.js';
import { escapeJsonText } from '../escape.js';
import { useJson } from '../reporters/uses-rows.js';
import type { TokenMatcher } from '../token.js';

/** Lines are collected up to this many characters before one write. */
const FLUSH_AT = 64 * 1024;

export interface EvidenceWriter {
  sink: UseSink;
  /** Events written so far. */
  readonly written: number;
  close(): void;
}

export function openEvidence(file: string, tokens: TokenMatcher, displayTz?: string): EvidenceWriter {
  let fd: number;
  try {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fd = openSync(file, 'w');
  } catch (error) {
    throw new InputError(`cannot write the evidence file: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, file);
  }
  let pending = '';
  let written = 0;
  // The same gate as findings: every string from the log redacted (request paths as log text,
  // locations as names), then the rendered line through the second net.
  const redactor = new Redactor(tokens);
  const flush = (): void => {
    if (pending === '') return;
    try {
      writeSync(fd, pending);
    } catch (error) {
      throw new InputError(`cannot write the evidence file: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, file);
    }
    pending = '';
  };
  return {
    sink(rule: string, finding: string, e: AuditEvent) {
      const use = redactor.finding(useOf(e) as unknown as Finding) as unknown as ReturnType<typeof useOf>;
      const record = { rule, finding, ...(e.token !== undefined ? { token: e.token.fingerprint } : {}), ...useJson(use, displayTz) };
      pending += escapeJsonText(redactor.output(JSON.stringify(record))) + '\n';
      written++;
      if (pending.length >= FLUSH_AT) flush();
    },
    get written() {
      return written;
    },
    close() {
      flush();
      closeSync(fd);
    },
  };
}
