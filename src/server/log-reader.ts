/**
 * Reading one container log file (`2024-01-01T00:00:00.123456789Z text` per line) the way the
 * Kubernetes log API serves it: from the last `tailLines` lines, from `sinceTime`, up to
 * `limitBytes`, and incrementally for `follow`. The file is read in bounded chunks from a byte
 * offset, so a large log is never held in memory and a followed one costs one `read` per poll.
 */
import { open, stat } from "node:fs/promises";

/** One log line: its RFC 3339 timestamp (fixed nine fractional digits, so strings sort) and text. */
export interface LogLine {
  timestamp: string;
  content: string;
  /** The line as written, timestamp included. */
  raw: string;
}

const stampPattern = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d) /;

/** Splits a line into its timestamp and text; a line without a timestamp keeps `fallback`'s. */
export function parseLogLine(raw: string, fallback: string): LogLine {
  const m = stampPattern.exec(raw);
  if (!m) return { timestamp: fallback, content: raw, raw };
  return { timestamp: raw.slice(0, m[0].length - 1), content: raw.slice(m[0].length), raw };
}

const chunkSize = 1 << 20;
const newline = 0x0a;

/** Where the last `n` lines of a file start (0 when it has fewer). */
export async function tailOffset(path: string, n: number): Promise<number> {
  const handle = await open(path, "r");
  try {
    const { size } = await handle.stat();
    if (n <= 0) return size;
    let end = size;
    let seen = 0;
    const block = Buffer.alloc(64 * 1024);
    // The newline that ends the last line does not start a line.
    let skipLast = true;
    while (end > 0) {
      const start = Math.max(0, end - block.length);
      const { bytesRead } = await handle.read(block, 0, end - start, start);
      for (let i = bytesRead - 1; i >= 0; i--) {
        if (block[i] !== newline) {
          skipLast = false;
          continue;
        }
        if (skipLast) {
          skipLast = false;
          continue;
        }
        if (++seen === n) return start + i + 1;
      }
      end = start;
    }
    return 0;
  } finally {
    await handle.close();
  }
}

export interface LogReaderOptions {
  /** Start from the last this many lines. */
  tailLines?: number;
  /** Skip lines stamped before this time (ISO string, compared as text). */
  since?: string;
  /** Stop after this many bytes of lines. */
  limitBytes?: number;
}

/** Reads a growing log file line by line from where it last stopped. */
export class LogFileReader {
  private offset = -1;
  private partial = "";
  private lastStamp = "";
  private bytesOut = 0;

  constructor(
    readonly path: string,
    private readonly options: LogReaderOptions = {},
  ) {}

  /** False until the file exists (a pending pod has no log yet). */
  get started(): boolean {
    return this.offset >= 0;
  }

  /** True once `limitBytes` was reached: nothing more will be returned. */
  get exhausted(): boolean {
    return this.options.limitBytes !== undefined && this.bytesOut >= this.options.limitBytes;
  }

  private async begin(): Promise<boolean> {
    if (this.offset >= 0) return true;
    const exists = await stat(this.path).then(
      () => true,
      () => false,
    );
    if (!exists) return false;
    this.offset =
      this.options.tailLines !== undefined ? await tailOffset(this.path, this.options.tailLines) : 0;
    return true;
  }

  /**
   * The complete lines written since the last call, at most about one chunk of them; `more` says
   * whether another call would return more right away. With `final`, an unterminated last line is
   * returned too (the writer is done).
   */
  async read(final = false): Promise<{ lines: LogLine[]; more: boolean }> {
    if (this.exhausted || !(await this.begin())) return { lines: [], more: false };
    const handle = await open(this.path, "r");
    let text: string;
    let more: boolean;
    try {
      const { size } = await handle.stat();
      if (size < this.offset) this.offset = 0; // truncated: start over
      const length = Math.min(chunkSize, size - this.offset);
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, this.offset);
      this.offset += bytesRead;
      more = this.offset < size;
      text = this.partial + buffer.subarray(0, bytesRead).toString("utf8");
    } finally {
      await handle.close();
    }
    const parts = text.split("\n");
    this.partial = parts.pop() ?? "";
    if (final && !more && this.partial !== "") {
      parts.push(this.partial);
      this.partial = "";
    }
    return { lines: this.accept(parts), more };
  }

  private accept(raws: string[]): LogLine[] {
    const out: LogLine[] = [];
    for (const raw of raws) {
      if (this.exhausted) break;
      const line = parseLogLine(raw, this.lastStamp);
      this.lastStamp = line.timestamp;
      if (this.options.since !== undefined && line.timestamp !== "" && line.timestamp < this.options.since)
        continue;
      out.push(line);
      this.bytesOut += Buffer.byteLength(raw) + 1;
    }
    return out;
  }
}
