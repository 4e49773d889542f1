// `clawprint mask`: every §1 form of the token and every gateway-token literal replaced, every
// other byte passed through as is, each line written as soon as it is complete.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { LineMasker, maskChunks, utf8Runs } from '../../src/pipeline/mask-lines.js';
import { TokenMatcher } from '../../src/token.js';
import { CLI, fixture, ROOT } from '../helpers.js';

const input = readFileSync(fixture('commands', 'mask', 'input.log'));
const tokenFile = fixture('commands', 'mask', 'token.txt');
const token = readFileSync(tokenFile, 'utf8').trim();

/** Runs the CLI with bytes on stdin and returns stdout as bytes (runCli decodes it as UTF-8). */
function runMask(args: string[], stdin: Buffer, env: Record<string, string> = {}): Promise<{ code: number; stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'mask', ...args], { cwd: ROOT, env: { PATH: process.env['PATH'] ?? '', ...env } });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout: Buffer.concat(out), stderr: err }));
    child.stdin.end(stdin);
  });
}

/** Where two buffers first differ, for a readable failure. */
function assertSameBytes(actual: Buffer, expected: Buffer): void {
  if (actual.equals(expected)) return;
  let i = 0;
  while (i < actual.length && actual[i] === expected[i]) i++;
  assert.fail(`bytes differ at ${i}: got ${JSON.stringify(actual.subarray(i, i + 60).toString('latin1'))}, expected ${JSON.stringify(expected.subarray(i, i + 60).toString('latin1'))}`);
}

describe('clawprint mask', () => {
  it('with --fingerprint only, still masks the token where a credential context shows it', async () => {
    const fp = new TokenMatcher([{ label: 'exposed', raw: token }]).tokens[0]!.fingerprint;
    const line = Buffer.from(`export OPENCLAW_GATEWAY_TOKEN=${token}\ncurl -H "Authorization: Bearer ${token}" http://gw/api\n`);
    const r = await runMask(['--fingerprint', fp], line);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!r.stdout.includes(token), 'the raw token came through');
    assert.equal(r.stdout.toString(), `export OPENCLAW_GATEWAY_TOKEN=[clawprint ${fp}]\ncurl -H "Authorization: Bearer [clawprint ${fp}]" http://gw/api\n`);
  });

  it('replaces every form of the token (--token-file) and every gateway token literal; other bytes unchanged', async () => {
    const r = await runMask(['--token-file', tokenFile], input);
    assert.equal(r.code, 0, r.stderr);
    assertSameBytes(r.stdout, readFileSync(fixture('commands', 'mask', 'expected.log')));
  });

  it('takes the token from --token-env the same way', async () => {
    const r = await runMask(['--token-env', 'CI_GATEWAY_TOKEN'], input, { CI_GATEWAY_TOKEN: token });
    assert.equal(r.code, 0, r.stderr);
    assertSameBytes(r.stdout, readFileSync(fixture('commands', 'mask', 'expected.log')));
  });

  it('with no token masks only gateway token literals', async () => {
    const r = await runMask([], input);
    assert.equal(r.code, 0, r.stderr);
    assertSameBytes(r.stdout, readFileSync(fixture('commands', 'mask', 'expected-no-token.log')));
  });

  it('masks gateway config printed into the stream: YAML under gateway:, one-line and pretty JSON, agent YAML, CRLF', async () => {
    // A deploy step that cats gateway.yaml or echoes openclaw.json: the structure spans lines of
    // stdin, which has no file name to say it is YAML or JSON.
    const config = readFileSync(fixture('commands', 'mask', 'config-input.log'));
    const r = await runMask([], config);
    assert.equal(r.code, 0, r.stderr);
    assertSameBytes(r.stdout, readFileSync(fixture('commands', 'mask', 'config-expected.log')));
    assert.equal((r.stdout.toString().match(/\[clawprint sha256:[0-9a-f]{12}\]/g) ?? []).length, 6);
    assert.ok(r.stdout.includes('  token: xoxb-not-a-gateway-token\n'), 'a token outside gateway: was masked');
  });

  it('masks every form of a non-hex token, where raw, percent, base64 and JSON escapes all differ', async () => {
    // The hex token above is its own percent-encoding and JSON escape; this one (/, +, &, <, >) is
    // not, so each form must be found by its own needle.
    const nonHexFile = fixture('token', 'non-hex-token.txt');
    const forms = JSON.parse(readFileSync(fixture('token', 'non-hex-forms.json'), 'utf8')) as Record<string, string>;
    const fp = new TokenMatcher([{ label: 'exposed', raw: readFileSync(nonHexFile, 'utf8').trim() }]).tokens[0]!.fingerprint;
    const lines = Object.entries(forms).map(([name, form]) => [`${name}: <${form}> \u00e9 end\r\n`, `${name}: <[clawprint ${fp}]> \u00e9 end\r\n`]);
    // Docker's json-file driver writes the line as Go escapes it.
    const docker = (value: string): string => `{"log":"GET /hooks/wake?token=${value}\\n","stream":"stdout","time":"2025-02-21T14:03:11Z"}\n`;
    const input = lines.map(([i]) => i).join('') + docker(forms['jsonGoEscaped']!);
    const expected = lines.map(([, e]) => e).join('') + docker(`[clawprint ${fp}]`);
    const r = await runMask(['--token-file', nonHexFile], Buffer.from(input));
    assert.equal(r.code, 0, r.stderr);
    assertSameBytes(r.stdout, Buffer.from(expected));
  });

  it('refuses --token-stdin (stdin is the log) with one line, exit 2', async () => {
    const r = await runMask(['--token-stdin'], Buffer.from('x\n'));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^clawprint: mask reads the log from stdin[^\n]*\n$/);
  });

  it('writes each line as soon as it is complete, before stdin ends', async () => {
    const child = spawn(process.execPath, [CLI, 'mask', '--token-file', tokenFile], { cwd: ROOT, stdio: ['pipe', 'pipe', 'ignore'] });
    let seen = '';
    const firstLine = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no output before EOF; got ${JSON.stringify(seen)}`)), 10_000);
      child.stdout.on('data', (d: Buffer) => {
        seen += d.toString('utf8');
        if (seen.includes('\n')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    child.stdin.write(`deploying with ${token}\n`);
    // stdin stays open: the masked line must arrive while the producer is still running.
    await firstLine;
    assert.equal(seen, `deploying with [clawprint ${new TokenMatcher([{ label: 'exposed', raw: token }]).tokens[0]!.fingerprint}]\n`);
    child.stdin.end('done\n');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 0);
    assert.equal(seen.endsWith('done\n'), true);
  });
});

describe('maskChunks', () => {
  const masker = (): LineMasker => new LineMasker(new TokenMatcher([{ label: 'exposed', raw: token }]), []);
  async function* chunksOf(buf: Buffer, size: number): AsyncGenerator<Buffer> {
    for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
  }
  const collect = async (chunks: AsyncIterable<Buffer>): Promise<Buffer> => {
    const out: Buffer[] = [];
    for await (const c of maskChunks(chunks, masker())) out.push(c);
    return Buffer.concat(out);
  };

  it('gives the same bytes however the input is chunked (a token split across reads is still masked)', async () => {
    const whole = await collect(chunksOf(input, input.length));
    for (const size of [1, 7, 64]) assertSameBytes(await collect(chunksOf(input, size)), whole);
    assert.equal(whole.includes(token), false);
  });

  it('passes an over-long line through in pieces without losing bytes', async () => {
    const long = Buffer.alloc(3 * 1024 * 1024 + 5, 'a');
    assertSameBytes(await collect(chunksOf(long, 65536)), long);
  });
});

describe('utf8Runs', () => {
  it('separates valid text from invalid bytes, rejecting overlongs and surrogates', () => {
    const buf = Buffer.from([0x61, 0xff, 0xc3, 0xa9, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0xe2, 0x80, 0xa6, 0xe2, 0x82]);
    assert.deepEqual(utf8Runs(buf), [
      [0, 1, true], [1, 2, false], [2, 4, true], [4, 5, false], [5, 6, false], [6, 7, false], [7, 8, false], [8, 9, false], [9, 12, true], [12, 13, false], [13, 14, false],
    ]);
  });
});
