// `docker compose logs` / `docker compose up` output: `<service>-<n>  | <payload>` (compose v1
// wrote `<service>_<n>`), the name padded to the longest one, coloured on a TTY. With `-t` an
// RFC 3339 time (Go's RFC3339Nano, trailing zeros trimmed) follows the bar. The same reading
// serves the two other tools that name the container before each line (docs/formats.md, compose):
// `docker service logs` (`<service>.<slot>.<task id>@<node>    | `) and `kubectl logs --prefix`
// (`[pod/<pod>/<container>] `, its `--timestamps` time after it); and `pm2 logs` (`0|openclaw | `).
import { ANSI_STEP, stripAnsi } from './ansi.js';
import type { Envelope } from './envelope.js';
import { framedPayload, mostLines, payloadLine } from './payload-line.js';
import { rfc3339End } from './rfc3339.js';
import type { TextStep } from './text-steps.js';
import { traceBack } from './text-steps.js';
import { parseTimestamp } from '../time.js';

// A container name, then the padding and the bar. A name ending in `-1`/`_1` may be padded by one
// space (the longest name); any other name needs two, so `INFO | msg` application logs stay out.
const PREFIX = /^([A-Za-z0-9][\w.-]*?(?:@[\w.-]+?)?)( +)\|(?: |$)/;
// docker service logs: the task's name (`--no-task-ids` leaves the id out, `--no-trunc` gives all
// 25 characters) and its node after an `@` (docker/cli service/logs.go).
const SWARM_TASK = /\.\d+(?:\.[a-z0-9]{12,25})?@[\w.-]+$/;
// kubectl's prefixingWriter writes `[pod/%s/%s] ` (pod and container names are DNS labels; a
// container name may be empty).
const KUBECTL = /^\[pod\/[a-z0-9][a-z0-9.-]*\/[a-z0-9-]*\] /;
// `pm2 logs`: `<id>|<name> | ` (the name cut to a few characters, `12|leadmas | `); pm2's own
// lines come as `PM2      | `, which PREFIX reads.
const PM2 = /^\d{1,6}\|[\w.@-]{1,64} +\| /;

/**
 * Length of a `docker service logs` task prefix (`<task>@<node>    | `) at `from`, or -1. With
 * `-t` the CLI writes the time first (`<time> <task>@<node>    | `): the timestamped envelope
 * takes the time and asks here for the name after it.
 */
export function swarmPrefixLength(text: string, from: number): number {
  const m = PREFIX.exec(from === 0 ? text : text.slice(from));
  return m === null || !m[1]!.includes('@') || m[2]!.length < 4 || !SWARM_TASK.test(m[1]!) || m[1]!.length > 160 ? -1 : m[0].length;
}

/**
 * Length of the compose prefix of `text`, or -1. The name is dropped from the payload, so a long
 * name must look like one (`…-1`): a column of tokens before ` | ` in a text table is payload.
 */
function prefixLength(text: string): number {
  const m = PREFIX.exec(text);
  if (m === null) {
    const c = text.charCodeAt(0);
    const other = c === 0x5b ? KUBECTL.exec(text) : c >= 0x30 && c <= 0x39 ? PM2.exec(text) : null;
    return other?.[0].length ?? -1;
  }
  const name = m[1]!;
  const swarm = name.includes('@');
  if (swarm && !SWARM_TASK.test(name)) return -1;
  const numbered = swarm || /[-_]\d+$/.test(name);
  // A swarm task's name holds its service, task id and node: longer than a compose name may be.
  if ((m[2]!.length < 2 && !numbered) || (name.length >= 32 && !numbered) || name.length > (swarm ? 160 : 80)) return -1;
  return m[0].length;
}

/**
 * Index just past a `-t` time at the start of `text` (and its space), or 0. OpenClaw's own lines
 * start with an ISO time too, with milliseconds; compose's has nanoseconds with trailing zeros
 * trimmed (1–9 digits, 3 only when the last six are zero), so a time with exactly 3 digits is the
 * program's own unless another time follows it.
 */
function composeTimeEnd(text: string): number {
  const end = rfc3339End(text, 0);
  // Compose writes UTC (`Z`); a time with an offset is the program's own.
  if (end === -1 || text.charCodeAt(end) !== 0x20 || text.charCodeAt(end - 1) !== 0x5a) return 0;
  const digits = text.charCodeAt(19) === 0x2e ? end - 21 : 0;
  if (digits !== 3 || rfc3339End(text, end + 1) !== -1) return end + 1;
  return 0;
}

function skipStep(n: number): TextStep {
  return { apply: (text) => text.slice(n), sourceOf: (_text, index) => index + n };
}

export const compose = {
  id: 'compose',
  description: '`docker compose logs` / `up`, `docker service logs`, `kubectl logs --prefix` and `pm2 logs` output: the container\'s (process\') name (and `-t` time) before each line',
  detect: (sample) => mostLines(sample, (l) => prefixLength(stripAnsi(l)) !== -1),
  createDecoder(ctx) {
    return {
      notes: [],
      push(raw, line, emit) {
        if (raw === '') return;
        const coloured = raw.charCodeAt(0) === 0x1b;
        const plain = coloured ? stripAnsi(raw) : raw;
        const prefix = prefixLength(plain);
        if (prefix === -1) {
          // `Attaching to …`, `[+] Running 2/2`: compose's own lines are payload too, never hidden.
          emit(framedPayload(raw, line, 0, [ANSI_STEP], undefined));
          return;
        }
        const after = plain.slice(prefix);
        const timeEnd = composeTimeEnd(after);
        const time = timeEnd === 0 || ctx.timesUnused ? undefined : parseTimestamp(after.slice(0, timeEnd - 1), ctx);
        const cut = prefix + timeEnd;
        if (!coloured) {
          emit(framedPayload(raw, line, cut, [ANSI_STEP], time));
          return;
        }
        // The colour codes wrap the name: where the payload starts in the raw line is traced back.
        const steps = [ANSI_STEP, skipStep(cut)];
        const text = stripAnsi(after.slice(timeEnd));
        const column = traceBack(raw, steps, 0);
        emit(payloadLine(text, line, column, time, (index) => ({ line, offset: traceBack(raw, steps, index) })));
      },
      end() {},
    };
  },
} satisfies Envelope;
