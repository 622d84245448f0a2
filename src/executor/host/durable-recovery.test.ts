/**
 * What a restarted executor makes of a durable pod's directory in the cases that are not a plain
 * adoption: a pid that now names another process, a bwrap killed from outside, an executor that
 * stopped before or during the spawn, and pods that cannot run durably.
 */
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { testPod } from "../executor-suite.js";
import { INTERRUPTED } from "./durable-process.js";
import { isSameProcess, isSpawned, readDurableStatus, writeLaunchRecord } from "./durable-record.js";
import { abPod, countLines, durableHarness, isRunning, killRecorded, until } from "./durable-suite.js";
import { podPaths } from "./pod-dir.js";
import { fileContains } from "./test-host.js";

const { newHome, open, start } = durableHarness();

describe("a restarted executor", () => {
  it("are not adopted when the recorded pid now names another process", async () => {
    const home = await newHome();
    const pod = testPod({ command: ["sleep", "30"] });
    const first = open(home, "bwrap");
    await start(first, home, pod);
    await first.close();
    const paths = podPaths(home, pod.podName);
    await until(() => readDurableStatus(paths).childPid !== undefined); // bwrap has reported
    const real = readDurableStatus(paths).record;
    // Same pid, another start time: what a reused pid looks like.
    const lines = (await readFile(paths.status, "utf8")).trimEnd().split("\n");
    const forged = lines.map((line) => {
      const doc = JSON.parse(line) as { "argosy-spawned"?: { startTime: string } };
      const spawned = doc["argosy-spawned"];
      if (spawned) spawned.startTime = String(Number(spawned.startTime) + 1);
      return JSON.stringify(doc);
    });
    await writeFile(paths.status, `${forged.join("\n")}\n`);
    expect(readDurableStatus(paths).record?.startTime).not.toBe(real?.startTime);
    const second = open(home, "bwrap");
    await second.start(pod);
    expect(await second.wait(pod.podName)).toMatchObject({ exitCode: -1, error: INTERRUPTED });
    // The real process was not touched; clean it up.
    expect(real && isSpawned(real) && isSameProcess(real)).toBe(true);
    await killRecorded(home, pod.podName, real);
  });
  it("are reported as interrupted, their sandbox stopped, when bwrap was killed meanwhile", async () => {
    const home = await newHome();
    const pod = testPod({ command: ["sleep", "30"] });
    const first = open(home, "bwrap");
    await start(first, home, pod);
    await first.close();
    const paths = podPaths(home, pod.podName);
    const record = readDurableStatus(paths).record;
    if (!record || !isSpawned(record)) throw new Error("no process recorded");
    await until(() => readDurableStatus(paths).childPid !== undefined);
    const sandboxInit = readDurableStatus(paths).childPid as number;
    process.kill(record.pid, "SIGKILL"); // bwrap alone: nothing ties the sandbox to it
    await until(() => !isSameProcess(record));
    expect(isRunning(sandboxInit)).toBe(true);
    const second = open(home, "bwrap");
    await second.start(pod);
    expect(await second.wait(pod.podName)).toMatchObject({ exitCode: -1, error: INTERRUPTED });
    await until(() => !isRunning(sandboxInit));
  });
  it("start afresh when the executor died before spawning them", async () => {
    const home = await newHome();
    const pod = testPod({ command: ["echo", "fresh"] });
    await mkdir(join(home, "pods", pod.podName, "root"), { recursive: true });
    const executor = open(home, "bwrap");
    await start(executor, home, pod);
    expect(await executor.wait(pod.podName)).toMatchObject({ exitCode: 0, result: "fresh" });
  });
  it("keep today's behaviour for pods with sidecars: interrupted after a restart", async () => {
    const home = await newHome();
    const pod = testPod(
      { command: ["sh", "-c", "sleep 30"] },
      { sidecars: [{ name: "side", image: "busybox", command: ["sleep", "30"] }] },
    );
    const first = open(home, "bwrap");
    await start(first, home, pod);
    await first.close(); // kills it: it cannot outlive its executor
    await rm(join(home, "pods", pod.podName, "result.json"));
    await rm(join(home, "pods", pod.podName, "exitcode"));
    const second = open(home, "bwrap");
    await second.start(pod);
    expect(await second.wait(pod.podName)).toMatchObject({ exitCode: -1, error: INTERRUPTED });
  });

  it("finds a pod through bwrap's report when the executor stopped before recording its pid", async () => {
    const home = await newHome();
    const runs = join(home, "runs");
    const pod = abPod(runs);
    const first = open(home, "bwrap");
    await start(first, home, pod);
    const paths = podPaths(home, pod.podName);
    await fileContains(first.logPath(pod.podName), " a\n");
    await first.close();
    // What a crash between the spawn and the pid line leaves: the launch record and bwrap's report.
    const lines = (await readFile(paths.status, "utf8")).trimEnd().split("\n");
    await writeFile(paths.status, `${lines.filter((l) => !l.includes("argosy-spawned")).join("\n")}\n`);
    expect(readDurableStatus(paths).record?.pid).toBeUndefined();
    const second = open(home, "bwrap");
    await second.start(pod);
    expect(await second.wait(pod.podName)).toMatchObject({ exitCode: 0, result: "a\nb" });
    expect(await countLines(join(runs, "count"))).toBe(1);
  });

  it("runs a pod whose launch was recorded but that bwrap never reported", async () => {
    const home = await newHome();
    const runs = join(home, "runs");
    const pod = abPod(runs, "0");
    const paths = podPaths(home, pod.podName);
    await mkdir(paths.root, { recursive: true });
    const record = {
      sandboxed: true,
      podStartedAt: new Date().toISOString(),
      outputs: { cwd: "/" },
      warnings: [],
    };
    writeLaunchRecord(paths, record).close();
    const executor = open(home, "bwrap");
    await start(executor, home, pod);
    expect(await executor.wait(pod.podName)).toMatchObject({ exitCode: 0, result: "a\nb" });
    expect(await countLines(join(runs, "count"))).toBe(1);
  });

  it("reports a plain pod whose pid was never recorded as interrupted", async () => {
    const home = await newHome();
    const pod = testPod({ command: ["true"] });
    const paths = podPaths(home, pod.podName);
    await mkdir(paths.root, { recursive: true });
    const record = {
      sandboxed: false,
      podStartedAt: new Date().toISOString(),
      outputs: { cwd: "/" },
      warnings: [],
    };
    writeLaunchRecord(paths, record).close();
    const executor = open(home, "none");
    await start(executor, home, pod);
    expect(await executor.wait(pod.podName)).toMatchObject({ exitCode: -1, error: INTERRUPTED });
  });
});
