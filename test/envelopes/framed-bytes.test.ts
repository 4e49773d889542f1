// The byte pre-test the scan runs before decoding a file's envelope sample: it may say "could be
// framed" of text no envelope accepts, never "cannot" of a sample some envelope would detect.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { lineMayBeFramed, sampleMayBeFramed } from '../../src/envelopes/framed-bytes.js';
import { ENVELOPE_ORDER } from '../../src/envelopes/index.js';
import { detectFormat, SAMPLE_LINES } from '../../src/pipeline/format.js';
import { wholeInput } from '../../src/pipeline/lines.js';
import { PARSERS } from '../../src/parsers/index.js';
import { UTC_CONTEXT } from '../../src/time.js';
import { fileLines, SAMPLES, scenarioDirs } from './scenarios.js';

const FRAMED = ENVELOPE_ORDER.filter((e) => e.id !== 'none');
const fixtureFiles = FRAMED.flatMap((e) => scenarioDirs(e.id).map((dir) => path.join(dir, 'input.log')));
/** The envelope the scan chose before the pre-test: detection over the decoded sample. */
const detected = (buf: Buffer): string =>
  detectFormat(wholeInput(buf, SAMPLE_LINES).sample, { parser: PARSERS.plain }, UTC_CONTEXT).envelope.id;
const file = (...lines: string[]): Buffer => Buffer.from(lines.join('\n') + '\n', 'utf8');
const prose = (n: number): string[] => Array.from({ length: n }, (_, i) => `Paragraph ${i} of the guide, with [a link](https://docs.example/${i}).`);

describe('envelope sample byte pre-test', () => {
  it('lets every framed fixture through, and detection still picks its envelope', () => {
    for (const name of fixtureFiles) {
      const buf = readFileSync(name);
      assert.equal(sampleMayBeFramed(buf, SAMPLE_LINES), true, name);
      assert.notEqual(detected(buf), 'none', name);
    }
  });

  it('passes every line some envelope accepts alone (fixtures, samples, bad input)', () => {
    const lines = [
      ...fixtureFiles.flatMap((name) => fileLines(name)),
      ...Object.values(SAMPLES).flat(),
      '\ufeff2025-02-21T14:03:11.2010000Z ##[group]Run x',
      '\x1b[36mgw-1  |\x1b[0m hello',
      'gw-1  | hello',
      '[2025-02-21T14:03:11.201Z] Started by user',
    ];
    let accepted = 0;
    for (const line of lines) {
      if (!FRAMED.some((e) => e.detect([line]))) continue;
      accepted++;
      // After a line of prose: a BOM is removed only at the start of a file.
      assert.equal(sampleMayBeFramed(file('# Notes', line), SAMPLE_LINES), true, JSON.stringify(line));
    }
    assert.ok(accepted > 100, `only ${accepted} framed lines checked`);
  });

  it('skips Markdown, prose in any script, tables and links', () => {
    const cases = [
      file('# Gateway tokens', '', ...prose(5), '| key | value |', '|---|---|', '| token | `abc` |'),
      file('# 网关令牌', '', '令牌 | 说明', 'ゲートウェイのトークン', ...prose(3)),
      file('---', 'title: Tokens', '---', '[2 links](x) and [more]', '1. Install', '2024 was a year', '<Note>see below</Note>'),
      file('INFO| no padding before the bar', 'a|b'),
    ];
    for (const buf of cases) {
      assert.equal(sampleMayBeFramed(buf, SAMPLE_LINES), false, buf.toString());
      assert.equal(detected(buf), 'none');
    }
  });

  it('decodes the sample when a line could open a frame, even where detection then says none', () => {
    const cases: Array<[Buffer, string]> = [
      [file(...prose(3), '{"log":"x\\n","stream":"stdout","time":"2025-02-21T14:03:11.201Z"}'), 'none'],
      [file('INFO  | two spaces pad the bar', ...prose(3)), 'none'],
      [file(...prose(2), '\ufeff2025-02-21T14:03:11.2010000Z x'), 'none'],
      [file(...prose(2), 'text then a \x1b[8mha:QUJD\x1b[0m console note'), 'jenkins'],
      [file(...prose(2), 'banner: Running with gitlab-runner 17.0.0 (abc)'), 'gitlab'],
    ];
    for (const [buf, envelope] of cases) {
      assert.equal(sampleMayBeFramed(buf, SAMPLE_LINES), true, buf.toString());
      assert.equal(detected(buf), envelope);
    }
  });

  it('reads as far as the sample: blank lines (a no-break space too) are not counted', () => {
    const note = 'x \x1b[8mha:QUJD\x1b[0m note';
    const within = file(...prose(SAMPLE_LINES - 1), '', '   ', '\u00a0', '\t\r', note);
    assert.equal(detected(within), 'jenkins');
    assert.equal(sampleMayBeFramed(within, SAMPLE_LINES), true);
    const beyond = file(...prose(SAMPLE_LINES), note);
    assert.equal(detected(beyond), 'none');
    assert.equal(sampleMayBeFramed(beyond, SAMPLE_LINES), false);
  });

  it('tests a line by its bytes only (escape codes and the GitLab banner are looked for in the whole sample)', () => {
    const at = (line: string): boolean => lineMayBeFramed(Buffer.from(`x\n${line}\n`), 2, 2 + Buffer.byteLength(line));
    assert.deepEqual(
      ['2025-02-21T14:03:11Z x', '[2025-02-21', '{"log":"', '\x1b[0m', '\ufeff2025-', 'web-1  | x', 'web |', '| a |', '[link]', '2025', '\ufeffx', '令牌', ''].map(at),
      [true, true, true, true, true, true, true, false, false, false, false, false, false],
    );
  });

  it('passes a JSON line only with what docker-json or journald-json needs of it (a source map is one line of MBs)', () => {
    const at = (line: string): boolean => lineMayBeFramed(Buffer.from(`x\n${line}\n{"log":"next line"}\n`), 2, 2 + Buffer.byteLength(line));
    const sourceMap = `{"version":3,"file":"luxon.js","sources":["../src/datetime.js"],"sourcesContent":["${'const token = x;\\n'.repeat(2000)}"],"mappings":"AAAA"}`;
    assert.deepEqual(
      [
        '{"log":"hello\\n","stream":"stdout","time":"2025-02-21T14:03:11.201Z"}',
        '{"__CURSOR":"s=1","__REALTIME_TIMESTAMP":"1740146591201000","MESSAGE":"hello"}',
        '{"MESSAGE" : "spaced", "__REALTIME_TIMESTAMP" : "1740146591201000"}',
        '{',
        '{"log" :"x"}',
        '{"__REALTIME_TIMESTAMP":"1740146591201000"}',
        sourceMap,
      ].map(at),
      [true, true, true, false, false, false, false],
    );
    // The keys of the next line do not count for this one.
    assert.equal(lineMayBeFramed(Buffer.from('{"a":1}\n{"log":"x","__REALTIME_TIMESTAMP":"1","MESSAGE":"m"}\n'), 0, 7), false);
    assert.equal(sampleMayBeFramed(file(sourceMap), SAMPLE_LINES), false);
    assert.equal(detected(file(sourceMap)), 'none');
  });

  it('passes every Fluent out_file tag shipper-json accepts: 505–512 characters, `_` or `.` first, non-ASCII', () => {
    const shipper = FRAMED.find((e) => e.id === 'shipper-json')!;
    const record = ': [1519234013.360921, {"log":"20.38.166.115 - - [21/Feb/2018:17:26:53 +0000] \\"GET / HTTP/1.0\\" 200 2\\n","stream":"stdout"}]';
    const tags = {
      accepted: [
        'a'.repeat(504),
        'a'.repeat(505),
        'k'.repeat(511),
        'a'.repeat(512),
        '_kube.var.log',
        '.kube.var.log',
        '-kube',
        'kube.var.log.containers.ログ.log',
        'ä'.repeat(512), // 2 bytes a character
        '日'.repeat(512), // 3 bytes: 1536 bytes, the longest tag
        '😀'.repeat(256), // 4 bytes, two UTF-16 units each: 512 units
        '\x01tag', // a control character is no \s
      ],
      refused: ['a'.repeat(513), '日'.repeat(513), '😀'.repeat(257), ' tag', '"tag"', 'a b'],
    };
    for (const tag of tags.accepted) {
      const line = tag + record;
      assert.equal(shipper.detect([line]), true, `detected: ${tag.slice(0, 12)}… (${tag.length})`);
      const buf = file(line);
      assert.equal(lineMayBeFramed(buf, 0, buf.length - 1), true, `byte test: ${tag.slice(0, 12)}… (${tag.length})`);
      assert.equal(sampleMayBeFramed(file('# Notes', line), SAMPLE_LINES), true);
      assert.equal(detected(file(line)), 'shipper-json');
    }
    // Refused by shipper-json; the byte test may still pass such a line (it only must not refuse more).
    for (const tag of tags.refused) assert.equal(shipper.detect([tag + record]), false, `${tag.slice(0, 12)}… (${tag.length})`);
    assert.equal(lineMayBeFramed(file(' tag' + record), 0, 4 + record.length), false);
  });

  it('removes the BOM of the first line as the sample does', () => {
    const cri = '2025-02-21T14:03:11.201234567Z stdout F hello';
    assert.equal(sampleMayBeFramed(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), file(cri, cri)]), SAMPLE_LINES), true);
    assert.equal(sampleMayBeFramed(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), file('# Title', 'text')]), SAMPLE_LINES), false);
    assert.equal(sampleMayBeFramed(Buffer.alloc(0), SAMPLE_LINES), false);
  });
});
