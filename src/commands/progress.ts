// Progress on stderr: bytes and rate, only on a TTY and without --no-progress (SPEC §9).
// The input's name was redacted by the run that hands it over; it is escaped here, for a terminal.
import { escapeTerminal } from '../escape.js';

export interface Progress {
  onInput(path: string): void;
  onBytes(bytesInInput: number): void;
  done(): void;
}

const MB = 1024 * 1024;

export function createProgress(enabled: boolean, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!enabled || !stream.isTTY) return { onInput() {}, onBytes() {}, done() {} };
  const started = Date.now();
  let doneBytes = 0;
  let current = 0;
  let name = '';
  let lastDraw = 0;
  const draw = (): void => {
    const total = doneBytes + current;
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    stream.write(`\r\u001b[Kclawprint: ${name}  ${(total / MB).toFixed(1)} MB  ${(total / MB / seconds).toFixed(0)} MB/s`);
  };
  return {
    onInput(path) {
      doneBytes += current;
      current = 0;
      const shown = escapeTerminal(path);
      name = shown.length > 60 ? `…${shown.slice(-59)}` : shown;
      draw();
    },
    onBytes(bytes) {
      current = bytes;
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
