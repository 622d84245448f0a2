/**
 * Artifacts end to end through bin/argosy: the local repository by default, and an S3 repository
 * (a real s3rver on 127.0.0.1) chosen by the artifact-repositories ConfigMap.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NodeStatus, Workflow } from "../src/spec/types.js";
import { argosy, argosyAsync } from "./helpers.js";

interface S3rver {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
const S3rverCtor = createRequire(import.meta.url)("s3rver") as new (o: Record<string, unknown>) => S3rver;

const nodes = (wf: Workflow): NodeStatus[] => Object.values(wf.status?.nodes ?? {});
const byDisplay = (wf: Workflow, name: string) => nodes(wf).find((n) => n.displayName === name);

describe("artifacts on the local repository", () => {
  const r = argosy(["run", "test/fixtures/artifacts.yaml", "-o", "json"]);
  const wf = JSON.parse(r.stdout || "{}") as Workflow;

  it("passes an output directory to the next step as an input artifact", () => {
    expect(wf.status?.phase, r.stderr).toBe("Succeeded");
    expect(byDisplay(wf, "consume")?.outputs?.result).toBe("one\ntwo");
  });

  it("records key-only locations in Argo's key format, and main's log as main-logs", () => {
    const produce = byDisplay(wf, "produce");
    const data = produce?.outputs?.artifacts?.find((a) => a.name === "data");
    const podName = `${wf.metadata.name}-produce-`;
    expect(data?.local?.key).toMatch(new RegExp(`^${wf.metadata.name}/${podName}\\d+/data\\.tgz$`));
    const logs = produce?.outputs?.artifacts?.find((a) => a.name === "main-logs");
    expect(logs?.local?.key).toMatch(/\/main\.log$/);
    expect(wf.status?.artifactRepositoryRef).toMatchObject({ default: true });
  });
});

describe("artifact garbage collection", () => {
  it("deletes OnWorkflowCompletion artifacts when the workflow completes and keeps the others", () => {
    const r = argosy(["run", "--keep", "test/fixtures/artifact-gc.yaml", "-o", "json"]);
    const wf = JSON.parse(r.stdout || "{}") as Workflow;
    const home = /kept (\S+)/.exec(r.stderr)?.[1] ?? "";
    expect(wf.status?.artifactGCStatus).toEqual({ strategiesProcessed: { OnWorkflowCompletion: true } });
    const keyOf = (name: string) =>
      nodes(wf)[0]?.outputs?.artifacts?.find((a) => a.name === name)?.local?.key ?? "";
    expect(existsSync(join(home, "artifacts", keyOf("on-completion")))).toBe(false);
    expect(existsSync(join(home, "artifacts", keyOf("on-deletion")))).toBe(true);
    rmSync(home, { recursive: true, force: true });
    const pods = /pods in ([^)\s]+)/.exec(r.stderr)?.[1];
    if (pods) rmSync(pods, { recursive: true, force: true });
  });
});

describe("artifacts on an S3 repository", () => {
  let server: S3rver;
  let dir: string;
  let result: Awaited<ReturnType<typeof argosyAsync>>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "s3rver-"));
    server = new S3rverCtor({ address: "127.0.0.1", port: 0, silent: true, directory: dir });
    const { port } = await server.run();
    const repo = join(dir, "repo.yaml");
    writeFileSync(
      repo,
      `apiVersion: v1
kind: ConfigMap
metadata:
  name: artifact-repositories
  annotations: {workflows.argoproj.io/default-artifact-repository: s3}
data:
  s3: |
    s3:
      endpoint: 127.0.0.1:${port}
      insecure: true
      bucket: argosy-test
      createBucketIfNotPresent: {}
      accessKeySecret: {name: s3-creds, key: access}
      secretKeySecret: {name: s3-creds, key: secret}
---
apiVersion: v1
kind: Secret
metadata: {name: s3-creds}
stringData: {access: S3RVER, secret: S3RVER}
`,
    );
    result = await argosyAsync(["run", "--load", repo, "test/fixtures/artifacts.yaml", "-o", "json"]);
  }, 120_000);

  afterAll(async () => {
    await server?.close();
  });

  it("saves outputs to the bucket as key-only s3 artifacts and reads them back as inputs", () => {
    const wf = JSON.parse(result.stdout || "{}") as Workflow;
    expect(wf.status?.phase, result.stderr).toBe("Succeeded");
    expect(byDisplay(wf, "consume")?.outputs?.result).toBe("one\ntwo");
    const data = byDisplay(wf, "produce")?.outputs?.artifacts?.find((a) => a.name === "data");
    expect(data?.s3).toEqual({ key: expect.stringMatching(/\/data\.tgz$/) });
    expect(wf.status?.artifactRepositoryRef).toMatchObject({ configMap: "artifact-repositories", key: "s3" });
  });
});
