// Every detector, one line each. Adding a detector = its file + one line here + its fixtures.
import type { AuditDetector, ConfigDetector, ScanDetector } from './detector.js';
import { authFailures } from './auth-failures.js';
import { envFileTracked } from './env-file-tracked.js';
import { envOverridesConfig } from './env-overrides-config.js';
import { exposedToken } from './exposed-token.js';
import { gatewayTokenLiteral } from './gateway-token-literal.js';
import { gatewayConfigChange } from './gateway-config-change.js';
import { hardcodedToken } from './hardcoded-token.js';
import { hooksTokenReuse } from './hooks-token-reuse.js';
import { logCoverageGap } from './log-coverage-gap.js';
import { maskedToken } from './masked-token.js';
import { redactedPlaceholderInConfig } from './redacted-placeholder-in-config.js';
import { rotationInProgress } from './rotation-in-progress.js';
import { secretFilePermissions } from './secret-file-permissions.js';
import { tokenReusedAcrossEnvironments } from './token-reused-across-environments.js';
import { tokenShapedString } from './token-shaped-string.js';
import { tokenExposure } from './token-exposure.js';
import { tokenInUnparsedLine } from './token-in-unparsed-line.js';
import { tokenUse } from './token-use.js';
import { tokenUseAfterWindow } from './token-use-after-window.js';
import { unattributedSharedTokenUse } from './unattributed-shared-token-use.js';
import { unexpectedRegistration } from './unexpected-registration.js';
import { weakToken } from './weak-token.js';

export const AUDIT_DETECTORS = {
  'token-use': tokenUse,
  'token-use-after-window': tokenUseAfterWindow,
  'unexpected-registration': unexpectedRegistration,
  'auth-failures': authFailures,
  'unattributed-shared-token-use': unattributedSharedTokenUse,
  'gateway-config-change': gatewayConfigChange,
  'log-coverage-gap': logCoverageGap,
  'token-exposure': tokenExposure,
  'token-in-unparsed-line': tokenInUnparsedLine,
} satisfies Record<string, AuditDetector>;

export const SCAN_DETECTORS = {
  'exposed-token': exposedToken,
  'gateway-token-literal': gatewayTokenLiteral,
  'token-shaped-string': tokenShapedString,
  'masked-token': maskedToken,
} satisfies Record<string, ScanDetector>;

/** check-config's rules, in report order: what is exposed first, then what is unsafe. */
export const CONFIG_DETECTORS = {
  'hardcoded-token': hardcodedToken,
  'weak-token': weakToken,
  'token-reused-across-environments': tokenReusedAcrossEnvironments,
  'hooks-token-reuse': hooksTokenReuse,
  'rotation-in-progress': rotationInProgress,
  'env-overrides-config': envOverridesConfig,
  'env-file-tracked': envFileTracked,
  'secret-file-permissions': secretFilePermissions,
  'redacted-placeholder-in-config': redactedPlaceholderInConfig,
} satisfies Record<string, ConfigDetector>;
