/**
 * The container log of a durable pod. Its process writes stdout and stderr straight to files (no
 * pipe to Node, so it outlives the executor); this tails both files into `main.log` as
 * timestamped lines, the form `openLogSink` writes for piped pods. How far it got is recorded in
 * `log-offsets` (bytes consumed of each stream, and `main.log`'s size right after), so an executor
 * that adopts the pod later resumes where the last one stopped: `main.log` is first cut back to the
 * recorded size, dropping lines whose offsets were never recorded, and so no line appears twice.
 *
 * Reads and writes are synchronous: a few small page-cache operations per tick are cheaper than
 * promise round trips through the thread pool, and nothing can interleave within a tick.
 */
import {
  closeSync,
  existsSync,
  type FSWatcher,
  fstatSync,
  ftruncateSync,
  openSync,
  readSync,
  watch,
  writeSync,
} from "node:fs";
import { formatTimestamp, type NanoClock, systemNanoClock } from "./logs.js";
import type { PodPaths } from "./pod-dir.js";

/** A running tail; every method is a no-op once it has stopped. */
export interface LogTail {
  /** Copies the whole lines written since the last call. */
  poll(): void;
  /** Copies everything left, an unterminated last line included, and stops. */
  finish(): void;
  /** Stops without reading further; a later tail resumes from the recorded offsets. */
  stop(): void;
}

const NEWLINE = 0x0a;
/** A line longer than this is cut into pieces of this size (Docker and CRI cut at 16 KiB). */
const CHUNK = 64 * 1024;
/** Shared by every tail: reads are synchronous, so one buffer serves them all. */
const buffer = Buffer.alloc(CHUNK);
/** Three offsets of 20 digits: rewritten in place, the file always has the same length. */
const OFFSET_DIGITS = 20;
/** How often the files are checked besides change events (a missed event costs at most this). */
const DEFAULT_INTERVAL_MS = 150;

interface Stream {
  fd: number;
  offset: number;
}

/**
 * Starts tailing the pod's `stdout` and `stderr` (both must exist) into its `main.log`. With
 * `resume`, continues from `log-offsets` when there is one; otherwise starts both files afresh.
 */
export function startLogTail(opts: {
  paths: PodPaths;
  resume: boolean;
  /**
   * Keep `log-offsets` up to date, so a later executor can resume. A pod that dies with its
   * executor needs none: one file less. @default true
   */
  recordOffsets?: boolean;
  intervalMs?: number;
  clock?: NanoClock;
}): LogTail {
  const { paths } = opts;
  const clock = opts.clock ?? systemNanoClock;
  const { logFd, streams, recordedSize } = openFiles(paths, opts.resume);
  // Opened once there is something to record: a pod that prints nothing costs one file less.
  let offsetsFd: number | undefined;
  let logSize = recordedSize ?? 0;
  let stopped = false;
  let scheduled = false;

  const copy = (final: boolean) => {
    let moved = false;
    for (const stream of streams) {
      for (;;) {
        const lines = readLines(stream, final, clock);
        if (!lines) break;
        writeSync(logFd, lines, 0, lines.length, logSize);
        logSize += lines.length;
        moved = true;
      }
    }
    if (!moved || opts.recordOffsets === false) return;
    offsetsFd ??= openSync(paths.logOffsets, "w");
    writeOffsets(offsetsFd, [streams[0]?.offset ?? 0, streams[1]?.offset ?? 0, logSize]);
  };
  const stop = () => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    for (const w of watchers) w.close();
    for (const fd of [offsetsFd, logFd, ...streams.map((s) => s.fd)]) if (fd !== undefined) closeSync(fd);
  };
  const poll = () => {
    if (stopped) return;
    try {
      copy(false);
    } catch {
      stop(); // a log that cannot be written must not take the executor down
    }
  };
  const schedule = () => {
    if (scheduled || stopped) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      poll();
    });
  };
  const watchers: FSWatcher[] = [];
  let watching = false;
  const watchFiles = () => {
    watching = true;
    for (const file of [paths.stdout, paths.stderr]) {
      try {
        // Not persistent: a tail never keeps the process alive on its own.
        watchers.push(watch(file, { persistent: false }, schedule).on("error", () => {}));
      } catch {
        // No inotify watch left: the interval still picks the lines up.
      }
    }
  };
  // Change events only from the first tick on: most pods are over by then, and a watch costs
  // more to set up and tear down than the whole tail of a short pod.
  const timer = setInterval(() => {
    if (!watching && !stopped) watchFiles();
    poll();
  }, opts.intervalMs ?? DEFAULT_INTERVAL_MS);
  poll();
  return {
    poll,
    finish() {
      if (stopped) return;
      try {
        copy(true);
      } catch {
        // as in poll
      }
      stop();
    },
    stop,
  };
}

/**
 * Reads the next run of whole lines of `stream` (all that is left when `final`) and returns them
 * as timestamped `main.log` lines, advancing its offset; undefined when there is nothing to copy.
 */
function readLines(stream: Stream, final: boolean, clock: NanoClock): Buffer | undefined {
  const n = readSync(stream.fd, buffer, 0, CHUNK, stream.offset);
  if (n === 0) {
    // Truncated (`echo x > /dev/stderr` opens the file anew): what follows starts at 0 again.
    if (fstatSync(stream.fd).size < stream.offset) stream.offset = 0;
    return undefined;
  }
  const lastNewline = buffer.subarray(0, n).lastIndexOf(NEWLINE);
  // An unterminated line waits for its end, unless the stream is over or the line fills the buffer.
  const end = final || (lastNewline < 0 && n === CHUNK) ? n : lastNewline + 1;
  if (end === 0) return undefined;
  stream.offset += end;
  const stamp = Buffer.from(`${formatTimestamp(clock())} `);
  const parts: Buffer[] = [];
  let start = 0;
  while (start < end) {
    const nl = buffer.indexOf(NEWLINE, start);
    const lineEnd = nl < 0 || nl >= end ? end : nl;
    parts.push(stamp, buffer.subarray(start, lineEnd), NEWLINE_BUFFER);
    start = lineEnd + 1;
  }
  return Buffer.concat(parts);
}

const NEWLINE_BUFFER = Buffer.from("\n");

/**
 * Opens `main.log` and both streams. Resuming from recorded offsets, `main.log` is cut back to its
 * recorded size: lines written after the offsets were last recorded are about to be copied again.
 * Without usable offsets, everything is copied from the start.
 */
function openFiles(paths: PodPaths, resume: boolean) {
  const opened: number[] = [];
  const open = (path: string, flags: string) => {
    const fd = openSync(path, flags);
    opened.push(fd);
    return fd;
  };
  try {
    const canResume = resume && existsSync(paths.mainLog);
    const logFd = open(paths.mainLog, canResume ? "r+" : "w");
    let recorded = canResume && existsSync(paths.logOffsets) ? readOffsetsFile(paths.logOffsets) : undefined;
    if (recorded && fstatSync(logFd).size < (recorded[2] ?? 0)) recorded = undefined;
    if (canResume) ftruncateSync(logFd, recorded?.[2] ?? 0);
    const streams: Stream[] = [
      { fd: open(paths.stdout, "r"), offset: recorded?.[0] ?? 0 },
      { fd: open(paths.stderr, "r"), offset: recorded?.[1] ?? 0 },
    ];
    return { logFd, streams, recordedSize: recorded?.[2] };
  } catch (err) {
    for (const fd of opened) closeSync(fd);
    throw err;
  }
}

function readOffsetsFile(path: string): number[] | undefined {
  const fd = openSync(path, "r");
  try {
    return readOffsets(fd);
  } finally {
    closeSync(fd);
  }
}

function readOffsets(fd: number): number[] | undefined {
  const text = Buffer.alloc(3 * (OFFSET_DIGITS + 1));
  const n = readSync(fd, text, 0, text.length, 0);
  const numbers = text.subarray(0, n).toString("latin1").trim().split(/\s+/).map(Number);
  return numbers.length === 3 && numbers.every((x) => Number.isSafeInteger(x) && x >= 0)
    ? numbers
    : [0, 0, 0];
}

function writeOffsets(fd: number, offsets: number[]): void {
  const text = Buffer.from(`${offsets.map((o) => String(o).padStart(OFFSET_DIGITS, "0")).join(" ")}\n`);
  writeSync(fd, text, 0, text.length, 0);
}
