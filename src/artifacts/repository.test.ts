import { describe, expect, it } from "vitest";
import {
  type ArtifactRepository,
  artifactRepositoryFor,
  type ConfigMapLike,
  keyOnly,
  LOCAL_DEFAULT_REPOSITORY,
  outputLocation,
  type RepositorySelection,
} from "./repository.js";

const annotation = "workflows.argoproj.io/default-artifact-repository";
const cm = (
  namespace: string,
  name: string,
  data: Record<string, string>,
  defaultKey?: string,
): ConfigMapLike => ({
  metadata: { name, namespace, ...(defaultKey ? { annotations: { [annotation]: defaultKey } } : {}) },
  data,
});
const s3Yaml = (bucket: string) => `s3:\n  bucket: ${bucket}\n  endpoint: minio:9000\n  insecure: true\n`;
const configured: ArtifactRepository = { s3: { bucket: "configured", endpoint: "s3.example.com" } };

const wfNsDefault = cm(
  "argo",
  "artifact-repositories",
  { "my-repo": s3Yaml("ns-default"), other: s3Yaml("other") },
  "my-repo",
);
const controllerNs = cm("ctrl", "artifact-repositories", { shared: s3Yaml("ctrl-shared") });
const custom = cm("argo", "custom-repos", { special: s3Yaml("special") }, "special");

describe("artifactRepositoryFor", () => {
  const cases: {
    name: string;
    sel: Omit<RepositorySelection, "namespace">;
    bucket?: string;
    status: object;
  }[] = [
    {
      name: "uses the workflow namespace's artifact-repositories default key",
      sel: { configMaps: [wfNsDefault], configured },
      bucket: "ns-default",
      status: { configMap: "artifact-repositories", key: "my-repo", namespace: "argo" },
    },
    {
      name: "falls back to the configured repository without a ConfigMap",
      sel: { configMaps: [], configured },
      bucket: "configured",
      status: { default: true },
    },
    {
      name: "falls back to the configured repository when the ConfigMap has no default annotation",
      sel: { configMaps: [cm("argo", "artifact-repositories", { x: s3Yaml("x") })], configured },
      bucket: "configured",
      status: { default: true },
    },
    {
      name: "uses a ref's key in the default ConfigMap",
      sel: { ref: { key: "other" }, configMaps: [wfNsDefault] },
      bucket: "other",
      status: { configMap: "artifact-repositories", key: "other", namespace: "argo" },
    },
    {
      name: "uses a ref's ConfigMap and its default annotation",
      sel: { ref: { configMap: "custom-repos" }, configMaps: [custom, wfNsDefault] },
      bucket: "special",
      status: { configMap: "custom-repos", key: "special", namespace: "argo" },
    },
    {
      name: "looks a ref up in the controller namespace when the workflow's lacks it",
      sel: { ref: { key: "shared" }, controllerNamespace: "ctrl", configMaps: [wfNsDefault, controllerNs] },
      bucket: "ctrl-shared",
      status: { configMap: "artifact-repositories", key: "shared", namespace: "ctrl" },
    },
  ];
  it.each(cases)("$name", ({ sel, bucket, status }) => {
    const got = artifactRepositoryFor({ namespace: "argo", ...sel });
    expect(got.repository.s3?.bucket).toBe(bucket);
    expect(got.status).toMatchObject(status);
    expect(got.status.artifactRepository).toEqual(got.repository);
  });

  it("uses Argosy's local directory when nothing is configured", () => {
    expect(artifactRepositoryFor({ namespace: "argo", configMaps: [] })).toEqual({
      repository: LOCAL_DEFAULT_REPOSITORY,
      status: { default: true, artifactRepository: LOCAL_DEFAULT_REPOSITORY },
    });
  });

  it("fails when a ref names nothing that exists", () => {
    expect(() =>
      artifactRepositoryFor({
        namespace: "argo",
        ref: { key: "missing" },
        configMaps: [wfNsDefault],
        configured,
      }),
    ).toThrow(expect.objectContaining({ code: "NotFound" }));
  });

  it("rejects a ConfigMap value that is not YAML", () => {
    const bad = cm("argo", "artifact-repositories", { k: "s3: [unclosed" }, "k");
    expect(() => artifactRepositoryFor({ namespace: "argo", configMaps: [bad] })).toThrow(
      expect.objectContaining({ code: "Invalid" }),
    );
  });
});

describe("outputLocation", () => {
  const base = { workflowName: "wf-abc", podName: "wf-abc-main-123", artifactName: "out" };
  it.each([
    ["tar (default)", {}, undefined, "wf-abc/wf-abc-main-123/out.tgz"],
    [
      "tar with a level",
      { archive: { tar: { compressionLevel: 1 } } },
      undefined,
      "wf-abc/wf-abc-main-123/out.tgz",
    ],
    ["zip", { archive: { zip: {} } }, undefined, "wf-abc/wf-abc-main-123/out.zip"],
    [
      "none (the path's base name)",
      { archive: { none: {} }, artifactPath: "/tmp/result.txt" },
      undefined,
      "wf-abc/wf-abc-main-123/result.txt",
    ],
    [
      "a keyFormat with variables",
      { variables: { "workflow.namespace": "argo" } },
      "{{workflow.namespace}}/{{workflow.name}}",
      "argo/wf-abc/out.tgz",
    ],
  ] as const)("names the key for %s", (_what, extra, keyFormat, key) => {
    const repository: ArtifactRepository = {
      s3: { bucket: "b", endpoint: "e", ...(keyFormat ? { keyFormat } : {}) },
    };
    expect(outputLocation({ ...base, ...extra, repository }).s3).toEqual({ bucket: "b", endpoint: "e", key });
    expect(
      outputLocation({ ...base, ...extra, repository: { local: keyFormat ? { keyFormat } : {} } }),
    ).toEqual({
      local: { key },
    });
  });

  it("joins the deprecated keyPrefix with the default format", () => {
    const repository = { s3: { bucket: "b", endpoint: "e", keyPrefix: "prefix" } };
    expect(outputLocation({ ...base, repository }).s3?.key).toBe("prefix/wf-abc/wf-abc-main-123/out.tgz");
  });

  it("rejects an unresolved variable in keyFormat", () => {
    const repository = { s3: { bucket: "b", keyFormat: "{{workflow.uid}}/x" } };
    expect(() => outputLocation({ ...base, repository })).toThrow(
      expect.objectContaining({ code: "Invalid" }),
    );
  });
});

describe("keyOnly", () => {
  const repository: ArtifactRepository = {
    s3: {
      bucket: "repo",
      endpoint: "minio:9000",
      keyFormat: "ignored",
      accessKeySecret: { name: "s", key: "a" },
    },
  };
  it("fills a key-only s3 artifact from the repository, keeping the key", () => {
    expect(keyOnly({ s3: { key: "my-file" } }, repository)).toEqual({
      s3: {
        bucket: "repo",
        endpoint: "minio:9000",
        accessKeySecret: { name: "s", key: "a" },
        key: "my-file",
      },
    });
  });
  it("relocates a key-only s3 artifact into Argosy's local default", () => {
    expect(keyOnly({ s3: { key: "my-file" } }, LOCAL_DEFAULT_REPOSITORY)).toEqual({
      local: { key: "my-file" },
    });
  });
  it("leaves whole locations alone", () => {
    const whole = { s3: { bucket: "own", endpoint: "own:9000", key: "k" } };
    expect(keyOnly(whole, repository)).toBe(whole);
    const http = { http: { url: "http://x" } };
    expect(keyOnly(http, repository)).toBe(http);
  });
});
