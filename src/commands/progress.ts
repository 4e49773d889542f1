// Progress on stderr: only on a TTY and without --no-progress. One terminal line, redrawn
// in place: the input, MB read and the rate, and — when the size of what is left is known (files,
// not stdin) — percent done and time left. For gzip the share is of compressed bytes read out of
// the compressed size: the only total known before decompressing. done() clears the line, so
// nothing is left behind on the terminal.
// The input's name was redacted by the run that hands it over; it is escaped here, for a terminal.
import { escapeTerminal } from '../escape.js';

export interface Progress {
  onInput(path: string): void;
  /** Decompressed bytes of this input read so far, and bytes read from disk in the whole run. */
  onBytes(bytesInInput: number, diskBytes?: number): void;
  done(): void;
}

const MB = 1024 * 1024;

/** `3s`, `2m05s`, `1h12m`: short enough for the end of a progress line. */
export function durationText(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** `…` in the middle of a name that does not fit, keeping the file name at its end. */
function fitName(name: string, room: number): string {
  const chars = [...name];
  if (chars.length <= room) return name;
  if (room <= 1) return '…';
  const tail = Math.ceil((room - 1) * 0.7);
  return chars.slice(0, room - 1 - tail).join('') + '…' + chars.slice(chars.length - tail).join('');
}

/**
 * `total`: bytes on disk of every input, when each one's size is known (undefined with stdin):
 * then the line shows percent done and time left.
 */
export function createProgress(enabled: boolean, total?: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!enabled || !stream.isTTY) return { onInput() {}, onBytes() {}, done() {} };
  const started = Date.now();
  let doneBytes = 0;
  let current = 0;
  let disk = 0;
  let name = '';
  let lastDraw = 0;
  const draw = (): void => {
    const bytes = doneBytes + current;
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    let tail = `  ${(bytes / MB).toFixed(1)} MB  ${(bytes / MB / seconds).toFixed(0)} MB/s`;
    if (total !== undefined && total > 0) {
      const raw = Math.min(disk, total);
      const share = raw / total;
      tail += `  ${Math.floor(share * 100)}%`;
      if (share > 0 && raw < total) tail += `  ${durationText((seconds / share) * (1 - share))} left`;
    }
    // One line whatever the terminal: the name gives way (never wraps onto a second line, which
    // `\r` could not clear).
    const width = stream.columns > 0 ? stream.columns : 80;
    const head = 'clawprint: ';
    const room = width - 1 - head.length - tail.length;
    stream.write(`\r\u001b[K${room >= 8 ? head + fitName(name, room) + tail : (head + tail.trimStart()).slice(0, width - 1)}`);
  };
  return {
    onInput(path) {
      doneBytes += current;
      current = 0;
      name = escapeTerminal(path);
      draw();
    },
    onBytes(bytes, diskBytes) {
      current = bytes;
      if (diskBytes !== undefined) disk = diskBytes;
      const now = Date.now();
      if (now - lastDraw >= 200) {
        lastDraw = now;
        draw();
      }
    },
    done() {
      stream.write('\r\u001b[K');
    },
  };
}
