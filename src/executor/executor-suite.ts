/**
 * The conformance suite every Executor runs (host now; docker, kubernetes, remote later). It uses
 * only the `Executor` contract and behaviour real `busybox` images have, so a container runtime
 * passes it unchanged. Each test gets a fresh executor (and home) from `open`.
 */
import { readFile } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { registerPodTests, type SuiteFeatures } from "./executor-suite-pods.js";
import type { ContainerSpec, Executor, PodResult, PodSpec } from "./types.js";

export type { SuiteFeatures } from "./executor-suite-pods.js";

/** A fresh executor and how to dispose of it (close it, remove its home). */
export interface OpenedExecutor {
  executor: Executor;
  dispose(): Promise<void>;
}

let serial = 0;

/** A pod running `main` (image busybox unless given), with a unique name. */
export function testPod(main: Partial<ContainerSpec>, extra: Partial<PodSpec> = {}): PodSpec {
  serial += 1;
  const podName = `suite-${process.pid}-${serial}`;
  return {
    podName,
    nodeId: `wf-${serial}`,
    workflowName: "wf",
    namespace: "default",
    templateName: "main",
    main: { name: "main", image: "busybox", ...main },
    ...extra,
  };
}

/** Starts `pod` and waits for its result. */
export async function runPod(executor: Executor, pod: PodSpec): Promise<PodResult> {
  await executor.start(pod);
  return executor.wait(pod.podName);
}

const sh = (script: string, extra: Partial<ContainerSpec> = {}) => ({
  command: ["sh", "-c", script],
  ...extra,
});

/** Registers the shared executor tests under `describe(name)`; `features` leaves out what it lacks. */
export function runExecutorSuite(
  name: string,
  open: () => Promise<OpenedExecutor>,
  features: SuiteFeatures = {},
): void {
  describe(name, () => {
    let opened: OpenedExecutor | undefined;
    beforeEach(async () => {
      opened = await open();
    });
    afterEach(async () => {
      await opened?.dispose();
      opened = undefined;
    });
    const ex = (): Executor => {
      if (!opened) throw new Error("executor suite: no executor is open");
      return opened.executor;
    };

    it("runs a command and reports its stdout as the result", async () => {
      const result = await runPod(ex(), testPod({ command: ["echo", "hello world"] }));
      expect(result).toMatchObject({ exitCode: 0, result: "hello world" });
      expect(result.error).toBeUndefined();
    });

    it("reports the exit code of a failing command", async () => {
      const result = await runPod(ex(), testPod(sh("echo failing; exit 123")));
      expect(result.exitCode).toBe(123);
      expect(result.result).toBe("failing");
    });

    it("removes only one trailing newline from the result", async () => {
      const result = await runPod(ex(), testPod(sh("printf 'a\\nb\\n\\n'")));
      expect(result.result).toBe("a\nb\n");
    });

    it("passes the staged script as the last argument, after command and args", async () => {
      const pod = testPod(
        { command: ["sh", "-c"], args: ['echo "last=$0"'] },
        { script: { source: "exit 9" } },
      );
      const result = await runPod(ex(), pod);
      expect(result.result).toMatch(/^last=\S*\/argo\/staging\/script$/);
    });

    it("runs a script template's source", async () => {
      const pod = testPod({ command: ["sh"] }, { script: { source: "x=20\necho $((x + 22))\n" } });
      expect((await runPod(ex(), pod)).result).toBe("42");
    });

    it("sets the container env and Argo's pod variables, and nothing from the host", async () => {
      const pod = testPod(sh('echo "$FOO|$ARGO_POD_NAME|$ARGO_NODE_ID|$ARGO_CONTAINER_NAME|$VITEST."'), {
        nodeId: "wf-node-1",
      });
      pod.main.env = [{ name: "FOO", value: "bar baz" }];
      const result = await runPod(ex(), pod);
      expect(result.result).toBe(`bar baz|${pod.podName}|wf-node-1|main|.`);
    });

    it("runs in the working directory, creating it", async () => {
      const result = await runPod(ex(), testPod({ command: ["pwd"], workingDir: "/work/dir" }));
      expect(result.result).toMatch(/\/work\/dir$/);
    });

    it("closes stdin, so a reader sees end of file at once", async () => {
      const result = await runPod(ex(), testPod({ command: ["cat"] }));
      expect(result).toMatchObject({ exitCode: 0, result: "" });
    });

    it("writes stdout and stderr lines to the log with RFC3339 nanosecond timestamps", async () => {
      const pod = testPod(sh("echo to-out; echo to-err >&2"));
      await runPod(ex(), pod);
      const lines = (await readFile(ex().logPath(pod.podName), "utf8")).trimEnd().split("\n");
      expect(lines).toHaveLength(2);
      for (const line of lines) expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z to-(out|err)$/);
      expect(lines.map((l) => l.slice(31)).sort()).toEqual(["to-err", "to-out"]);
    });

    it("reads output parameters relative to the working directory, trimming one newline", async () => {
      const pod = testPod(sh("echo value > out.txt; mkdir adir"), {
        outputParameters: [
          { name: "good", path: "out.txt" },
          { name: "missing", path: "nope.txt" },
          { name: "dir", path: "adir" },
        ],
      });
      const result = await runPod(ex(), pod);
      expect(result.outputParameters).toEqual({ good: "value" });
      expect(result.outputErrors.missing).toMatch(/no such file/);
      expect(result.outputErrors.dir).toMatch(/is a directory/);
    });

    it("kills a pod that outlives activeDeadlineSeconds", async () => {
      const result = await runPod(ex(), testPod({ command: ["sleep", "30"] }, { activeDeadlineSeconds: 1 }));
      expect(result.deadlineExceeded).toBe(true);
      expect(result.error).toBe("Pod was active on the node longer than the specified deadline");
      expect(result.exitCode).not.toBe(0);
    });

    it("kills a running pod with SIGTERM, reported as exit code 143", async () => {
      const pod = testPod({ command: ["sleep", "30"] });
      await ex().start(pod);
      await ex().kill(pod.podName);
      const result = await ex().wait(pod.podName);
      expect(result.exitCode).toBe(143);
      expect(result.deadlineExceeded).toBeUndefined();
    });

    it("does not run a pod twice when started twice", async () => {
      const pod = testPod(sh("echo run >> runs.txt"), {
        outputParameters: [{ name: "runs", path: "runs.txt" }],
      });
      await Promise.all([ex().start(pod), ex().start(pod)]);
      const first = await ex().wait(pod.podName);
      await ex().start(pod);
      const second = await ex().wait(pod.podName);
      expect(first.outputParameters.runs).toBe("run");
      expect(second).toEqual(first);
    });

    it("treats killing an unknown or finished pod as a no-op", async () => {
      const pod = testPod({ command: ["true"] });
      const result = await runPod(ex(), pod);
      await ex().kill(pod.podName);
      await ex().kill("never-started");
      expect(await ex().wait(pod.podName)).toEqual(result);
    });

    it("rejects waiting for a pod it never started", async () => {
      await expect(ex().wait("never-started")).rejects.toThrow(/not found/);
    });

    it("reports a command that does not exist as an error", async () => {
      const result = await runPod(ex(), testPod({ command: ["no-such-command-xyz"] }));
      expect(result.error).toMatch(/no-such-command-xyz/);
      expect(result.exitCode).not.toBe(0);
    });

    registerPodTests(ex, features);

    it.runIf(features.closeKillsPods ?? true)("kills running pods on close", async () => {
      const pod = testPod({ command: ["sleep", "30"] });
      await ex().start(pod);
      const waiting = ex().wait(pod.podName);
      await ex().close();
      expect((await waiting).exitCode).toBe(143);
    });
  });
}
