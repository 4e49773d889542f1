// Whether a short read of a walked file is its end, so that readSmallFile (bytes.ts) need not make
// one more read to find it (one syscall per file: ~2.3 µs, 5,517 of them in the bench tree).
//
// On a file system whose regular files are read through the page cache or its own cache (ext4,
// xfs, btrfs, tmpfs, overlay, zfs, NFS, …), read(2) returns fewer bytes than asked only at the
// file's end as it is at that moment: a file that grows afterwards is read as it was, as by any
// reader that stops at an end. In /proc, /sys and the other kernel file systems a regular file
// is made as it is read, a page or a record at a time (a seq_file read returns one buffer of
// PAGE_SIZE), and FUSE or 9p servers may answer a read short: there the next read must find the
// end. So a walk is read without that read only when the file system holding its root is one of
// ENDING and no mount point below the root is of another kind (Linux's /proc/self/mountinfo);
// elsewhere, or when the table cannot be read, files are read as before.
import { readFileSync, realpathSync } from 'node:fs';

/** File systems whose regular files read short only at their end. */
const ENDING = new Set([
  'ext2', 'ext3', 'ext4', 'xfs', 'btrfs', 'bcachefs', 'f2fs', 'jfs', 'reiserfs', 'nilfs2', 'zfs',
  'tmpfs', 'ramfs', 'overlay', 'squashfs', 'erofs', 'iso9660', 'udf',
  'vfat', 'msdos', 'exfat', 'ntfs', 'ntfs3', 'hfsplus', 'nfs', 'nfs4', 'cifs', 'smb3',
]);

/** A mount: where, and its file system type. */
interface Mount {
  point: string;
  type: string;
}

/** The mounts of a mountinfo text (proc(5)): field 5 is the mount point (octal escapes), the type follows ` - `. */
export function parseMountinfo(text: string): Mount[] {
  const mounts: Mount[] = [];
  for (const line of text.split('\n')) {
    const fields = line.split(' ');
    const dash = fields.indexOf('-', 6);
    const point = fields[4];
    const type = fields[dash + 1];
    if (dash === -1 || point === undefined || type === undefined) continue;
    mounts.push({ point: point.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8))), type });
  }
  return mounts;
}

const within = (p: string, dir: string): boolean => p === dir || p.startsWith(dir === '/' ? dir : `${dir}/`);

/** True when every file under the real path `root` is on a file system of ENDING, by `mounts`. */
export function shortReadsEndUnder(root: string, mounts: readonly Mount[]): boolean {
  // The file system holding the root: the last mount on the longest mount point above it (a later
  // mount on the same point hides the earlier one).
  let holder: Mount | undefined;
  for (const m of mounts) {
    if (within(root, m.point) && (holder === undefined || m.point.length >= holder.point.length)) holder = m;
    else if (m.point !== root && within(m.point, root) && !ENDING.has(m.type)) return false;
  }
  return holder !== undefined && ENDING.has(holder.type);
}

let mountTable: Mount[] | null | undefined;

/** Whether readSmallFile may take a short read of the files walked from directory `dir` as their end. */
export function shortReadsEnd(dir: string): boolean {
  if (process.platform !== 'linux') return false;
  if (mountTable === undefined) {
    try {
      mountTable = parseMountinfo(readFileSync('/proc/self/mountinfo', 'utf8'));
    } catch {
      mountTable = null;
    }
  }
  if (mountTable === null) return false;
  try {
    return shortReadsEndUnder(realpathSync.native(dir), mountTable);
  } catch {
    return false;
  }
}
