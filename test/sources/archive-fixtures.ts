// Archives for the tests, built from text fixtures with fixed times and order, so that no binary
// archive is committed: zip with yazl (yauzl's companion), tar with tar-stream's packer.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import * as tarStream from 'tar-stream';
import yazl from 'yazl';

export type Entries = Array<[name: string, data: Buffer | string]>;

const MTIME = new Date('2025-02-21T14:03:00Z');

/** Every file under `dir` as [`<prefix><relative path>`, bytes], sorted. */
export function entriesOf(dir: string, prefix = ''): Entries {
  const walk = (d: string): string[] =>
    readdirSync(d)
      .sort()
      .flatMap((name) => {
        const full = path.join(d, name);
        return statSync(full).isDirectory() ? walk(full) : [full];
      });
  return walk(dir).map((full) => [prefix + path.relative(dir, full).split(path.sep).join('/'), readFileSync(full)]);
}

export function zipOf(entries: Entries, compress = true): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, data] of entries) {
    // yazl refuses `..` and absolute names; the hostile-name tests patch them in afterwards.
    zip.addBuffer(Buffer.from(data), name, { mtime: MTIME, compress });
  }
  zip.end();
  const parts: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on('data', (d: Buffer) => parts.push(d));
    zip.outputStream.on('end', () => resolve(Buffer.concat(parts)));
    zip.outputStream.on('error', reject);
  });
}

export async function tarOf(entries: Entries): Promise<Buffer> {
  const pack = tarStream.pack();
  const parts: Buffer[] = [];
  const done = (async () => {
    for await (const chunk of pack) parts.push(chunk as Buffer);
  })();
  for (const [name, data] of entries) {
    const buf = Buffer.from(data);
    await new Promise<void>((resolve, reject) => pack.entry({ name, size: buf.length, mtime: MTIME, mode: 0o644 }, buf, (e) => (e ? reject(e) : resolve())));
  }
  pack.finalize();
  await done;
  return Buffer.concat(parts);
}

export const tgzOf = async (entries: Entries): Promise<Buffer> => gzipSync(await tarOf(entries));

/** The zip with every occurrence of `from` in its names (local and central headers) replaced by `to`, of the same length. */
export function renameInZip(zip: Buffer, from: string, to: string): Buffer {
  if (from.length !== to.length) throw new Error('same length only');
  return Buffer.from(zip.toString('latin1').split(from).join(to), 'latin1');
}
