/**
 * The durable pods' test harness (excluded from the build, as the executor suite is): fresh homes,
 * executors and pods, all cleaned up after each test (killed, even when a test let go of them or
 * left them to another executor), and helpers to watch recorded processes.
 */
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { testPod } from "../executor-suite.js";
import type { PodSpec } from "../types.js";
import {
  isSameProcess,
  isSpawned,
  type ProcessRecord,
  readDurableStatus,
  readProcStat,
} from "./durable-record.js";
import { createHostExecutor, type HostExecutor } from "./host-executor.js";
import { podPaths } from "./pod-dir.js";
import { killTree } from "./signals.js";

type Mode = "bwrap" | "none";

/** Registers the set-up and clean-up hooks; call once at the top of a test file. */
export function durableHarness() {
  let userlandDir = "";
  let scratch = "";
  let homes = 0;
  const opened: HostExecutor[] = [];
  const started: { home: string; podName: string }[] = [];
  beforeAll(async () => {
    userlandDir = await mkdtemp(join(tmpdir(), "argosy-userland-"));
    scratch = await mkdtemp(join(tmpdir(), "argosy-durable-"));
  });
  afterEach(async () => {
    for (const executor of opened.splice(0)) {
      await executor.killAll();
      await executor.close();
    }
    for (const pod of started.splice(0)) await killRecorded(pod.home, pod.podName);
  });
  afterAll(async () => {
    await rm(userlandDir, { recursive: true, force: true });
    await rm(scratch, { recursive: true, force: true });
  });
  return {
    userlandDir: () => userlandDir,
    async newHome(): Promise<string> {
      homes += 1;
      const home = join(scratch, `home-${homes}`);
      await mkdir(home);
      return home;
    },
    /** A durable executor (unless told otherwise) on `home`, closed after the test. */
    open(home: string, sandbox: Mode, durable = true): HostExecutor {
      const executor = createHostExecutor({ home, sandbox, userlandDir, durable, killGraceMs: 200 });
      opened.push(executor);
      return executor;
    },
    /** Starts `pod`, remembering it for clean-up. */
    async start(executor: HostExecutor, home: string, pod: PodSpec): Promise<void> {
      started.push({ home, podName: pod.podName });
      await executor.start(pod);
    },
    /** Remembers a pod started some other way, for clean-up. */
    track(home: string, podName: string): void {
      started.push({ home, podName });
    },
  };
}

/** SIGKILLs a recorded durable process that is still the recorded one, its sandbox included. */
export async function killRecorded(home: string, podName: string, known?: ProcessRecord): Promise<void> {
  const paths = podPaths(home, podName);
  const record = known ?? readDurableStatus(paths).record;
  if (!record || !isSpawned(record) || !isSameProcess(record)) return;
  // The sandbox outlives a killed bwrap: wait for bwrap to say which process it is.
  if (record.sandboxed) {
    await until(() => readDurableStatus(paths).childPid !== undefined || !isSameProcess(record));
  }
  const sandboxInit = readDurableStatus(paths).childPid;
  killTree(record.pid, sandboxInit);
  await until(() => !isSameProcess(record) && (sandboxInit === undefined || !isRunning(sandboxInit)));
}

export const isRunning = (pid: number): boolean => {
  const stat = readProcStat(pid);
  return stat !== undefined && stat.state !== "Z";
};

/** Resolves once `done` holds (the test's timeout is the failure). */
export async function until(done: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await done())) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** Resolves once the pod's recorded process has ended. */
export async function processEnded(home: string, podName: string): Promise<void> {
  const record = readDurableStatus(podPaths(home, podName)).record;
  if (!record || !isSpawned(record)) throw new Error(`no process recorded for ${podName}`);
  await until(() => !isSameProcess(record));
}

/** The log's lines without their timestamps, each checked to have one. */
export async function logLines(path: string): Promise<string[]> {
  const lines = (await readFile(path, "utf8")).trimEnd().split("\n");
  for (const line of lines) expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z /);
  return lines.map((line) => line.slice(31));
}

export const countLines = async (path: string): Promise<number> =>
  (await readFile(path, "utf8")).split("\n").filter(Boolean).length;

/** A pod that counts its runs in the host folder `runs`, prints a, then b after `sleep` seconds. */
export function abPod(runs: string, sleep = "1"): PodSpec {
  return testPod(
    {
      command: ["sh", "-c", `echo run >> /runs/count; echo a; sleep ${sleep}; echo b; echo out > /tmp/param`],
      volumeMounts: [{ name: "runs", mountPath: "/runs" }],
    },
    {
      volumes: [{ name: "runs", hostPath: { path: runs, type: "DirectoryOrCreate" } }],
      outputParameters: [{ name: "param", path: "/tmp/param" }],
      outputArtifacts: [{ name: "art", path: "/tmp/param" }],
    },
  );
}
