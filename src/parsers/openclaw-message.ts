// OpenClaw's own log messages (docs/formats.md "OpenClaw console / journal"), shared by the console
// parser and the tslog file parser: the same text reaches both, only the framing differs.
import { gatewayEvent } from './gateway-event.js';
import { clientAddress, presentValue } from './http-fields.js';
import { splitMessagePairs } from './logfmt.js';
import type { GatewayEvent } from './parser.js';

/** Every message below that yields an event contains one of these (docs/product.md §10 prefilter). */
export const OPENCLAW_NEEDLES = [
  'unauthorized', // [ws] unauthorized …; closed before connect … reason=unauthorized: …
  '← connect', // verbose [ws] ← connect client=… auth=token
  'webchat connected',
  'device pairing', // approved / auto-approved / removed
  'access upgrade', // security audit: device access upgrade requested
  'device token', // device token rotated / revoked
  'config change', // [reload] config change detected; evaluating reload (…)
  'Config overwrite',
  'agents.create', // ⇄ res ✓ agents.create
  'config.patch',
  'device.pair.approve',
  'auth changed', // close 4001 "gateway auth changed"
  'auth-rotated', // cause=gateway-auth-rotated
  'code=4001', // the rotation close code even when the reason is n/a
];

// `[ws]` on the console, `gateway/ws` in the file log. Only the gateway's WebSocket server logs
// client auth; `[telegram] unauthorized …` is a bot API error, not a gateway auth failure.
const WS_SUBSYSTEM = /(?:^|\/)ws$/;
// A device id is 64 hex (SHA-256 of the device's public key), an identifier and never a token;
// `device=no` on an auth line means the client sent no device identity.
const HEX64 = /^[0-9a-f]{64}$/i;
const RES_OK = /^⇄ res ✓ (\S+)/;
const RES_EVENTS = new Map<string, () => GatewayEvent>([
  ['agents.create', () => gatewayEvent('config-change', { reason: 'agents.create' })],
  ['config.patch', () => gatewayEvent('config-change', { reason: 'config.patch' })],
  ['device.pair.approve', () => gatewayEvent('registration', { registration: 'device-pairing', reason: 'device.pair.approve' })],
]);

/** Paths in `evaluating reload (…)` that touch who may connect: auth settings and agents. */
function touchesAuthOrAgents(paths: string): boolean {
  return paths.split(',').some((p) => {
    const path = p.trim();
    return path === 'gateway.auth' || path.startsWith('gateway.auth.') || path === 'agents' || path.startsWith('agents.') || path.startsWith('agents[');
  });
}

function deviceId(value: string | undefined): string | undefined {
  return value !== undefined && HEX64.test(value) ? value : undefined;
}

/**
 * A `device=` value, unless `systemctl status` cut the line inside it (`7d2c0a…>`, `…`): a cut
 * id names no device, and read as one it would be a new device nobody knows.
 */
function deviceField(value: string | undefined): string | undefined {
  const v = presentValue(value);
  if (v === undefined || /(?:…|>)$/.test(v)) return undefined;
  return v;
}

/** Maps one message (ANSI removed, framing removed) to an event; undefined when it holds none. */
export function mapOpenClawMessage(subsystem: string | undefined, message: string): GatewayEvent | undefined {
  const text = message.trim();
  const pairs = (): Map<string, string> => splitMessagePairs(text).fields;

  // Shared-token clients are closed with 4001 "gateway auth changed" when the token rotates.
  if (text.includes('4001') || text.includes('auth changed') || text.includes('auth-rotated')) {
    const f = pairs();
    const cause = presentValue(f.get('cause'));
    const reason = presentValue(f.get('reason'));
    if (f.get('code') === '4001' || text.includes('(4001)') || text.includes('gateway auth changed') || cause === 'gateway-auth-rotated') {
      return gatewayEvent('rotation', { source: clientAddress(f.get('remote')), reason: cause ?? reason ?? 'gateway auth changed' });
    }
  }

  const ws = subsystem === undefined || WS_SUBSYSTEM.test(subsystem);
  if (ws && /^unauthorized\s/.test(text)) {
    const f = pairs();
    return gatewayEvent('auth-failure', {
      source: clientAddress(f.get('remote') ?? f.get('remoteAddr')),
      conn: presentValue(f.get('conn')),
      userAgent: presentValue(f.get('ua')) ?? presentValue(f.get('client')),
      device: deviceId(f.get('device')),
      auth: presentValue(f.get('auth')),
      reason: presentValue(f.get('reason')),
    });
  }
  if (ws && text.startsWith('closed before connect')) {
    const f = pairs();
    const reason = presentValue(f.get('reason'));
    const cause = presentValue(f.get('cause'));
    // Most early closes are clients that went away or still need pairing; only a rejected
    // credential is an auth failure.
    if (!/unauthori[sz]ed/i.test(reason ?? '') && !/unauthori[sz]ed/i.test(cause ?? '')) return undefined;
    return gatewayEvent('auth-failure', {
      source: clientAddress(f.get('remote')),
      conn: presentValue(f.get('conn')),
      userAgent: presentValue(f.get('ua')),
      auth: presentValue(f.get('auth')),
      reason: reason ?? cause,
    });
  }
  // OpenClaw never logs which token a connection used: these are unattributed (docs/product.md §3.2).
  if (ws && (text.startsWith('webchat connected') || text.startsWith('← connect'))) {
    const f = pairs();
    return gatewayEvent('connection', {
      source: clientAddress(f.get('remote') ?? f.get('remoteAddr')),
      userAgent: presentValue(f.get('ua')) ?? presentValue(f.get('client')),
      auth: presentValue(f.get('auth')),
    });
  }

  let m = /^device pairing (approved|auto-approved|removed)\b/.exec(text);
  if (m) {
    const f = pairs();
    const removed = m[1] === 'removed';
    return gatewayEvent('registration', {
      registration: removed ? 'device-change' : 'device-pairing',
      device: deviceField(f.get('device')),
      reason: removed ? 'device pairing removed' : presentValue(f.get('role')),
    });
  }
  if (text.startsWith('security audit: device access upgrade requested')) {
    const f = pairs();
    return gatewayEvent('registration', {
      registration: 'access-upgrade',
      device: deviceField(f.get('device')),
      source: clientAddress(f.get('ip')),
      userAgent: presentValue(f.get('client')),
      auth: presentValue(f.get('auth')),
      reason: presentValue(f.get('reason')),
    });
  }
  m = /^device token (rotated|revoked)\b/.exec(text);
  if (m) {
    return gatewayEvent('registration', { registration: 'device-change', device: deviceField(pairs().get('device')), reason: `device token ${m[1]!}` });
  }
  m = /^config change detected; evaluating reload \((.*)\)\s*$/.exec(text);
  if (m) return touchesAuthOrAgents(m[1]!) ? gatewayEvent('config-change', { reason: m[1]!.trim() }) : undefined;
  m = /Config overwrite: (.+?)(?: \(sha256 |$)/.exec(text);
  if (m) return gatewayEvent('config-change', { reason: m[1]!.trim() });
  m = RES_OK.exec(text);
  if (m) return RES_EVENTS.get(m[1]!)?.();
  return undefined;
}
