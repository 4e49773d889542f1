// Generated gateway-jsonl lines, clean and damaged, for the byte readers' differential tests
// (gateway-bytes.test.ts, gateway-bytes-wasm.test.ts): keys drawn from every alias gateway-fields
// reads and others, in any order, some twice; values of every JSON kind and the traps of its
// grammar (escapes, bytes past ASCII, control characters, `01`, `-0`, `1.`, `1e5`, nested objects,
// blanks); times in and around the RFC 3339 UTC shape, many in the same minute.
import { seeded } from '../random.js';

/** A generator of lines, the same sequence for the same seed. */
export function lineGenerator(seed: number) {
  const KEYS = [
    'ts', 'time', 'timestamp', '@timestamp', 'event', 'type', 'method', 'status', 'remote_addr', 'remote_ip', 'client_ip', 'ip',
    'remote', 'user_agent', 'ua', 'agent', 'agent_id', 'agent_name', 'path', 'url', 'uri', 'token_fp', 'token_fingerprint',
    'auth_fp', 'auth.fingerprint', 'auth.token_fp', 'auth', 'token_slot', 'channels', 'constructor', '__proto__', 'level', 'Ts',
    'ts ', 'tsx', 'pat', 'paths', 'bytes', 'duration_ms', '', 'auth.fp',
  ];

  const random = seeded(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const int = (n: number): number => Math.floor(random() * n);
  const two = (n: number): string => String(n).padStart(2, '0');

  /** A time: mostly the gateway's shape in a few minutes (the reader keeps the last minute), else its near misses. */
  function timeValue(): unknown {
    const minute = `2025-02-${pick(['20', '21'])}T14:0${int(3)}:`;
    const fraction = pick(['', '.2', '.20', '.201', '.2019', '.123456789', '.1234567890', '.', '.2a']);
    const r = random();
    if (r < 0.6) return `${minute}${two(int(61))}${fraction}Z`;
    return pick([
      `${minute}60Z`, `${minute}61Z`, `${minute}5Z`, `${minute}59z`, `${minute}59`, `${minute}59+00:00`, `${minute}59.000+02:00`,
      '2025-02-30T10:00:00Z', '2024-02-29T10:00:00Z', '2025-13-01T00:00:00Z', '0025-01-01T00:00:00Z', '0099-12-31T23:59:60Z',
      '2025-02-21 14:03:11Z', '2025-02-21T14:03:11.201Z ', ' 2025-02-21T14:03:11Z', '2025-02-21T24:00:00Z', '2025-02-21T14:60:00Z',
      '2025-02-21x14:03:11Z', '2025/02/21T14:03:11Z', '+2025-02-21T14:03:11Z', '2025-02-21T14:03:1 Z', '1740146591', 'garbage',
      1740146591, 1740146591201, 1.5, true, false, null, '', ' ', { t: 1 }, ['2025-02-21T14:03:11Z'],
    ]);
  }

  /** A value written as JSON text, including what JSON.stringify never writes (`clean`: values this reader takes, mostly). */
  function valueText(key: string, clean: boolean): string {
    if (/^(ts|time|timestamp|@timestamp)$/.test(key) && random() < 0.7) {
      let t = timeValue();
      while (clean && typeof t !== 'string') t = timeValue();
      return typeof t === 'string' && random() < 0.9 ? `"${t}"` : JSON.stringify(t);
    }
    if (clean && random() < 0.9) {
      if (key === 'channels') return pick(['["webhook","telegram"]', '[ "a" , "b" ]', '[]', '"a,b"', '[" "]', '["a"}', '["a",}', '[}']);
      return random() < 0.8 ? JSON.stringify(pick(['GET', '/ws', 'http.request', 'ws.connect', '10.0.0.1', 'sha256:a3694e2a4863', 'x', ' ', ''])) : pick(['0', '-0', '200', '401', '7', 'true', 'false', 'null', '1.5', '2e3', '76883422257107407', '-9007199254740993']);
    }
    const r = random();
    if (r < 0.45 || (clean && key === 'event')) {
      return JSON.stringify(
        pick([
          'http.request', 'ws.connect', 'agent.register', 'channel.register', 'auth.failed', 'auth.rejected', 'other.thing', 'constructor',
          'GET', 'POST', '203.0.113.7', '203.0.113.7:51234', '[2001:db8::7]:443', '::ffff:198.51.100.9', '-', 'unknown', 'n/a',
          '/api/v1/agents', '/hooks/wake?token=abc#x', '/api/v1/sessions/' + int(100000).toString(16), 'sha256:9c1185a5c5e9',
          'sha256:a3694e2a4863', 'curl/7.88.1', 'openclaw-agent/2026.2.1 (linux; arm64)', 'primary', 'a,b', ' a , ,b', '401', ' 403 ',
          '200', '', ' ', '\t', 'x'.repeat(95), 'y'.repeat(96), 'z'.repeat(97), 'w'.repeat(300), '7', '~\x7f',
        ]),
      );
    }
    if (r < 0.6) {
      return pick([
        '0', '-0', '7', '200', '401', '403', '99', '600', '01', '-01', '00', '1.', '.5', '1.5', '-1.5e3', '1e5', '1E+5', '1e-5', '1e', '1e+',
        '-', '--1', '+1', '123456789012345', '1234567890123456', '12345678901234567890', '0x10', 'NaN', 'Infinity', '401.0', '4e2',
      ]);
    }
    if (r < 0.75) return pick(['true', 'false', 'null', 'nul', 'tru', 'falsey', 'True', 'NULL', 'null ']);
    if (r < 0.85) {
      return pick([
        '{"fingerprint":"sha256:9c1185a5c5e9"}', '{"token_fp":"sha256:a3694e2a4863","fingerprint":null}', '{}', '[]', '["webhook","telegram"]',
        '["a", "b" ]', '[ ]', '["a",1]', '["a",null]', '[["a"]]', '["a",]', '[,"a"]', '["a"', '["\\u0061"]', '["é"]', '[1,2]', '{"a":[1,{"b":2}]}',
      ]);
    }
    return pick([
      '"a\\"b"', '"\\u0041BC"', '"tab\\tin"', '"back\\\\slash"', '"/api\\/v1"', '"caf\u00e9"', '"\u2028"', '"\u{1f600}"', '"ctl\u0001"',
      '"tab\tin"', '"unterminated', '"two""strings"', "'single'", '"\\x41"', '"a\\"',
    ]);
  }

  const BLANKS = ['', '', '', '', ' ', '  ', '\t', '\r', ' \t', '\u000b', '\u00a0', '\f'];
  const blank = (): string => (random() < 0.85 ? '' : random() < 0.8 ? pick(BLANKS.slice(0, 10)) : pick(BLANKS));

  /** One line: keys drawn from KEYS in any order (some twice), blanks between tokens, sometimes something after. */
  function lineText(): string {
    const fields: string[] = [];
    const clean = random() < 0.6;
    if (clean) fields.push(`"${pick(['ts', 'time'])}":${valueText('ts', clean)}`, `"${pick(['event', 'type', 'method'])}":${valueText('event', clean)}`);
    const count = int(12);
    for (let k = 0; k < count; k++) {
      const key = clean || random() < 0.97 ? pick(KEYS) : pick(['a\\u0073', 'é', 'ts\u0000', 'path"', 'x\ty']);
      fields.push(`${blank()}"${key}"${blank()}:${blank()}${valueText(key, clean)}${blank()}`);
    }
    if (clean) fields.sort(() => random() - 0.5);
    let line = `${blank()}{${fields.join(',')}${blank()}}${blank()}`;
    const r = random();
    if (r < 0.02) line += 'x';
    else if (r < 0.04) line += '}';
    else if (r < 0.05) line = line.slice(0, int(line.length));
    else if (r < 0.06) line = `[${line}]`;
    return line;
  }

  /** A line damaged at one place: a byte replaced, inserted or removed. */
  function damaged(line: string): string {
    const at = int(line.length + 1);
    const c = pick(['"', '\\', ',', ':', '{', '}', '[', ']', ' ', '\t', '\r', '0', '-', '.', 'e', 'n', 'é', '\u0000', '\u001f', 'a']);
    const r = random();
    if (r < 0.4) return line.slice(0, at) + c + line.slice(at + 1);
    if (r < 0.8) return line.slice(0, at) + c + line.slice(at);
    return line.slice(0, at) + line.slice(at + 1);
  }

  return { random, pick, int, lineText, damaged };
}
