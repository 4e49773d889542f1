// Every detector, one line each. Adding a detector = its file + one line here + its fixtures.
import type { AuditDetector, ScanDetector } from './detector.js';
import { authFailures } from './auth-failures.js';
import { exposedToken } from './exposed-token.js';
import { gatewayTokenLiteral } from './gateway-token-literal.js';
import { gatewayConfigChange } from './gateway-config-change.js';
import { logCoverageGap } from './log-coverage-gap.js';
import { maskedToken } from './masked-token.js';
import { tokenShapedString } from './token-shaped-string.js';
import { tokenUse } from './token-use.js';
import { tokenUseAfterWindow } from './token-use-after-window.js';
import { unattributedSharedTokenUse } from './unattributed-shared-token-use.js';
import { unexpectedRegistration } from './unexpected-registration.js';

export const AUDIT_DETECTORS = {
  'token-use': tokenUse,
  'token-use-after-window': tokenUseAfterWindow,
  'unexpected-registration': unexpectedRegistration,
  'auth-failures': authFailures,
  'unattributed-shared-token-use': unattributedSharedTokenUse,
  'gateway-config-change': gatewayConfigChange,
  'log-coverage-gap': logCoverageGap,
} satisfies Record<string, AuditDetector>;

export const SCAN_DETECTORS = {
  'exposed-token': exposedToken,
  'gateway-token-literal': gatewayTokenLiteral,
  'token-shaped-string': tokenShapedString,
  'masked-token': maskedToken,
} satisfies Record<string, ScanDetector>;
