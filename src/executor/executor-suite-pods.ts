/**
 * The executor suite's pod-fidelity half (issue 4): volumes, init containers, sidecars,
 * containerSets, daemons and tty, with behaviour real `busybox` images have. Registered by
 * `runExecutorSuite`; `features` leaves out what an executor mode cannot do.
 */
import { readFile } from "node:fs/promises";
import { expect, it } from "vitest";
import { runPod, testPod } from "./executor-suite.js";
import type { ContainerSpec, Executor, PodSpec, Volume } from "./types.js";

/** What an executor mode supports beyond the core contract. @default all true */
export interface SuiteFeatures {
  /** Volumes and volumeMounts (the host executor without its sandbox has none). */
  volumes?: boolean;
  /**
   * `close` kills running pods. Off for an executor whose pods outlive it (the host executor with
   * `durable`): its `dispose` must then stop them itself.
   */
  closeKillsPods?: boolean;
}

const sh = (name: string, script: string, extra: Partial<ContainerSpec> = {}): ContainerSpec => ({
  name,
  image: "busybox",
  command: ["sh", "-c", script],
  ...extra,
});

const emptyDir = (name: string): Volume => ({ name, emptyDir: {} });

/** A port unlikely to be taken by a parallel test run. */
const freePort = (): number => 20000 + Math.floor(Math.random() * 20000);

/** A daemon pod running busybox httpd on `port` after a short delay, serving "up". */
function httpdDaemon(port: number, probe: NonNullable<PodSpec["daemon"]>["readinessProbe"]): PodSpec {
  const script = `mkdir -p /tmp/www; echo up > /tmp/www/index.html; sleep 0.3; exec httpd -f -p ${port} -h /tmp/www`;
  return testPod({ command: ["sh", "-c", script] }, { daemon: { readinessProbe: probe } });
}

/** Registers the pod-fidelity tests; `ex` gives the current test's executor. */
export function registerPodTests(ex: () => Executor, features: SuiteFeatures = {}): void {
  const volumes = features.volumes ?? true;

  it.runIf(volumes)("mounts an emptyDir shared by an init container, a sidecar and main", async () => {
    const mounts = [{ name: "shared", mountPath: "/mnt/vol" }];
    const pod = testPod(
      sh(
        "main",
        "grep -q ' /mnt/vol ' /proc/mounts && echo mounted; until [ -f /mnt/vol/side ]; do sleep 0.02; done; cat /mnt/vol/init /mnt/vol/side",
        { volumeMounts: mounts },
      ),
      {
        volumes: [emptyDir("shared")],
        initContainers: [sh("init", "echo from-init > /mnt/vol/init", { volumeMounts: mounts })],
        sidecars: [sh("side", "echo from-sidecar > /mnt/vol/side; sleep 30", { volumeMounts: mounts })],
      },
    );
    const result = await runPod(ex(), pod);
    expect(result).toMatchObject({ exitCode: 0, result: "mounted\nfrom-init\nfrom-sidecar" });
  });

  it.runIf(volumes)("mounts a subPath, and a readOnly mount refuses writes", async () => {
    const pod = testPod(
      sh("main", "cat /sub/f; touch /sub/x 2>/dev/null || echo read-only", {
        volumeMounts: [{ name: "v", mountPath: "/sub", subPath: "dir/inner", readOnly: true }],
      }),
      {
        volumes: [emptyDir("v")],
        initContainers: [
          sh("init", "mkdir -p /v/dir/inner && echo in-subpath > /v/dir/inner/f", {
            volumeMounts: [{ name: "v", mountPath: "/v" }],
          }),
        ],
      },
    );
    expect((await runPod(ex(), pod)).result).toBe("in-subpath\nread-only");
  });

  it("runs init containers in order before main, each with its own log", async () => {
    const pod = testPod(sh("main", "echo main"), {
      initContainers: [sh("first", "echo one"), sh("second", "echo two")],
    });
    const result = await runPod(ex(), pod);
    expect(result).toMatchObject({ exitCode: 0, result: "main" });
    const first = await readFile(ex().logPath(pod.podName, "first"), "utf8");
    const second = await readFile(ex().logPath(pod.podName, "second"), "utf8");
    expect(first).toMatch(/Z one\n$/);
    expect(second).toMatch(/Z two\n$/);
    expect(first.slice(0, 30) <= second.slice(0, 30)).toBe(true);
  });

  it("fails the pod when an init container fails, running nothing after it", async () => {
    const pod = testPod(sh("main", "echo main"), {
      initContainers: [sh("bad", "exit 3"), sh("after", "echo after")],
    });
    const result = await runPod(ex(), pod);
    expect(result.exitCode).toBe(3);
    expect(result.error).toMatch(/init container "bad"/);
    expect(result.result).toBe("");
    await expect(readFile(ex().logPath(pod.podName, "after"), "utf8")).rejects.toThrow();
  });

  it("reaches a sidecar on 127.0.0.1 and stops it once main exits", async () => {
    const port = freePort();
    // No fork after serving: a shell forking when TERM arrives could lose it to the child.
    const sidecar = `trap 'echo stopped; exit 0' TERM; sleep 30 & echo hi-from-sidecar | nc -l -p ${port}; wait`;
    const pod = testPod(sh("main", `until nc 127.0.0.1 ${port}; do sleep 0.02; done`), {
      sidecars: [sh("side", sidecar)],
    });
    const result = await runPod(ex(), pod);
    expect(result).toMatchObject({ exitCode: 0, result: "hi-from-sidecar" });
    expect(await readFile(ex().logPath(pod.podName, "side"), "utf8")).toMatch(/Z stopped\n$/);
  });

  it("runs a containerSet as its dependencies allow, with the result of main", async () => {
    const pod = testPod(sh("unused", "exit 99"), {
      containerSet: {
        containers: [
          { ...sh("a", "echo A"), dependencies: [] },
          { ...sh("main", "echo after-a"), dependencies: ["a"] },
          sh("c", "echo C"),
        ],
      },
    });
    const result = await runPod(ex(), pod);
    expect(result).toMatchObject({ exitCode: 0, result: "after-a" });
    const { a, main, c } = result.containers ?? {};
    expect([a?.result, main?.result, c?.result]).toEqual(["A", "after-a", "C"]);
    expect(main && a && main.startedAt >= a.finishedAt).toBe(true);
  });

  it("skips the dependents of a failed containerSet container", async () => {
    const pod = testPod(sh("unused", "exit 99"), {
      containerSet: {
        containers: [
          sh("a", "exit 3"),
          { ...sh("main", "echo never"), dependencies: ["a"] },
          { ...sh("after-main", "echo never"), dependencies: ["main"] },
          sh("c", "echo C"),
        ],
      },
    });
    const result = await runPod(ex(), pod);
    expect(result.exitCode).toBe(3);
    expect(result.containers?.a).toMatchObject({ exitCode: 3 });
    expect(result.containers?.main).toMatchObject({ skipped: true });
    expect(result.containers?.["after-main"]).toMatchObject({ skipped: true });
    expect(result.containers?.c).toMatchObject({ exitCode: 0, result: "C" });
  });

  const probes = {
    httpGet: (port: number) => ({ httpGet: { path: "/", port } }),
    tcpSocket: (port: number) => ({ tcpSocket: { port: String(port) } }),
    exec: (port: number) => ({
      exec: { command: ["wget", "-qO", "/dev/null", `http://127.0.0.1:${port}/`] },
    }),
  };
  for (const [kind, probe] of Object.entries(probes)) {
    it(`resolves start of a daemon once its ${kind} probe succeeds, reachable at its pod IP`, async () => {
      const port = freePort();
      const daemon = httpdDaemon(port, probe(port));
      await ex().start(daemon);
      const ip = ex().podIP?.(daemon.podName);
      expect(ip).toBeDefined();
      const client = await runPod(ex(), testPod({ command: ["wget", "-qO-", `http://${ip}:${port}/`] }));
      expect(client).toMatchObject({ exitCode: 0, result: "up" });
      await ex().kill(daemon.podName);
      expect((await ex().wait(daemon.podName)).exitCode).toBe(143);
    });
  }

  it("gives a container with tty: true a terminal", async () => {
    const check = "test -t 0 && test -t 1 && echo tty || echo no-tty";
    expect((await runPod(ex(), testPod({ command: ["sh", "-c", check], tty: true }))).result).toBe("tty");
    expect((await runPod(ex(), testPod({ command: ["sh", "-c", check] }))).result).toBe("no-tty");
  });
}
