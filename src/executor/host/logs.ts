/**
 * Pod log files. `main.log` gets every line of stdout and stderr, in arrival order, prefixed with
 * an RFC3339 timestamp with nanosecond digits (`2024-01-01T00:00:00.123456789Z hello`), the form
 * `kubectl logs --timestamps` and Argo's log API produce. `stdout` gets main's raw stdout bytes.
 */
import { createWriteStream, type WriteStream } from "node:fs";
import { finished } from "node:stream/promises";

/** Nanoseconds since the Unix epoch. */
export type NanoClock = () => bigint;

// Anchored once to the wall clock, then advanced by the monotonic clock: line stamps never go
// backwards and keep sub-millisecond resolution that Date.now() lacks.
const epochOffset = BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint();

/** The default clock: wall time with nanosecond resolution. */
export const systemNanoClock: NanoClock = () => epochOffset + process.hrtime.bigint();

/** Formats nanoseconds since the epoch as RFC3339 in UTC with exactly nine fractional digits. */
export function formatTimestamp(ns: bigint): string {
  const ms = ns / 1_000_000n;
  const iso = new Date(Number(ms)).toISOString(); // 2024-01-01T00:00:00.123Z
  const fraction = (ns % 1_000_000_000n).toString().padStart(9, "0");
  return `${iso.slice(0, 19)}.${fraction}Z`;
}

/** Receives a pod's output streams and writes its log files. */
export interface LogSink {
  stdout(chunk: Buffer): void;
  stderr(chunk: Buffer): void;
  /** The last `tailBytes` bytes of stdout (or all of it when shorter). */
  stdoutTail(): Buffer;
  /** Writes any unterminated last lines, then closes both files. */
  close(): Promise<void>;
}

/** Keeps the last `limit` bytes of a stream without holding the rest. */
class TailBuffer {
  private chunks: Buffer[] = [];
  private size = 0;

  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.chunks.length > 1 && this.size - (this.chunks[0]?.length ?? 0) >= this.limit) {
      this.size -= this.chunks.shift()?.length ?? 0;
    }
  }

  bytes(): Buffer {
    const all = Buffer.concat(this.chunks, this.size);
    return all.length > this.limit ? all.subarray(all.length - this.limit) : all;
  }
}

const NEWLINE = 0x0a;

/** Splits a byte stream into lines, keeping an unterminated tail until more bytes come. */
class LineSplitter {
  private pending: Buffer | undefined;

  constructor(private readonly onLine: (line: Buffer) => void) {}

  push(chunk: Buffer): void {
    let start = 0;
    let nl = chunk.indexOf(NEWLINE, start);
    while (nl !== -1) {
      const piece = chunk.subarray(start, nl);
      this.onLine(this.pending ? Buffer.concat([this.pending, piece]) : piece);
      this.pending = undefined;
      start = nl + 1;
      nl = chunk.indexOf(NEWLINE, start);
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      this.pending = this.pending ? Buffer.concat([this.pending, rest]) : Buffer.from(rest);
    }
  }

  flush(): void {
    if (this.pending) this.onLine(this.pending);
    this.pending = undefined;
  }
}

/**
 * Opens (truncating) the container's log (`mainLog`, named for main's) and, when given, the raw
 * `stdout` file, and returns the sink that fills them.
 */
export function openLogSink(opts: {
  mainLog: string;
  stdout?: string;
  tailBytes: number;
  clock?: NanoClock;
}): LogSink {
  const clock = opts.clock ?? systemNanoClock;
  const tail = new TailBuffer(opts.tailBytes);
  const log = openFile(opts.mainLog);
  const raw = opts.stdout !== undefined ? openFile(opts.stdout) : undefined;
  const writeLine = (line: Buffer) => {
    log.stream.write(Buffer.concat([Buffer.from(`${formatTimestamp(clock())} `), line, Buffer.from("\n")]));
  };
  const out = new LineSplitter(writeLine);
  const err = new LineSplitter(writeLine);
  return {
    stdout(chunk) {
      raw?.stream.write(chunk);
      tail.push(chunk);
      out.push(chunk);
    },
    stderr(chunk) {
      err.push(chunk);
    },
    stdoutTail: () => tail.bytes(),
    async close() {
      out.flush();
      err.flush();
      await Promise.all([log.end(), raw?.end()]);
    },
  };
}

interface OpenFile {
  stream: WriteStream;
  end(): Promise<void>;
}

function openFile(path: string): OpenFile {
  const stream = createWriteStream(path);
  // A log that cannot be written is reported by end(), not thrown at the controller.
  stream.on("error", () => {});
  return {
    stream,
    end: async () => {
      stream.end();
      await finished(stream);
    },
  };
}
