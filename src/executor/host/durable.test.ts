/**
 * Durable pods (host executor option `durable`): they outlive their executor, which a test
 * simulates by closing it (or, once, by really SIGKILLing a Node process running it), and are
 * adopted or collected by the next one on the same home.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { testPod } from "../executor-suite.js";
import type { PodSpec } from "../types.js";
import { INTERRUPTED, UNKNOWN_EXIT } from "./durable-process.js";
import { isSameProcess, isSpawned, readDurableStatus } from "./durable-record.js";
import { abPod, countLines, durableHarness, isRunning, logLines, processEnded } from "./durable-suite.js";
import { podPaths } from "./pod-dir.js";
import { fileContains } from "./test-host.js";

const { newHome, open, start, track, userlandDir } = durableHarness();

/** Executor processes a test started; killed after it, should it fail before they end. */
const children = new Set<ChildProcess>();
afterEach(() => {
  for (const child of children) child.kill("SIGKILL");
  children.clear();
});

describe("durable pods in the sandbox", () => {
  it("are adopted by a new executor after the first one let go of them", async () => {
    const home = await newHome();
    const runs = join(home, "runs");
    const pod = abPod(runs);
    const first = open(home, "bwrap");
    await start(first, home, pod);
    await fileContains(first.logPath(pod.podName), " a\n");
    await first.close(); // as if the controller died: the pod is left running

    const second = open(home, "bwrap");
    await second.start(pod);
    const result = await second.wait(pod.podName);
    expect(result).toMatchObject({ exitCode: 0, result: "a\nb", outputParameters: { param: "out" } });
    expect(result.error).toBeUndefined();
    expect(result.outputArtifacts?.art?.hostPath).toBe(join(home, "pods", pod.podName, "root/tmp/param"));
    expect(await logLines(second.logPath(pod.podName))).toEqual(["a", "b"]);
    expect(await countLines(join(runs, "count"))).toBe(1);
    expect(await readFile(join(home, "pods", pod.podName, "exitcode"), "utf8")).toBe("0\n");
    expect(await second.wait(pod.podName)).toEqual(result);
  });

  it("survive their executor's process being killed with SIGKILL", async () => {
    const home = await newHome();
    const runs = join(home, "runs");
    const pod = abPod(runs);
    track(home, pod.podName);
    const { child, exit } = await runExecutorProcess(home, pod);
    await fileContains(join(home, "pods", pod.podName, "main.log"), " a\n");
    child.kill("SIGKILL");
    await exit;

    const second = open(home, "bwrap");
    await second.start(pod);
    const result = await second.wait(pod.podName);
    expect(result).toMatchObject({ exitCode: 0, result: "a\nb", outputParameters: { param: "out" } });
    expect(await logLines(second.logPath(pod.podName))).toEqual(["a", "b"]);
    expect(await countLines(join(runs, "count"))).toBe(1);
  });

  it("do not keep a closed executor's Node process alive", async () => {
    const home = await newHome();
    const pod = testPod({ command: ["sleep", "30"] }, { activeDeadlineSeconds: 60 });
    track(home, pod.podName);
    const { exit } = await runExecutorProcess(home, pod, "close");
    expect(await exit).toBe(0);
    const record = readDurableStatus(podPaths(home, pod.podName)).record;
    expect(record && isSpawned(record) && isSameProcess(record)).toBe(true);
  });

  it("are collected, not run again, when they ended while no executor watched", async () => {
    const home = await newHome();
    const runs = join(home, "runs");
    const pod = abPod(runs, "0.2");
    const failing = testPod({ command: ["sh", "-c", "sleep 0.2; echo bad >&2; exit 3"] });
    const first = open(home, "bwrap");
    await start(first, home, pod);
    await start(first, home, failing);
    await first.close();
    await processEnded(home, pod.podName);
    await processEnded(home, failing.podName);

    const second = open(home, "bwrap");
    await second.start(pod);
    const result = await second.wait(pod.podName);
    expect(result).toMatchObject({ exitCode: 0, result: "a\nb", outputParameters: { param: "out" } });
    expect(await logLines(second.logPath(pod.podName))).toEqual(["a", "b"]);
    expect(await countLines(join(runs, "count"))).toBe(1);
    await second.start(failing);
    expect(await second.wait(failing.podName)).toMatchObject({ exitCode: 3, result: "" });
    expect(await logLines(second.logPath(failing.podName))).toEqual(["bad"]);
  });

  it("log what a command writes to /dev/stderr, which is a file for them", async () => {
    const home = await newHome();
    const pod = testPod({ command: ["sh", "-c", "echo a; echo b > /dev/stderr; echo c"] });
    const executor = open(home, "bwrap");
    await start(executor, home, pod);
    expect(await executor.wait(pod.podName)).toMatchObject({ exitCode: 0, result: "a\nc" });
    expect((await logLines(executor.logPath(pod.podName))).sort()).toEqual(["a", "b", "c"]);
  });

  it("are killed through the adopting executor", async () => {
    const home = await newHome();
    const pod = testPod({ command: ["sh", "-c", "echo up; sleep 30"] });
    const first = open(home, "bwrap");
    await start(first, home, pod);
    await fileContains(first.logPath(pod.podName), " up\n");
    await first.close();
    const second = open(home, "bwrap");
    await second.start(pod);
    await second.kill(pod.podName);
    expect(await second.wait(pod.podName)).toMatchObject({ exitCode: 143, result: "up" });
  });

  it("keep their deadline, counted from their first start", async () => {
    const home = await newHome();
    const pod = testPod({ command: ["sleep", "30"] }, { activeDeadlineSeconds: 1 });
    const first = open(home, "bwrap");
    await start(first, home, pod);
    await first.close();
    const second = open(home, "bwrap");
    await second.start(pod);
    const result = await second.wait(pod.podName);
    expect(result).toMatchObject({ deadlineExceeded: true });
    expect(Date.parse(result.finishedAt) - Date.parse(result.startedAt)).toBeLessThan(10_000);
  });

  it("stay running when their executor closes, until killAll", async () => {
    const home = await newHome();
    const pod = testPod({ command: ["sleep", "30"] });
    const executor = open(home, "bwrap");
    await start(executor, home, pod);
    const record = readDurableStatus(podPaths(home, pod.podName)).record;
    if (!record || !isSpawned(record)) throw new Error("no process recorded");
    await executor.close();
    expect(isSameProcess(record)).toBe(true);
    const other = testPod({ command: ["sh", "-c", "echo up; sleep 30"] });
    const killer = open(home, "bwrap");
    await start(killer, home, other);
    await fileContains(killer.logPath(other.podName), " up\n");
    await killer.killAll();
    expect(await killer.wait(other.podName)).toMatchObject({ exitCode: 143 });
  });

  it("leave no sandbox behind when killed as soon as they started", async () => {
    const home = await newHome();
    const pod = testPod({ command: ["sleep", "30"] });
    const executor = open(home, "bwrap");
    await start(executor, home, pod);
    await executor.kill(pod.podName);
    expect([137, 143]).toContain((await executor.wait(pod.podName)).exitCode);
    const sandboxInit = readDurableStatus(podPaths(home, pod.podName)).childPid;
    expect(sandboxInit).toBeDefined();
    // The kernel may take a moment to tear the sandbox's pid namespace down after bwrap reported.
    for (let i = 0; i < 100 && isRunning(sandboxInit as number); i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(isRunning(sandboxInit as number)).toBe(false);
  });

  it("stop being tailed when removed", async () => {
    const home = await newHome();
    const pod = testPod({ command: ["sh", "-c", "while true; do echo tick; sleep 0.05; done"] });
    const executor = open(home, "bwrap");
    await start(executor, home, pod);
    await fileContains(executor.logPath(pod.podName), "tick");
    const record = readDurableStatus(podPaths(home, pod.podName)).record;
    await executor.remove(pod.podName);
    await expect(readFile(executor.logPath(pod.podName))).rejects.toThrow(/ENOENT/);
    if (record && isSpawned(record)) expect(isSameProcess(record)).toBe(false);
  });
});

describe("durable pods without the sandbox", () => {
  it("are adopted, but their exit code cannot be known", async () => {
    const home = await newHome();
    const pod = testPod({ command: ["sh", "-c", "echo a; sleep 0.5; echo b"] });
    const first = open(home, "none");
    await start(first, home, pod);
    await fileContains(first.logPath(pod.podName), " a\n");
    await first.close();
    const second = open(home, "none");
    await second.start(pod);
    expect(await second.wait(pod.podName)).toMatchObject({
      exitCode: -1,
      error: UNKNOWN_EXIT,
      result: "a\nb",
    });
    expect(await logLines(second.logPath(pod.podName))).toEqual(["a", "b"]);
  });

  it("are reported as interrupted when they ended while no executor watched", async () => {
    const home = await newHome();
    const pod = testPod({ command: ["sh", "-c", "sleep 0.2"] });
    const first = open(home, "none");
    await start(first, home, pod);
    await first.close();
    await processEnded(home, pod.podName);
    const second = open(home, "none");
    await second.start(pod);
    expect(await second.wait(pod.podName)).toMatchObject({ exitCode: -1, error: INTERRUPTED });
  });

  it("are killed by the adopting executor, as exit code 143", async () => {
    const home = await newHome();
    const pod = testPod({ command: ["sleep", "30"] });
    const first = open(home, "none");
    await start(first, home, pod);
    await first.close();
    const second = open(home, "none");
    await second.start(pod);
    await second.kill(pod.podName);
    expect(await second.wait(pod.podName)).toMatchObject({ exitCode: 143 });
  });
});

const executorModule = fileURLToPath(new URL("./host-executor.ts", import.meta.url));
const viteNode = fileURLToPath(new URL("../../../node_modules/.bin/vite-node", import.meta.url));

/**
 * Runs a durable executor in a child Node process (vite-node runs the TypeScript sources) that
 * starts `pod`, then idles (`idle`) or closes the executor (`close`) and has nothing left to do;
 * resolves once the pod has started, with the child and its exit.
 */
async function runExecutorProcess(home: string, pod: PodSpec, then: "idle" | "close" = "idle") {
  const script = join(home, "executor-child.ts");
  const options = { home, sandbox: "bwrap", userlandDir: userlandDir(), durable: true };
  await writeFile(
    script,
    [
      `import { createHostExecutor } from ${JSON.stringify(executorModule)};`,
      `const executor = createHostExecutor(${JSON.stringify(options)});`,
      `await executor.start(${JSON.stringify(pod)});`,
      `console.log("started");`,
      then === "idle" ? "setInterval(() => {}, 1000);" : "await executor.close();",
    ].join("\n"),
  );
  const child = spawn(viteNode, [script], { stdio: ["ignore", "pipe", "inherit"] });
  children.add(child);
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    child.stdout.setEncoding("utf8").on("data", (text: string) => {
      if (text.includes("started")) resolve();
    });
    void exit.then((code) => reject(new Error(`executor child exited with ${code}`)));
  });
  return { child, exit };
}
