// Pools of realistic text for the scan corpus, built once from the seed so files are assembled by
// picking entries (fast) rather than composing every line (slow). The pools carry the look-alikes a
// scanner must not report: env references, CI masks, digests, git ids, device ids, UUIDs.

const WORDS = ['agent', 'task', 'memory', 'channel', 'session', 'retry', 'queue', 'token', 'config', 'deploy', 'cache', 'request', 'message', 'worker', 'schedule', 'report', 'index', 'batch', 'limit', 'stream'];
const VERBS = ['load', 'fetch', 'send', 'parse', 'render', 'update', 'create', 'remove', 'resolve', 'schedule'];
const TYPES = ['string', 'number', 'boolean', 'Config', 'Agent', 'Task', 'Message'];

const cap = (w) => w[0].toUpperCase() + w.slice(1);
const uuid = (rng) => `${rng.hex(8)}-${rng.hex(4)}-4${rng.hex(3)}-a${rng.hex(3)}-${rng.hex(12)}`;

function tsBlock(rng) {
  const [v, n, a, b, p] = [rng.pick(VERBS), cap(rng.pick(WORDS)), rng.pick(WORDS), rng.pick(WORDS) + 's', rng.pick(WORDS)];
  const T = rng.pick(TYPES);
  const lines = [
    `/** ${cap(v)}s the ${n.toLowerCase()} for a ${a}; see #${rng.range(10, 4000)}. */`,
    `export async function ${v}${n}(${a}: ${T}, ${b}: ${T}[] = []): Promise<${T} | undefined> {`,
    `  const ${p}Id = await this.client.${v}(${a}, { timeout: ${rng.range(1, 60) * 500} });`,
    `  if (${p}Id === undefined) throw new Error('${v} ${n.toLowerCase()} failed for ${a}');`,
    `  logger.debug(\`${v} \${${a}} -> \${${p}Id}\`);`,
  ];
  const r = rng.next();
  if (r < 0.08) lines.push(`  const token = process.env.OPENCLAW_GATEWAY_TOKEN ?? '';`);
  else if (r < 0.12) lines.push(`  const digest = 'sha256:${rng.hex(64)}';`);
  else if (r < 0.16) lines.push(`  const commit = '${rng.hex(40)}';`);
  else if (r < 0.2) lines.push(`  const requestId = '${uuid(rng)}';`);
  lines.push(`  return ${b}.find((x) => x === ${p}Id) ?? ${a};`, '}', '', '');
  return lines.join('\n');
}

function pyBlock(rng) {
  const [v, n, a, b, p] = [rng.pick(VERBS), rng.pick(WORDS), rng.pick(WORDS), rng.pick(WORDS), rng.pick(WORDS)];
  const lines = [
    `    def ${v}_${n}(self, ${a}, ${b}=None):`,
    `        """${cap(v)} the ${n} for ${a} (retries: ${rng.range(1, 5)})."""`,
    `        ${p}_id = self._client.${v}(${a}, timeout=${rng.range(1, 60)})`,
    `        if not ${p}_id:`,
    `            raise ValueError("${v} ${n} failed for %s" % ${a})`,
    `        logger.info("${v} %s -> %s", ${a}, ${p}_id)`,
  ];
  const r = rng.next();
  if (r < 0.08) lines.push(`        token = os.environ["OPENCLAW_GATEWAY_TOKEN"]`);
  else if (r < 0.12) lines.push(`        # image sha256:${rng.hex(64)}`);
  else if (r < 0.16) lines.push(`        run_id = "${uuid(rng)}"`);
  lines.push(`        return ${b} or ${p}_id`, '', '');
  return lines.join('\n');
}

function goBlock(rng) {
  const [V, N, a, b] = [cap(rng.pick(VERBS)), cap(rng.pick(WORDS)), rng.pick(WORDS), rng.pick(WORDS)];
  const lines = [
    `// ${V}${N} ${rng.pick(VERBS)}s the ${N.toLowerCase()} of a ${a}.`,
    `func (s *Service) ${V}${N}(ctx context.Context, ${a} string) (*${N}, error) {`,
    `\t${b}, err := s.client.${V}(ctx, ${a}, ${rng.range(1, 100)})`,
    `\tif err != nil {`,
    `\t\treturn nil, fmt.Errorf("${V.toLowerCase()} ${N.toLowerCase()} %q: %w", ${a}, err)`,
    `\t}`,
  ];
  if (rng.chance(0.08)) lines.push(`\ttoken := os.Getenv("OPENCLAW_GATEWAY_TOKEN")`, `\t_ = token`);
  lines.push(`\treturn &${N}{ID: ${b}.ID}, nil`, '}', '', '');
  return lines.join('\n');
}

export function codeBlockPools(rng) {
  const make = (f) => Array.from({ length: 3000 }, () => f(rng));
  return { ts: make(tsBlock), py: make(pyBlock), go: make(goBlock) };
}

/** GitHub Actions steps: each entry is the messages of consecutive lines (after the 7-digit timestamp). */
export function ciMessagePool(rng) {
  const ESC = '\x1b';
  const pool = [];
  for (let i = 0; i < 4000; i++) {
    const r = rng.next();
    if (r < 0.3) pool.push([`npm http fetch GET 200 https://registry.npmjs.org/${rng.pick(WORDS)}-${rng.pick(WORDS)} ${rng.range(5, 900)}ms (cache ${rng.pick(['hit', 'miss', 'revalidated'])})`]);
    else if (r < 0.5) pool.push([`  ${rng.pick(['✓', '✓', '✓', '✗'])} ${rng.pick(VERBS)}s ${rng.pick(WORDS)} when ${rng.pick(WORDS)} is ${rng.pick(['empty', 'stale', 'missing', 'large'])} (${rng.range(1, 400)} ms)`]);
    else if (r < 0.58) pool.push([`#${rng.range(3, 30)} [${rng.range(1, 9)}/${rng.range(9, 14)}] RUN npm ci --omit=dev`, `#${rng.range(3, 30)} DONE ${rng.range(1, 90)}.${rng.range(0, 9)}s`]);
    else if (r < 0.64) pool.push([`#${rng.range(3, 30)} writing image sha256:${rng.hex(64)} done`]);
    else if (r < 0.7) pool.push([`[command]/usr/bin/git -c protocol.version=2 fetch --no-tags --prune --no-recurse-submodules --depth=1 origin +${rng.hex(40)}:refs/remotes/origin/main`]);
    else if (r < 0.74) pool.push([`##[group]Run ./scripts/deploy.sh --env ${rng.pick(['dev', 'staging', 'prod'])}`, `${ESC}[36;1m./scripts/deploy.sh --token "$OPENCLAW_GATEWAY_TOKEN"${ESC}[0m`, '  OPENCLAW_GATEWAY_TOKEN: ***', '##[endgroup]']);
    else if (r < 0.78) pool.push([`curl -sS -H "Authorization: Bearer ***" https://gw.internal/api/v1/health`, `{"status":"ok","version":"2026.2.1","uptime":${rng.range(10, 99999)}}`]);
    else if (r < 0.8) pool.push([`##[warning]${cap(rng.pick(WORDS))} ${rng.pick(WORDS)} is deprecated; use ${rng.pick(WORDS)}.${rng.pick(VERBS)}() instead`]);
    else pool.push([`${ESC}[32m${rng.pick(['info', 'info', 'debug'])}${ESC}[39m ${rng.pick(VERBS)} ${rng.pick(WORDS)} ${rng.pick(WORDS)} id=${uuid(rng)} took=${rng.range(1, 3000)}ms`]);
  }
  return pool;
}

/** openclaw-console payloads, already escaped the way Docker's json-file encoder writes them. */
export function consolePayloadPool(rng) {
  const escape = (s) => JSON.stringify(s).slice(1, -1).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
  const ip = () => `${rng.pick([10, 172, 192, 203])}.${rng.int(256)}.${rng.int(256)}.${rng.range(1, 254)}`;
  const pool = [];
  for (let i = 0; i < 4000; i++) {
    const r = rng.next();
    const prefix = rng.chance(0.5) ? `2025-02-21T${String(rng.range(0, 23)).padStart(2, '0')}:${String(rng.range(0, 59)).padStart(2, '0')}:11.201+00:00 ` : '';
    let line;
    if (r < 0.3) line = `[ws] webchat connected conn=${rng.hex(4)}… remote=${ip()} client=openclaw-control-ui webchat v2026.2.1`;
    else if (r < 0.4) line = `[ws] ← connect client=cli auth=token conn=${rng.hex(8)}`;
    else if (r < 0.45) line = `[ws] unauthorized conn=${rng.hex(4)}… remote=${ip()} client=cli cli v2026.7.1 role=operator scopes=0 auth=token device=no platform=linux reason=token_mismatch`;
    else if (r < 0.5) line = `[gateway] device pairing ${rng.pick(['approved', 'auto-approved'])} device=${rng.hex(64)} role=operator`;
    else if (r < 0.75) line = `\x1b[32m[agents]\x1b[39m ${rng.pick(WORDS)}: task ${rng.hex(8)} completed in ${rng.range(5, 9000)}ms`;
    else line = `${rng.pick(['GET', 'POST'])} /api/v1/agents/${rng.pick(WORDS)}/messages?limit=${rng.range(1, 50)}&cursor=${rng.hex(12)} ${rng.pick([200, 200, 204, 404])} ${rng.range(1, 300)}ms`;
    pool.push(escape(`${prefix}${line}\n`));
  }
  return pool;
}
