// Every detector, one line each. Adding a detector = its file + one line here + its fixtures.
import type { AuditDetector, ScanDetector } from './detector.js';

export const AUDIT_DETECTORS = {} satisfies Record<string, AuditDetector>;

export const SCAN_DETECTORS = {} satisfies Record<string, ScanDetector>;
