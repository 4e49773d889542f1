// Which keys and variables hold a gateway secret: OpenClaw's own paths first, then any name that
// combines the product with a credential word, in any case style (OPENCLAW_GATEWAY_TOKEN,
// openclaw_gateway_token in Ansible vars, openclawGatewayToken in Helm values).
import type { SecretRole } from './config-file.js';

const PRODUCT = new Set(['openclaw', 'gateway', 'clawdbot']);
const CREDENTIAL = new Set(['token', 'secret', 'password', 'auth']);
/** Names about a secret that are not the secret: `OPENCLAW_GATEWAY_TOKEN_FILE`, `gateway.auth.mode`. */
const NOT_A_VALUE = new Set(['file', 'path', 'mode', 'env', 'ref', 'fp', 'fingerprint', 'url', 'port', 'host', 'name', 'id', 'type', 'header', 'length', 'enabled', 'required', 'expiry', 'ttl', 'hash', 'sha256', 'digest', 'provider', 'source', 'dir']);
/**
 * Names that say the credential is another service's, even in an OpenClaw deployment
 * (`OPENCLAW_R2_SECRET_ACCESS_KEY`, `vault_openclaw_cp_postgres_password`, `openclaw_telegram_bot_token`).
 */
const OTHER_SERVICE = new Set(['key', 'access', 'api', 'r2', 's3', 'aws', 'gcp', 'azure', 'postgres', 'postgresql', 'pg', 'mysql', 'db', 'database', 'redis', 'nats', 'mongo', 'smtp', 'mail', 'oauth', 'client', 'app', 'bot', 'telegram', 'discord', 'slack', 'whatsapp', 'signal', 'openai', 'anthropic', 'github', 'gitlab', 'jwt', 'session', 'cookie', 'signing', 'encryption', 'admin', 'grafana', 'registry', 'docker', 'npm', 'ssh', 'tls', 'cert']);

/** `openclawGatewayToken`, `OPENCLAW_GATEWAY_TOKEN`, `gateway-token` → lowercase words. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/** The role of a value named `name` alone (an environment variable, a Secret key, a Helm value). */
export function roleOfName(name: string): SecretRole | undefined {
  const words = nameWords(name);
  if (!words.some((w) => PRODUCT.has(w)) || !words.some((w) => CREDENTIAL.has(w))) return undefined;
  if (words.some((w) => NOT_A_VALUE.has(w) || OTHER_SERVICE.has(w))) return undefined;
  if (words.includes('hooks') || words.includes('hook') || words.includes('webhook')) return 'hooks-token';
  if (words.includes('remote')) return 'remote-token';
  if (words.includes('secondary')) return 'gateway-token-secondary';
  if (words.includes('password')) return 'gateway-password';
  return 'gateway-token';
}

/**
 * The role of the value at `keys` (the key path from the document root) in a structured config:
 * OpenClaw's and Seed's own paths, then the last key as a name.
 */
export function roleOfPath(keys: readonly string[]): SecretRole | undefined {
  const n = keys.length;
  const last = keys[n - 1] ?? '';
  const parent = keys[n - 2];
  const grand = keys[n - 3];
  if (parent === 'gateway') {
    if (last === 'token') return 'gateway-token';
    if (last === 'token_secondary' || last === 'tokenSecondary') return 'gateway-token-secondary';
    if (last === 'password') return 'gateway-password';
  }
  if (grand === 'gateway' && parent === 'auth') {
    if (last === 'token') return 'gateway-token';
    if (last === 'password') return 'gateway-password';
  }
  if (grand === 'gateway' && parent === 'remote' && (last === 'token' || last === 'password')) return 'remote-token';
  if (parent === 'hooks' && last === 'token') return 'hooks-token';
  if (last === 'gateway_token' || last === 'gatewayToken') return 'gateway-token';
  return roleOfName(last);
}
