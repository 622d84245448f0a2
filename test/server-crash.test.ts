/**
 * Durability, end to end: a real `argosy server` is killed with SIGKILL while a workflow's steps
 * run and started again on the same ARGOSY_HOME. The workflow must end Succeeded with every step's
 * line written exactly once: nothing lost, nothing run twice.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { api, isDone, type ServerProcess, startServerProcess, waitFor } from "./server-helpers.js";

const steps = 8;

function workflow(dir: string) {
  const names = Array.from({ length: steps }, (_, i) => `s${i}`);
  return {
    metadata: { name: "crash", namespace: "default" },
    spec: {
      entrypoint: "main",
      volumes: [{ name: "out", hostPath: { path: dir, type: "DirectoryOrCreate" } }],
      templates: [
        {
          name: "main",
          steps: names.map((n) => [
            { name: n, template: "line", arguments: { parameters: [{ name: "n", value: n }] } },
          ]),
        },
        {
          name: "line",
          inputs: { parameters: [{ name: "n" }] },
          container: {
            image: "busybox",
            // The line is written first, then the step takes a while: a kill lands mid-step.
            command: ["sh", "-c", "echo {{inputs.parameters.n}} >> /out/lines.txt; sleep 0.6"],
            volumeMounts: [{ name: "out", mountPath: "/out" }],
          },
        },
      ],
    },
  };
}

describe("argosy server after SIGKILL", () => {
  let home = "";
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.stop();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it("resumes the workflow, runs no finished step again and loses no line", async () => {
    home = await mkdtemp(join(tmpdir(), "argosy-crash-"));
    const dir = join(home, "out");
    server = await startServerProcess(home);
    const created = await api(server.url, "/api/v1/workflows/default", {
      method: "POST",
      body: { workflow: workflow(dir) },
    });
    expect(created.status).toBe(200);
    const lines = async () =>
      (await readFile(join(dir, "lines.txt"), "utf8").catch(() => "")).split("\n").filter(Boolean);
    // Kill it while the third step sleeps (its line is written, its pod still runs).
    while ((await lines()).length < 3) await new Promise((r) => setTimeout(r, 20));
    await server.stop("SIGKILL");
    const atKill = (await lines()).length;

    server = await startServerProcess(home);
    const final = await waitFor(server.url, "default", "crash", isDone, 90_000);
    expect(final.status?.phase, final.status?.message).toBe("Succeeded");
    const written = await lines();
    expect(written).toEqual(Array.from({ length: steps }, (_, i) => `s${i}`));
    expect(atKill).toBeGreaterThanOrEqual(3);
    expect(server.output()).toMatch(/resumed/);
  });
});
