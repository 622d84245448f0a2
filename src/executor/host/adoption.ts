/**
 * Durable pods met again by a restarted executor: one whose process still runs is adopted and
 * watched to its end; one that ended while no executor watched is collected. Either way the pod's
 * result is made as for a pod this executor ran itself (same outputs, logs, exit code files).
 */
import type { PodResult, PodSpec } from "../types.js";
import { releaseCgroup } from "./cgroup.js";
import { adoptProcess } from "./durable-process.js";
import type { ProcessRecord, SpawnedRecord } from "./durable-record.js";
import { startLogTail } from "./log-tail.js";
import { readResult } from "./outputs.js";
import { type PodPaths, writeExitCode, writeRecordedResult } from "./pod-dir.js";
import type { ProcessExit } from "./pod-process.js";
import { assemblePodResult } from "./pod-result.js";
import { never, type PodRun } from "./pod-run.js";
import { oomKilledMessage } from "./resources.js";

/**
 * Whether the pod's main can outlive the executor: only a pod that is main alone. Init containers,
 * sidecars and containerSets are sequenced by the executor itself, and a tty's `script(1)` is tied
 * to it; those pods die with the executor and are reported as interrupted (ARCHITECTURE.md).
 */
export function canRunDurably(pod: PodSpec): boolean {
  return !pod.initContainers?.length && !pod.sidecars?.length && !pod.containerSet && pod.main.tty !== true;
}

/** Watches an adopted pod until it ends (kill and deadline work as for any pod), then collects it. */
export async function adoptPod(opts: {
  pod: PodSpec;
  paths: PodPaths;
  record: SpawnedRecord;
  run: PodRun;
  graceMs: number;
}): Promise<PodResult> {
  const { pod, record, run } = opts;
  if (run.abandoned) return never(); // the executor closed while reading the pod directory
  const proc = adoptProcess({ record, paths: opts.paths, graceMs: opts.graceMs });
  run.track(proc);
  run.markStarted();
  // The deadline still counts from when the pod first started, not from the adoption.
  const deadline =
    pod.activeDeadlineSeconds !== undefined
      ? setTimeout(
          () => run.stop("deadline"),
          Math.max(0, Date.parse(record.podStartedAt) + pod.activeDeadlineSeconds * 1000 - Date.now()),
        ).unref() // the poll keeps the process alive while the pod runs
      : undefined;
  let exit: ProcessExit;
  try {
    exit = await proc.exited;
  } finally {
    if (deadline) clearTimeout(deadline);
    run.untrack(proc);
  }
  return collectDurablePod({
    pod,
    paths: opts.paths,
    record,
    exit,
    deadlineExceeded: run.deadlineExceeded,
    logsDone: true,
  });
}

/**
 * Makes and records the result of a durable pod whose main has exited: the rest of its output
 * into `main.log` (unless `logsDone`), its cgroup released (OOM read), outputs collected, then
 * `exitcode` and `result.json` written.
 */
export async function collectDurablePod(opts: {
  pod: PodSpec;
  paths: PodPaths;
  record: ProcessRecord;
  exit: ProcessExit;
  deadlineExceeded: boolean;
  logsDone: boolean;
  /** @default now */
  finishedAt?: string;
}): Promise<PodResult> {
  const { pod, paths, record, exit } = opts;
  if (!opts.logsDone) {
    try {
      startLogTail({ paths, resume: true }).finish();
    } catch {
      // The log stays as it was; the result does not depend on it.
    }
  }
  const { oomKilled } = record.cgroup ? await releaseCgroup(record.cgroup) : { oomKilled: false };
  const oom = oomKilled && exit.exitCode > 0 && exit.error === undefined;
  const error = oom ? oomKilledMessage(exit.exitCode) : exit.error;
  const result = await assemblePodResult({
    pod,
    exitCode: exit.exitCode,
    ...(error !== undefined ? { error } : {}),
    result: await readResult(paths.stdout),
    // -1: it never ran, or how it ended is unknown; either way its files are not its outputs.
    outputs: exit.exitCode === -1 ? undefined : record.outputs,
    deadlineExceeded: opts.deadlineExceeded,
    warnings: record.warnings,
    startedAt: record.podStartedAt,
    ...(opts.finishedAt !== undefined ? { finishedAt: opts.finishedAt } : {}),
  });
  await writeExitCode(paths, exit.exitCode);
  await writeRecordedResult(paths, result);
  return result;
}
