// Shared plumbing for the envelope tests: scenario folders under fixtures/envelopes/<id>/, the
// decoding the real reader does, and sample lines of every framing for detect() checks.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import type { Envelope, PayloadLine } from '../../src/envelopes/envelope.js';
import { UTC_CONTEXT } from '../../src/time.js';
import { assertMatchesFile, fixture } from '../helpers.js';

export interface Decoded {
  payloads: PayloadLine[];
  notes: Array<{ line: number; message: string; incomplete: boolean }>;
}

/** File lines as the reader hands them over: split on \n only, one trailing \r removed. */
export function fileLines(file: string): string[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

export function decode(envelope: Envelope, lines: readonly string[]): Decoded {
  const payloads: PayloadLine[] = [];
  const decoder = envelope.createDecoder(UTC_CONTEXT);
  lines.forEach((raw, i) => decoder.push(raw, i + 1, (p) => payloads.push(p)));
  decoder.end((p) => payloads.push(p));
  return { payloads, notes: [...decoder.notes] };
}

/** The detection sample: first 20 non-empty lines, BOM of line 1 removed (as takeSample does). */
export function sampleOf(lines: readonly string[]): string[] {
  return lines
    .map((l, i) => (i === 0 && l.startsWith('\ufeff') ? l.slice(1) : l))
    .filter((l) => l.trim() !== '')
    .slice(0, 20);
}

export function scenarioDirs(id: string): string[] {
  const root = fixture('envelopes', id);
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => path.join(root, d.name))
    .sort();
}

/** One test per scenario folder: `input.log` decodes to exactly `expected.json`. */
export function itDecodesScenarios(envelope: Envelope): void {
  for (const dir of scenarioDirs(envelope.id)) {
    it(`decodes scenario ${path.basename(dir)}`, () => {
      const { payloads } = decode(envelope, fileLines(path.join(dir, 'input.log')));
      assertMatchesFile(payloads, path.join(dir, 'expected.json'));
    });
  }
}

/**
 * The character a payload character came from: itself, or for the decoded forms the envelope
 * documents, a JSON escape (Docker) or the bare CR a GitLab progress redraw turned into a space.
 */
function cameFrom(raw: string, offset: number, want: string): boolean {
  const got = raw[offset];
  if (got === want) return true;
  if (got === '\r' && want === ' ') return true;
  if (got !== '\\') return false;
  const escape = raw.slice(offset, offset + (raw[offset + 1] === 'u' ? 6 : 2));
  return JSON.parse(`"${escape}"`) === want;
}

/**
 * Every payload character maps back (through `locate`, or `column + i` without it) to the file
 * character it came from, in file order. `maxLength` skips huge payloads (locate is O(n) a call).
 */
export function assertLocated(lines: readonly string[], payloads: readonly PayloadLine[], maxLength = Infinity): void {
  for (const p of payloads) {
    if (p.text.length > maxLength) continue;
    let previous = { line: 0, offset: -1 };
    for (let i = 0; i < p.text.length; i++) {
      const at = p.locate ? p.locate(i) : { line: p.line, offset: p.column + i };
      const where = `payload of line ${p.line}, character ${i} → ${at.line}:${at.offset}`;
      assert.ok(cameFrom(lines[at.line - 1] ?? '', at.offset, p.text[i]!), `${where} is another character`);
      assert.ok(at.line > previous.line || (at.line === previous.line && at.offset > previous.offset), `${where} is not after ${previous.line}:${previous.offset}`);
      previous = at;
    }
  }
}

/** One test per scenario folder: `assertLocated` over its payloads. */
export function itLocatesScenarios(envelope: Envelope): void {
  for (const dir of scenarioDirs(envelope.id)) {
    it(`locates every payload character of scenario ${path.basename(dir)} in the file`, () => {
      const lines = fileLines(path.join(dir, 'input.log'));
      assertLocated(lines, decode(envelope, lines).payloads);
    });
  }
}

/** Two-line samples of each framing (values made up), for positive and cross-confusion checks. */
export const SAMPLES = {
  gatewayJsonl: [
    '{"ts":"2025-02-21T14:03:11.201Z","event":"http.request","method":"POST","path":"/api/v1/agents/researcher/messages","status":200,"remote_addr":"203.0.113.7"}',
    '{"ts":"2025-02-21T14:03:12.000Z","event":"auth.failed","remote_addr":"192.0.2.44","path":"/api/v1/memory","status":401}',
  ],
  openclawConsole: [
    '2025-02-21T15:03:11.201+01:00 [gateway] device pairing auto-approved device=7d2c0a4e19b3f5a8c6d1e0f2b4a69781c3e5d7f9a1b2c4d6e8f0a2b4c6d8e0f1 role=operator',
    '2025-02-21T15:03:12.000+01:00 [ws] webchat connected conn=9a8b remote=198.51.100.23 client=openclaw-control-ui webchat v2026.2.1',
  ],
  openclawConsoleShort: [
    '\x1b[90m14:03:11\x1b[39m [ws] webchat connected conn=9a8b remote=198.51.100.23 client=openclaw-control-ui webchat v2026.2.1',
    '[gateway] listening on ws://0.0.0.0:18789 (PID 7)',
  ],
  dockerJson: [
    '{"log":"[gateway] listening on ws://0.0.0.0:18789 (PID 7)\\n","stream":"stdout","time":"2025-02-21T14:03:11.2015Z"}',
    '{"log":"GET /api/v1/agents?x=1\\u0026token=x\\n","stream":"stderr","attrs":{"tag":"gw"},"time":"2025-02-21T14:03:12.000000001Z"}',
  ],
  criContainerd: [
    '2025-02-21T14:03:11.669794202Z stdout F {"ts":"2025-02-21T14:03:11.669Z","event":"agent.register","agent":"researcher"}',
    '2025-02-21T14:03:12.000000003Z stderr P first part of a long line',
  ],
  criCrio: [
    '2025-02-21T14:03:12.000000003+00:00 stderr P first part of a long line',
    '2025-02-21T14:03:12.000000004+00:00 stderr F and its end',
  ],
  timestamped: [
    '2025-02-21T14:03:11.201500000Z [ws] webchat connected conn=4b1f remote=198.51.100.23 client=openclaw-control-ui webchat v2026.2.1',
    '2025-02-21T14:03:12.000000000Z [gateway] listening on ws://0.0.0.0:18789 (PID 7)',
  ],
  githubActions: [
    '2025-02-21T14:03:11.4801562Z ##[group]Run ./scripts/deploy.sh',
    '2025-02-21T14:03:11.4801990Z \x1b[36;1m./scripts/deploy.sh --token "$OPENCLAW_GATEWAY_TOKEN"\x1b[0m',
  ],
  gitlabHeaders: [
    '2025-02-21T14:03:11.123456Z 00O $ curl -H "Authorization: Bearer [MASKED]" https://gw.internal/api/v1/health',
    '2025-02-21T14:03:11.223456Z 00O+ continued output',
  ],
  gitlabRaw: [
    '\x1b[0KRunning with gitlab-runner 17.8.0 (e4f782b3)\x1b[0;m',
    '\x1b[0Ksection_start:1740146590:prepare_executor[collapsed=true]\r\x1b[0KPreparing the "docker" executor',
    'plain output',
  ],
  jenkinsTimestamper: [
    '[2025-02-21T14:03:11.201Z] Started by user admin',
    '[2025-02-21T14:03:11.305Z] [Pipeline] sh',
  ],
  jenkinsNotes: [
    'Started by user \x1b[8mha:aGVsbG8=\x1b[0madmin',
    '[Pipeline] Start of Pipeline',
  ],
  composeV2: [
    'openclaw-gateway-1  | 2026-02-08T10:54:46.179Z [ws] unauthorized conn=4b1f remote=198.51.100.7 client=cli auth=token reason=token_mismatch',
    'proxy-1             | 203.0.113.7 - - [08/Feb/2026:10:54:47 +0000] "GET / HTTP/1.1" 200 615 "-" "curl/8.5.0"',
  ],
  composeTimestamps: [
    'gateway-1  | 2026-02-08T10:54:46.179123456Z 10:54:46 [ws] webchat connected conn=4b1f remote=198.51.100.23',
    '\x1b[36mgateway-1  |\x1b[0m 2026-02-08T10:54:47.5Z [gateway] listening on ws://0.0.0.0:18789 (PID 7)',
  ],
  journaldJson: [
    '{"__CURSOR":"s=1;i=2","__REALTIME_TIMESTAMP":"1770548086179000","_HOSTNAME":"gw","SYSLOG_IDENTIFIER":"openclaw","_PID":"412","MESSAGE":"[ws] webchat connected conn=4b1f remote=198.51.100.23"}',
    '{"__REALTIME_TIMESTAMP":"1770548087000000","_HOSTNAME":"gw","SYSLOG_IDENTIFIER":"openclaw","MESSAGE":[91,103,97,116,101,119,97,121,93,32,255]}',
  ],
  shipperJson: [
    '{"labels":{"app":"openclaw","namespace":"gw"},"line":"[ws] webchat connected conn=4b1f remote=198.51.100.23","timestamp":"2025-02-21T14:03:11.201Z"}',
    '{"file":"/var/log/pods/gw_proxy-0_1/proxy/0.log","kubernetes":{"pod_name":"proxy-0"},"message":"203.0.113.7 - - [21/Feb/2025:14:03:12 +0000] \\"GET / HTTP/1.1\\" 200 2","source_type":"kubernetes_logs","stream":"stdout","timestamp":"2025-02-21T14:03:12.000000000Z"}',
    '{"@timestamp":"2025-02-21T14:03:13.000Z","agent":{"type":"filebeat"},"ecs":{"version":"8.0.0"},"log":{"offset":0},"message":"[gateway] listening on ws://0.0.0.0:18789 (PID 7)"}',
  ],
  paas: [
    '2025-02-21T14:03:11.201234+00:00 app[web.1]: 10.1.8.232 - - [21/Feb/2025:14:03:11 +0000] "GET / HTTP/1.1" 200 17926 "-" "curl/8.5.0"',
    '2025-02-21T14:03:11.205678+00:00 heroku[router]: at=info method=GET path="/" host=gw.example.com request_id=8c1f fwd="203.0.113.7" dyno=web.1 connect=0ms service=4ms status=200 bytes=18349 protocol=https',
    '2025-02-21T14:03:12Z app[5683606c41098e] lhr [info]2025-02-21T14:03:12.000Z [gateway] listening on ws://0.0.0.0:18789 (PID 7)',
  ],
  composePm2: [
    'PM2      | App [openclaw:0] starting in -fork mode-',
    '0|openclaw | 2026-02-08T10:54:46.179Z [ws] webchat connected conn=4b1f remote=198.51.100.23',
    '0|openclaw | 2026-02-08T10:54:47.000Z [gateway] listening on ws://0.0.0.0:18789 (PID 7)',
  ],
  plain: ['hello world', 'nothing framed here'],
} satisfies Record<string, string[]>;

export type SampleName = keyof typeof SAMPLES;
export const SAMPLE_NAMES = Object.keys(SAMPLES) as SampleName[];

/** detect() accepts exactly the `accepted` samples among SAMPLES — the cross-confusion check. */
export function itDetects(envelope: Envelope, accepted: readonly SampleName[]): void {
  for (const name of SAMPLE_NAMES) {
    const want = accepted.includes(name);
    it(`${want ? 'detects' : 'does not detect'} ${name} lines`, () => {
      assert.equal(envelope.detect(SAMPLES[name]), want);
    });
  }
  it('does not detect an empty sample', () => assert.equal(envelope.detect([]), false));
}

/** Garbage, truncated framing and huge lines: a decoder never throws and never drops a line. */
export function itSurvivesBadInput(envelope: Envelope): void {
  it('never throws on bad input and keeps every line', () => {
    const bad = [
      '{', '{"log":', '{"log":1}', 'null', '[]', '"x"', '\x1b', '\x1b[', '\x1b]8;;', '\x1b[8mha:',
      '2025-02-21T14:03:11', '2025-02-21T14:03:11.123456Z', '2025-02-21T14:03:11.123456789Z stdout',
      '[2025-02-21T14:03:11Z]', 'section_start:', '\rsection_end:1:x', '\ufeff', '\u0000\u0001\u0002',
      '\x1b[31mred\x1b[0m \x1b]8;;https://x.invalid\x07link\x1b]8;;\x07 \x1b]unterminated', ' \r\r  \ra\rb \r',
      '[2025-02-21T14:03:11.201Z] x\x1b[8mha:QUJD\x1b[0my\x1b[8mha:open', '{"log": "spaced\\u0026key\\n", "stream": "stdout"}',
      'x'.repeat(100_000),
    ];
    const { payloads } = decode(envelope, bad);
    const lines = new Set(payloads.map((p) => p.line));
    for (let i = 1; i <= bad.length; i++) assert.ok(lines.has(i), `line ${i} emitted`);
    assertLocated(bad, payloads, 1000);
  });
}
