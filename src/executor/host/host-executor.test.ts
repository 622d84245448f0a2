import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runExecutorSuite, runPod, testPod } from "../executor-suite.js";
import type { Executor } from "../types.js";
import { createHostExecutor, type HostExecutorOptions } from "./host-executor.js";

type Mode = "bwrap" | "none";

// Building a busybox userland creates ~500 symlinks: share one between the tests' homes.
let userlandDir = "";
beforeAll(async () => {
  userlandDir = await mkdtemp(join(tmpdir(), "argosy-userland-"));
});
afterAll(() => rm(userlandDir, { recursive: true, force: true }));

async function openHost(sandbox: Mode, extra: Partial<HostExecutorOptions> = {}) {
  const home = await mkdtemp(join(tmpdir(), "argosy-host-"));
  const warnings: string[] = [];
  const executor = createHostExecutor({
    home,
    sandbox,
    userlandDir,
    onWarning: (m) => warnings.push(m),
    ...extra,
  });
  return {
    home,
    warnings,
    executor,
    dispose: async () => {
      await executor.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}

/** Resolves once the log file holds `text`: the pod has reached that point. */
async function logContains(path: string, text: string): Promise<void> {
  for (;;) {
    const log = await readFile(path, "utf8").catch(() => "");
    if (log.includes(text)) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

for (const mode of ["bwrap", "none"] as const) {
  runExecutorSuite(`host executor (sandbox: ${mode}) conformance`, () => openHost(mode), {
    volumes: mode === "bwrap",
  });
}

// Durable pods outlive `close`: the suite's dispose kills them first.
for (const mode of ["bwrap", "none"] as const) {
  runExecutorSuite(
    `host executor (sandbox: ${mode}, durable) conformance`,
    async () => {
      const host = await openHost(mode, { durable: true });
      return {
        executor: host.executor,
        dispose: async () => {
          await host.executor.killAll();
          await host.dispose();
        },
      };
    },
    { closeKillsPods: false, volumes: mode === "bwrap" },
  );
}

/** Host tests that hold with and without the sandbox. */
for (const mode of ["bwrap", "none"] as const) {
  describe(`host executor (sandbox: ${mode})`, () => {
    let host: Awaited<ReturnType<typeof openHost>>;
    beforeEach(async () => {
      host = await openHost(mode, { killGraceMs: 100 });
    });
    afterEach(() => host.dispose());
    const run = (main: Parameters<typeof testPod>[0], extra?: Parameters<typeof testPod>[1]) =>
      runPod(host.executor, testPod(main, extra));

    it("gives busybox images busybox ash as sh", async () => {
      const result = await run({ command: ["sh", "-c", "echo $((1+1)); [[ 1 == 1 ]] && echo $RANDOM"] });
      expect(result.exitCode).toBe(0);
      expect(result.result).toMatch(/^2\n\d+$/);
    });

    it("gives alpine images busybox applets as tools", async () => {
      const result = await run({ image: "alpine:3.20", command: ["sh", "-c", "ls --help 2>&1 | head -1"] });
      expect(result.result).toMatch(/BusyBox/);
    });

    it("runs python scripts of python images on the host python", async () => {
      const source = "import random\nprint(random.randint(1, 1000))\n";
      const result = await run({ image: "python:alpine3.23", command: ["python"] }, { script: { source } });
      expect(result).toMatchObject({ exitCode: 0 });
      expect(Number(result.result)).toBeGreaterThanOrEqual(1);
    });

    it("runs debian and ubuntu images on the host userland with bash", async () => {
      for (const image of ["debian:bookworm", "ubuntu:24.04"]) {
        const result = await run({ image, command: ["bash", "-c", "[[ -n $BASH_VERSION ]] && echo bash"] });
        expect(result).toMatchObject({ exitCode: 0, result: "bash", warnings: [] });
      }
    });

    it("uses the image's default command when the template has none", async () => {
      const argsOnly = await run({ image: "busybox:1.36", args: ["echo", "from args"] });
      expect(argsOnly.result).toBe("from args");
      const bare = await run({ image: "alpine" });
      expect(bare).toMatchObject({ exitCode: 0, result: "" });
    });

    it("warns about an image with no profile and runs it on the host userland", async () => {
      const result = await run({ image: "example.com/tool:1", command: ["echo", "ok"] });
      expect(result).toMatchObject({ exitCode: 0, result: "ok" });
      expect(result.warnings).toEqual([
        'image "example.com/tool:1" has no profile: running on the host userland',
      ]);
    });

    it("uses configured profiles first and leaves out extra binaries the host lacks", async () => {
      const custom = await openHost(mode, {
        profiles: [
          {
            name: "ghost",
            match: "ghost:*",
            userland: "busybox",
            extraBins: { ghost: "/nonexistent/ghost" },
          },
        ],
      });
      try {
        const result = await runPod(
          custom.executor,
          testPod({ image: "ghost:1", command: ["sh", "-c", "[[ 1 == 1 ]] && echo ok"] }),
        );
        expect(result).toMatchObject({ exitCode: 0, result: "ok" });
        expect(result.warnings).toEqual(["ghost is not available: /nonexistent/ghost is not on this host"]);
      } finally {
        await custom.dispose();
      }
    });

    it("escalates to SIGKILL when the pod ignores SIGTERM", async () => {
      const pod = testPod({ command: ["sh", "-c", "trap '' TERM; echo ready; sleep 30"] });
      await host.executor.start(pod);
      await logContains(host.executor.logPath(pod.podName), "ready");
      await host.executor.kill(pod.podName);
      expect((await host.executor.wait(pod.podName)).exitCode).toBe(137);
    });

    it("writes the exit code next to the log", async () => {
      const pod = testPod({ command: ["sh", "-c", "exit 7"] });
      await runPod(host.executor, pod);
      const dir = join(host.home, "pods", pod.podName);
      expect(await readFile(join(dir, "exitcode"), "utf8")).toBe("7\n");
      expect(host.executor.logPath(pod.podName)).toBe(join(dir, "main.log"));
    });

    it("does not rerun a finished pod after a restart", async () => {
      const pod = testPod(
        { command: ["sh", "-c", "echo run >> runs.txt; echo $RANDOM"] },
        { outputParameters: [{ name: "runs", path: "runs.txt" }] },
      );
      const first = await runPod(host.executor, pod);
      await host.executor.close();
      const restarted = createHostExecutor({ home: host.home, sandbox: mode });
      try {
        expect(await restarted.wait(pod.podName)).toEqual(first);
        expect(await runPod(restarted, pod)).toEqual(first);
      } finally {
        await restarted.close();
      }
    });
  });
}

describe("host executor with strictImages", () => {
  it("rejects an image with no profile", async () => {
    const host = await openHost("bwrap", { strictImages: true });
    try {
      const result = await runPod(host.executor, testPod({ image: "example.com/tool:1", command: ["true"] }));
      expect(result.exitCode).toBe(-1);
      expect(result.error).toBe('image "example.com/tool:1" has no profile and strictImages is on');
    } finally {
      await host.dispose();
    }
  });
});

describe("host executor in the bubblewrap sandbox", () => {
  let host: Awaited<ReturnType<typeof openHost>>;
  let ex: Executor;
  beforeEach(async () => {
    host = await openHost("bwrap");
    ex = host.executor;
  });
  afterEach(() => host.dispose());

  it("runs the real busybox binary for every applet", async () => {
    const result = await runPod(
      ex,
      testPod({ command: ["sh", "-c", "readlink /proc/self/exe; readlink -f /bin/ls"] }),
    );
    expect(result.result).toBe("/usr/bin/busybox\n/usr/bin/busybox");
  });

  it("reads an output parameter from an absolute path under /tmp", async () => {
    const pod = testPod(
      { command: ["sh", "-c", "echo hello world > /tmp/hello_world.txt"] },
      { outputParameters: [{ name: "hello-param", path: "/tmp/hello_world.txt" }] },
    );
    expect((await runPod(ex, pod)).outputParameters).toEqual({ "hello-param": "hello world" });
  });

  it("gives each pod its own /tmp, so parallel pods writing the same path read back their own", async () => {
    const pods = ["alpha", "beta"].map((word) =>
      testPod(
        { command: ["sh", "-c", `echo ${word} > /tmp/out.txt; sleep 0.2; cat /tmp/out.txt`] },
        { outputParameters: [{ name: "out", path: "/tmp/out.txt" }] },
      ),
    );
    const results = await Promise.all(pods.map((p) => runPod(ex, p)));
    expect(results.map((r) => [r.result, r.outputParameters.out])).toEqual([
      ["alpha", "alpha"],
      ["beta", "beta"],
    ]);
  });

  it("isolates pid, hostname and a read-only /usr", async () => {
    const script = "echo $$; hostname; touch /usr/x 2>/dev/null || echo read-only";
    const pod = testPod({ command: ["sh", "-c", script] });
    expect((await runPod(ex, pod)).result).toBe(`2\n${pod.podName}\nread-only`);
  });

  it("never follows a symlink out of the pod root when reading outputs", async () => {
    const pod = testPod(
      { command: ["sh", "-c", "ln -s /etc/hostname /tmp/link"] },
      { outputParameters: [{ name: "leak", path: "/tmp/link" }] },
    );
    const result = await runPod(ex, pod);
    expect(result.outputParameters.leak).toBeUndefined();
    expect(result.outputErrors.leak).toBeDefined();
  });

  it("does not warn when the sandbox works", async () => {
    await runPod(ex, testPod({ command: ["true"] }));
    expect(host.warnings).toEqual([]);
  });
});

describe("host executor without a usable sandbox", () => {
  it("says once that the sandbox is off when configured with none", async () => {
    const host = await openHost("none");
    try {
      const results = await Promise.all(
        [1, 2].map(() => runPod(host.executor, testPod({ command: ["echo", "hi"] }))),
      );
      expect(results.map((r) => r.result)).toEqual(["hi", "hi"]);
      expect(host.warnings).toHaveLength(1);
      expect(host.warnings[0]).toMatch(/sandbox is off \(configured with sandbox: "none"\)/);
    } finally {
      await host.dispose();
    }
  });

  it("falls back to plain processes when bwrap is missing in auto mode", async () => {
    const host = await openHost("none", { sandbox: "auto", bwrapPath: "/nonexistent/bwrap" });
    try {
      const result = await runPod(host.executor, testPod({ command: ["echo", "hi"] }));
      expect(result.result).toBe("hi");
      expect(host.warnings).toHaveLength(1);
      expect(host.warnings[0]).toMatch(/sandbox is off .*\/nonexistent\/bwrap/);
    } finally {
      await host.dispose();
    }
  });

  it("fails every pod when bwrap is required but missing", async () => {
    const host = await openHost("bwrap", { bwrapPath: "/nonexistent/bwrap" });
    try {
      const result = await runPod(host.executor, testPod({ command: ["true"] }));
      expect(result.exitCode).toBe(-1);
      expect(result.error).toMatch(/required but unusable/);
    } finally {
      await host.dispose();
    }
  });
});
