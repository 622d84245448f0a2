import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runPod, testPod } from "../executor-suite.js";
import type { ContainerSpec } from "../types.js";
import { resolveLimits } from "./resources.js";
import { fileContains, openHost } from "./test-host.js";

let userlandDir = "";
beforeAll(async () => {
  userlandDir = await mkdtemp(join(tmpdir(), "argosy-userland-"));
});
afterAll(() => rm(userlandDir, { recursive: true, force: true }));

const sh = (name: string, script: string, extra: Partial<ContainerSpec> = {}): ContainerSpec => ({
  name,
  image: "busybox",
  command: ["sh", "-c", script],
  ...extra,
});

/** Holds ~100 MB in a shell variable. */
const HOG = 'x=$(head -c 100000000 /dev/zero | tr "\\0" a); echo done';
const limited = (memory: string) => ({ resources: { limits: { memory } } });

// What this host offers decides which assertions apply; the describe names say so.
const host = await resolveLimits("auto");
const cgroupRoots = host.kind === "cgroup" ? host.roots : undefined;
const noCgroups = host.kind === "cgroup" ? "" : ` (skipped: no usable cgroups: ${host.why})`;

describe("resources.limits (sandbox: bwrap)", () => {
  let h: Awaited<ReturnType<typeof openHost>>;
  beforeEach(async () => {
    h = await openHost("bwrap", { userlandDir, killGraceMs: 100 });
  });
  afterEach(() => h.dispose());

  it("runs the memory hog without limits", async () => {
    const result = await runPod(h.executor, testPod(sh("main", HOG)));
    expect(result).toMatchObject({ exitCode: 0, result: "done", warnings: [] });
  });

  it("fails the memory hog under limits.memory: 32Mi", async () => {
    const result = await runPod(h.executor, testPod(sh("main", HOG, limited("32Mi"))));
    expect(result.exitCode).not.toBe(0);
    expect(result.result).not.toContain("done");
    if (host.kind === "cgroup") {
      expect(result.exitCode).toBe(137);
      expect(result.error).toBe("OOMKilled (exit code 137)");
    }
  });

  it("rejects a pod with a bad quantity before anything runs", async () => {
    const pod = testPod(sh("main", "echo ran", { resources: { limits: { memory: "12XB" } } }));
    const result = await runPod(h.executor, pod);
    expect(result.exitCode).toBe(-1);
    expect(result.error).toMatch(/^container "main": resources\.limits\.memory: invalid quantity "12XB"/);
  });

  it("notes a CPU limit it cannot enforce, once", async () => {
    const pod = testPod(sh("main", "true", { resources: { limits: { cpu: "1" } } }), {
      sidecars: [sh("side", "sleep 30", { resources: { limits: { cpu: "1" } } })],
    });
    const result = await runPod(h.executor, pod);
    expect(result.exitCode).toBe(0);
    const cpuNotes = result.warnings.filter((w) => w.startsWith("resources.limits.cpu not enforced"));
    expect(cpuNotes.length).toBe(cgroupRoots?.cpu ? 0 : 1);
  });
});

describe(`resources.limits through cgroups${noCgroups}`, () => {
  let h: Awaited<ReturnType<typeof openHost>>;
  beforeEach(async () => {
    h = await openHost("bwrap", { userlandDir, killGraceMs: 100 });
  });
  afterEach(() => h.dispose());

  it.skipIf(!cgroupRoots?.cpu)(
    "writes the CPU quota while the container runs, then removes its cgroup",
    async () => {
      const cpuParent = cgroupRoots?.cpu ?? "";
      const pod = testPod(sh("main", "echo started; sleep 30", { resources: { limits: { cpu: "250m" } } }));
      await h.executor.start(pod);
      await fileContains(h.executor.logPath(pod.podName), "started");
      const leaf = (await readdir(cpuParent)).find((d) => d.startsWith(`${pod.podName}.main.`));
      expect(leaf).toBeDefined();
      const dir = join(cpuParent, leaf ?? "");
      if (cgroupRoots?.version === 2)
        expect((await readFile(join(dir, "cpu.max"), "utf8")).trim()).toBe("25000 100000");
      else expect((await readFile(join(dir, "cpu.cfs_quota_us"), "utf8")).trim()).toBe("25000");
      await h.executor.kill(pod.podName);
      await h.executor.wait(pod.podName);
      expect(await readdir(cpuParent)).not.toContain(leaf);
    },
  );
});

describe("resources.limits (sandbox: none)", () => {
  it("applies them to plain processes too", async () => {
    const h = await openHost("none", { userlandDir });
    try {
      const result = await runPod(h.executor, testPod(sh("main", HOG, limited("32Mi"))));
      expect(result.exitCode).not.toBe(0);
      if (host.kind === "cgroup") expect(result.error).toBe("OOMKilled (exit code 137)");
    } finally {
      await h.dispose();
    }
  });
});

describe("resources.limits without cgroups", () => {
  let h: Awaited<ReturnType<typeof openHost>> | undefined;
  afterEach(() => h?.dispose());

  it("warns once per pod and still runs the pod with resourceEnforcement: none", async () => {
    h = await openHost("bwrap", { userlandDir, resourceEnforcement: "none" });
    const pod = testPod(sh("main", HOG, limited("32Mi")), {
      initContainers: [sh("init", "true", limited("16Mi"))],
    });
    const result = await runPod(h.executor, pod);
    expect(result).toMatchObject({ exitCode: 0, result: "done" });
    expect(result.warnings).toEqual([
      'resources.limits not enforced: configured with resourceEnforcement: "none"',
    ]);
  });

  it("limits virtual memory with prlimit: the hog fails, a CPU limit is noted", async () => {
    h = await openHost("bwrap", { userlandDir, resourceEnforcement: "prlimit" });
    const spec = sh("main", HOG, { resources: { limits: { memory: "32Mi", cpu: "500m" } } });
    const result = await runPod(h.executor, testPod(spec));
    expect(result.exitCode).not.toBe(0);
    expect(result.error).toBeUndefined();
    expect(result.warnings).toEqual([
      'resources.limits.memory enforced as a virtual memory limit (prlimit --as), not a cgroup: configured with resourceEnforcement: "prlimit"',
      'resources.limits.cpu not enforced: configured with resourceEnforcement: "prlimit"',
    ]);
  });
});

/** Host pids whose command line mentions `marker`. */
async function processesWith(marker: string): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, "utf8").catch(() => "");
    if (cmdline.split("\0").includes(marker)) found.push(Number(entry));
  }
  return found;
}

describe("activeDeadlineSeconds kills the whole pod (sandbox: bwrap)", () => {
  let h: Awaited<ReturnType<typeof openHost>>;
  beforeEach(async () => {
    h = await openHost("bwrap", { userlandDir, killGraceMs: 100 });
  });
  afterEach(() => h.dispose());

  it("kills main and a sidecar that ignores SIGTERM", async () => {
    const marker = String(31000 + (process.pid % 1000));
    const pod = testPod(sh("main", `sleep ${marker}`), {
      activeDeadlineSeconds: 1,
      sidecars: [sh("side", `trap "" TERM; sleep ${marker}`)],
    });
    const result = await runPod(h.executor, pod);
    expect(result.deadlineExceeded).toBe(true);
    expect(result.error).toBe("Pod was active on the node longer than the specified deadline");
    expect(await processesWith(marker)).toEqual([]);
  });

  it("kills an init container, and nothing after it runs", async () => {
    const marker = String(32000 + (process.pid % 1000));
    const pod = testPod(sh("main", "echo main-ran"), {
      activeDeadlineSeconds: 1,
      initContainers: [sh("init", `sleep ${marker}`)],
    });
    const result = await runPod(h.executor, pod);
    expect(result.deadlineExceeded).toBe(true);
    expect(result.result).toBe("");
    expect(await readFile(h.executor.logPath(pod.podName), "utf8").catch(() => "")).not.toContain("main-ran");
    expect(await processesWith(marker)).toEqual([]);
  });
});
