import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Workflow } from "../spec/types.js";
import { LogFileReader, parseLogLine, tailOffset } from "./log-reader.js";
import { isDone, manifest, readLines, startTestServer, type TestServer, waitForWorkflow } from "./testing.js";

interface Entry {
  content: string;
  podName: string;
}

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  await t.controller.submit(
    manifest(`
metadata: {name: chatty, namespace: argo}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: first, template: lines, arguments: {parameters: [{name: tag, value: a}]}}
    - - {name: second, template: lines, arguments: {parameters: [{name: tag, value: b}]}}
  - name: lines
    inputs: {parameters: [{name: tag}]}
    container:
      image: busybox
      command: [sh, -c, "echo {{inputs.parameters.tag}}1; echo {{inputs.parameters.tag}}2; echo {{inputs.parameters.tag}}3"]
`),
  );
  await waitForWorkflow(t.store, "argo", "chatty", isDone);
});
afterAll(async () => {
  await t.close();
});

const entries = (lines: string[]): Entry[] =>
  lines.filter((l) => l.trim() !== "").map((l) => (JSON.parse(l) as { result: Entry }).result);

async function logs(path: string, accept?: string): Promise<Entry[]> {
  const res = await t.call(path, accept ? { headers: { Accept: accept } } : {});
  expect(res.status).toBe(200);
  const lines = await readLines(res, () => false);
  if (accept === "text/event-stream") {
    return lines
      .filter((l) => l.startsWith("data: "))
      .map((l) => (JSON.parse(l.slice(6)) as { result: Entry }).result);
  }
  return entries(lines);
}

describe("workflow logs", () => {
  it("returns every pod's lines in time order, as newline-delimited JSON", async () => {
    const got = await logs("/api/v1/workflows/argo/chatty/log?logOptions.container=main");
    expect(got.map((e) => e.content)).toEqual(["a1", "a2", "a3", "b1", "b2", "b3"]);
    const pods = new Set(got.map((e) => e.podName));
    expect(pods.size).toBe(2);
    for (const pod of pods) expect(pod).toMatch(/^chatty-lines-\d+$/);
  });

  it("frames Server-Sent Events when asked", async () => {
    const got = await logs("/api/v1/workflows/argo/chatty/log", "text/event-stream");
    expect(got).toHaveLength(6);
  });

  it("applies grep, tailLines and timestamps", async () => {
    expect((await logs("/api/v1/workflows/argo/chatty/log?grep=%5Eb")).map((e) => e.content)).toEqual([
      "b1",
      "b2",
      "b3",
    ]);
    expect(
      (await logs("/api/v1/workflows/argo/chatty/log?logOptions.tailLines=1")).map((e) => e.content),
    ).toEqual(["a3", "b3"]);
    const stamped = await logs(
      "/api/v1/workflows/argo/chatty/log?logOptions.timestamps=true&logOptions.tailLines=1",
    );
    for (const e of stamped) expect(e.content).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z [ab]3$/);
    expect(await logs("/api/v1/workflows/argo/chatty/log?logOptions.sinceSeconds=0")).toEqual([]);
  });

  it("limits to one pod by query or by path", async () => {
    const wf = (await (await t.call("/api/v1/workflows/argo/chatty")).json()) as Workflow;
    const all = await logs("/api/v1/workflows/argo/chatty/log");
    const pod = all.at(-1)?.podName ?? "";
    expect((await logs(`/api/v1/workflows/argo/chatty/log?podName=${pod}`)).map((e) => e.content)).toEqual([
      "b1",
      "b2",
      "b3",
    ]);
    expect((await logs(`/api/v1/workflows/argo/chatty/${pod}/log?grep=2`)).map((e) => e.content)).toEqual([
      "b2",
    ]);
    expect(wf.status?.phase).toBe("Succeeded");
  });

  it("follows a running workflow until it finishes", async () => {
    await t.controller.submit(
      manifest(`
metadata: {name: slow, namespace: argo}
spec:
  entrypoint: main
  templates:
  - name: main
    container: {image: busybox, command: [sh, -c, "echo start; sleep 1; echo end"]}
`),
    );
    const got = await logs("/api/v1/workflows/argo/slow/log?logOptions.follow=true");
    expect(got.map((e) => e.content)).toEqual(["start", "end"]);
    expect((await t.store.get<Workflow>("Workflow", "argo", "slow"))?.status?.phase).toBe("Succeeded");
  });

  it("answers 404 for an unknown workflow", async () => {
    const res = await t.call("/api/v1/workflows/argo/ghost/log");
    expect(res.status).toBe(404);
    expect(((await res.json()) as { code: number }).code).toBe(5);
  });
});

describe("log files", () => {
  it("reads tails, partial lines and lines without timestamps", async () => {
    const dir = await mkdtemp(join(tmpdir(), "argosy-logs-"));
    const file = join(dir, "main.log");
    await writeFile(file, "2024-01-01T00:00:00.000000001Z one\n2024-01-01T00:00:00.000000002Z two\nthree\n");
    expect(await tailOffset(file, 1)).toBe(70);
    expect(await tailOffset(file, 9)).toBe(0);
    const reader = new LogFileReader(file, { tailLines: 2 });
    const read = await reader.read();
    expect(read.lines.map((l) => [l.timestamp, l.content])).toEqual([
      ["2024-01-01T00:00:00.000000002Z", "two"],
      ["2024-01-01T00:00:00.000000002Z", "three"],
    ]);
    await writeFile(file, "2024-01-01T00:00:01.000000000Z four", { flag: "a" });
    expect((await reader.read()).lines).toEqual([]);
    expect((await reader.read(true)).lines.map((l) => l.content)).toEqual(["four"]);
    expect(parseLogLine("no stamp", "x")).toEqual({ timestamp: "x", content: "no stamp", raw: "no stamp" });
    await rm(dir, { recursive: true, force: true });
  });
});
