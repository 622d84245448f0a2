/**
 * Starting a pod whose directory already exists: the pod ran before, under this or an earlier
 * executor instance. It is never run twice: its recorded result is reported, a durable main that
 * still runs is adopted, one that ended meanwhile is collected.
 */
import { statSync } from "node:fs";
import { posix } from "node:path";
import { assertNever } from "../../util/errors.js";
import type { PodResult, PodSpec } from "../types.js";
import { collectDurablePod } from "./adoption.js";
import { releaseCgroup } from "./cgroup.js";
import { INTERRUPTED } from "./durable-process.js";
import {
  bootId,
  bwrapOf,
  isSameProcess,
  isSpawned,
  type ProcessRecord,
  readDurableStatus,
  type SpawnedRecord,
  stopOrphanedSandbox,
} from "./durable-record.js";
import { collectOutputParameters, readResult } from "./outputs.js";
import { hostPathInRoot, type PodPaths, readRecordedState, writeRecordedResult } from "./pod-dir.js";
import { failedResult } from "./pod-run.js";
import type { SandboxState } from "./sandbox-state.js";

/** What to do with a pod `start` was asked for. */
export type Recovery =
  /** It never ran (or never got as far as spawning its durable main): run it now. */
  | { kind: "run" }
  /** It is over: report this. */
  | { kind: "done"; result: PodResult }
  /** Its durable main still runs: adopt it. */
  | { kind: "adopt"; record: SpawnedRecord };

/**
 * Reads the pod directory:
 * - no directory: run;
 * - finished: the recorded result;
 * - exited but outputs never collected (the executor stopped in between): collected now;
 * - a durable main: adopted while its recorded process runs; collected when bwrap recorded its
 *   exit code; otherwise interrupted (a plain process leaves no exit code behind). Launched but
 *   its pid never recorded: in the sandbox, found through bwrap's `child-pid`, or, without one,
 *   known never to have run (so it runs now); without the sandbox, interrupted;
 * - no durable record: with `durable` (the pod would have been recorded before its spawn), it
 *   never spawned and runs now; otherwise its process was lost with its supervisor: interrupted.
 */
export async function recoverPod(opts: {
  pod: PodSpec;
  paths: PodPaths;
  startedAt: string;
  sandbox: () => Promise<SandboxState>;
  /** The pod would run durably, so a spawn would have left a record in `status`. */
  durable: boolean;
}): Promise<Recovery> {
  const { pod, paths } = opts;
  const state = await readRecordedState(paths);
  switch (state.kind) {
    case "absent":
      return { kind: "run" };
    case "finished":
      return { kind: "done", result: state.result };
    case "exited": {
      const { exitCode } = state;
      const { record } = readDurableStatus(paths);
      const result = record
        ? await collect({ pod, paths, record, exitCode })
        : await collectPiped(opts, exitCode);
      return { kind: "done", result };
    }
    case "interrupted":
      return recoverDurable(opts);
    default:
      return assertNever(state, "recorded state");
  }
}

/** A pod with neither `exitcode` nor `result.json`: what its `status` says. */
async function recoverDurable(opts: {
  pod: PodSpec;
  paths: PodPaths;
  startedAt: string;
  durable: boolean;
}): Promise<Recovery> {
  const { pod, paths } = opts;
  const status = readDurableStatus(paths);
  let { record } = status;
  // Never launched: the executor stopped before the spawn. A pod not run durably lost its pipes.
  if (!record) {
    if (opts.durable) return { kind: "run" };
    return { kind: "done", result: await interrupted(pod, paths, opts.startedAt) };
  }
  if (record.sandboxed && status.exitCode !== undefined) {
    // bwrap wrote the exit code last: the status file's time is when the pod ended.
    const finishedAt = statSync(paths.status).mtime.toISOString();
    const exitCode = status.exitCode;
    return { kind: "done", result: await collect({ pod, paths, record, exitCode, finishedAt }) };
  }
  if (!isSpawned(record) && record.sandboxed) {
    // The executor stopped between the launch record and the pid line. bwrap reports its
    // sandbox's pid 1 right after cloning it: without that report, the command never ran.
    if (status.childPid === undefined) {
      if (record.cgroup) await releaseCgroup(record.cgroup);
      if (opts.durable) return { kind: "run" };
    } else {
      const bwrap = bwrapOf(status.childPid);
      if (bwrap) record = { ...record, ...bwrap, bootId: bootId() };
    }
  }
  if (isSpawned(record) && isSameProcess(record)) return { kind: "adopt", record };
  if (record.sandboxed) stopOrphanedSandbox(paths, record);
  return { kind: "done", result: await interrupted(pod, paths, record.podStartedAt) };
}

function collect(opts: {
  pod: PodSpec;
  paths: PodPaths;
  record: ProcessRecord;
  exitCode: number;
  finishedAt?: string;
}): Promise<PodResult> {
  return collectDurablePod({
    ...opts,
    exit: { exitCode: opts.exitCode },
    // Known only to the executor that watched it; a deadline past is not claimed after the fact.
    deadlineExceeded: false,
    logsDone: false,
  });
}

/** A piped pod that exited: main's outputs, read where its plan would have put them (no volumes). */
async function collectPiped(
  opts: { pod: PodSpec; paths: PodPaths; startedAt: string; sandbox: () => Promise<SandboxState> },
  exitCode: number,
): Promise<PodResult> {
  const { pod, paths, startedAt } = opts;
  const sandboxed = (await opts.sandbox()).kind === "bwrap";
  const workingDir = posix.resolve("/", pod.main.workingDir ?? "/");
  const params = await collectOutputParameters({
    params: pod.outputParameters ?? [],
    root: sandboxed ? paths.root : undefined,
    cwd: sandboxed ? workingDir : hostPathInRoot(paths.root, workingDir),
  });
  const result: PodResult = {
    podName: pod.podName,
    exitCode,
    result: await readResult(paths.stdout),
    ...params,
    warnings: [],
    startedAt,
    finishedAt: startedAt,
  };
  await writeRecordedResult(paths, result);
  return result;
}

async function interrupted(pod: PodSpec, paths: PodPaths, startedAt: string): Promise<PodResult> {
  const result = failedResult(pod.podName, INTERRUPTED, startedAt);
  await writeRecordedResult(paths, result);
  return result;
}
