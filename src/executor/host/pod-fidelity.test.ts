import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runPod, testPod } from "../executor-suite.js";
import type { ContainerSpec } from "../types.js";
import { fileContains, openHost } from "./test-host.js";

let userlandDir = "";
let scratch = "";
beforeAll(async () => {
  userlandDir = await mkdtemp(join(tmpdir(), "argosy-userland-"));
  scratch = await mkdtemp(join(tmpdir(), "argosy-scratch-"));
});
afterAll(async () => {
  await rm(userlandDir, { recursive: true, force: true });
  await rm(scratch, { recursive: true, force: true });
});

const sh = (name: string, script: string, extra: Partial<ContainerSpec> = {}): ContainerSpec => ({
  name,
  image: "busybox",
  command: ["sh", "-c", script],
  ...extra,
});

describe("host executor volumes (sandbox: bwrap)", () => {
  let host: Awaited<ReturnType<typeof openHost>>;
  beforeEach(async () => {
    host = await openHost("bwrap", { userlandDir, killGraceMs: 100 });
  });
  afterEach(() => host.dispose());

  it("binds a hostPath, reading and writing the host folder", async () => {
    const dir = join(scratch, "host-path");
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, "in"), "from-host\n");
    const pod = testPod(
      sh("main", "cat /h/in; echo from-pod > /h/out", { volumeMounts: [{ name: "h", mountPath: "/h" }] }),
      {
        volumes: [{ name: "h", hostPath: { path: dir } }],
      },
    );
    expect((await runPod(host.executor, pod)).result).toBe("from-host");
    expect(await readFile(join(dir, "out"), "utf8")).toBe("from-pod\n");
  });

  it("fails a pod whose hostPath of type Directory does not exist", async () => {
    const pod = testPod(sh("main", "true", { volumeMounts: [{ name: "h", mountPath: "/h" }] }), {
      volumes: [{ name: "h", hostPath: { path: join(scratch, "missing"), type: "Directory" } }],
    });
    expect((await runPod(host.executor, pod)).error).toMatch(/hostPath .*missing does not exist/);
  });

  it("materialises a files volume read-only with its defaultMode, and a file by subPath", async () => {
    const files = { "a.txt": "A\n", "nested/b.txt": "B\n" };
    const script =
      "cat /cfg/a.txt /cfg/nested/b.txt /one.txt; stat -c %a /cfg/a.txt; touch /cfg/x 2>/dev/null || echo read-only";
    const pod = testPod(
      sh("main", script, {
        volumeMounts: [
          { name: "cfg", mountPath: "/cfg" },
          { name: "cfg", mountPath: "/one.txt", subPath: "a.txt" },
        ],
      }),
      { volumes: [{ name: "cfg", files, defaultMode: 0o600 }] },
    );
    expect((await runPod(host.executor, pod)).result).toBe("A\nB\nA\n600\nread-only");
  });

  it("shares a persistent volume between pods", async () => {
    const hostDir = join(scratch, "claim");
    const volumes = [{ name: "work", persistent: { hostDir } }];
    const volumeMounts = [{ name: "work", mountPath: "/mnt/vol" }];
    await runPod(host.executor, testPod(sh("main", "echo kept > /mnt/vol/f", { volumeMounts }), { volumes }));
    const second = await runPod(
      host.executor,
      testPod(sh("main", "cat /mnt/vol/f", { volumeMounts }), { volumes }),
    );
    expect(second.result).toBe("kept");
  });

  it("gives each container its own root while volumes are shared (containerSet)", async () => {
    const volumeMounts = [{ name: "v", mountPath: "/v" }];
    const pod = testPod(sh("unused", "exit 9"), {
      volumes: [{ name: "v", emptyDir: {} }],
      containerSet: {
        containers: [
          sh("a", "echo in-volume > /v/x; echo in-root > /tmp/x", { volumeMounts }),
          {
            ...sh("main", "cat /v/x; cat /tmp/x 2>/dev/null || echo own-tmp", { volumeMounts }),
            dependencies: ["a"],
          },
        ],
      },
    });
    expect((await runPod(host.executor, pod)).result).toBe("in-volume\nown-tmp");
    expect(host.executor.logPath(pod.podName, "a")).toBe(join(host.home, "pods", pod.podName, "a.log"));
  });

  it("resolves a subPath inside the volume, so a symlink left there cannot reach the host", async () => {
    const pod = testPod(
      sh("main", "ls /m | wc -l", { volumeMounts: [{ name: "v", mountPath: "/m", subPath: "link" }] }),
      {
        volumes: [{ name: "v", emptyDir: {} }],
        initContainers: [
          sh("init", "rm -rf /v/link; ln -s /etc /v/link", {
            volumeMounts: [{ name: "v", mountPath: "/v" }],
          }),
        ],
      },
    );
    expect((await runPod(host.executor, pod)).result.trim()).toBe("0");
  });

  it("refuses a mountPath it cannot create inside the host's read-only /etc", async () => {
    const pod = testPod(
      sh("main", "true", { volumeMounts: [{ name: "v", mountPath: "/etc/argosy-missing" }] }),
      {
        volumes: [{ name: "v", emptyDir: {} }],
      },
    );
    const result = await runPod(host.executor, pod);
    expect(result.error).toMatch(/mountPath \/etc\/argosy-missing cannot be created: \/etc is the host's/);
  });

  it("refuses a volumeMount of an undeclared volume before running anything", async () => {
    const pod = testPod(sh("main", "true", { volumeMounts: [{ name: "nope", mountPath: "/x" }] }), {
      initContainers: [sh("init", "echo ran")],
    });
    const result = await runPod(host.executor, pod);
    expect(result).toMatchObject({
      exitCode: -1,
      error: 'container "main": volumeMount "nope" refers to no volume of the pod',
    });
    await expect(stat(host.executor.logPath(pod.podName, "init"))).rejects.toThrow();
  });
});

describe("host executor pods without a sandbox", () => {
  it("refuses volume mounts, which need the sandbox", async () => {
    const host = await openHost("none", { userlandDir });
    try {
      const pod = testPod(sh("main", "true", { volumeMounts: [{ name: "v", mountPath: "/v" }] }), {
        volumes: [{ name: "v", emptyDir: {} }],
      });
      expect((await runPod(host.executor, pod)).error).toMatch(/volumes need the bubblewrap sandbox/);
    } finally {
      await host.dispose();
    }
  });
});

for (const mode of ["bwrap", "none"] as const) {
  describe(`host executor pods (sandbox: ${mode})`, () => {
    let host: Awaited<ReturnType<typeof openHost>>;
    beforeEach(async () => {
      host = await openHost(mode, { userlandDir, killGraceMs: 100 });
    });
    afterEach(() => host.dispose());

    it("resolves start of a daemon that exits before it is ready", async () => {
      const pod = testPod(sh("main", "exit 2"), { daemon: { readinessProbe: { tcpSocket: { port: 1 } } } });
      await host.executor.start(pod);
      expect((await host.executor.wait(pod.podName)).exitCode).toBe(2);
    });

    it("stops a pod with a terminal, reporting SIGTERM", async () => {
      const pod = testPod(sh("main", "echo ready; sleep 30", { tty: true }));
      await host.executor.start(pod);
      await fileContains(host.executor.logPath(pod.podName), "ready");
      await host.executor.kill(pod.podName);
      expect((await host.executor.wait(pod.podName)).exitCode).toBe(143);
    });

    it("stops sidecars and init containers when the pod is killed", async () => {
      const pod = testPod(sh("main", "echo main-ready; sleep 30"), { sidecars: [sh("side", "sleep 30")] });
      await host.executor.start(pod);
      await fileContains(host.executor.logPath(pod.podName), "main-ready");
      await host.executor.kill(pod.podName);
      expect((await host.executor.wait(pod.podName)).exitCode).toBe(143);
    });

    it("reports the pod IP 127.0.0.1 for a known pod and nothing for an unknown one", async () => {
      const pod = testPod(sh("main", "true"));
      await runPod(host.executor, pod);
      expect(host.executor.podIP?.(pod.podName)).toBe("127.0.0.1");
      expect(host.executor.podIP?.("never-started")).toBeUndefined();
    });
  });
}
