import { describe, expect, it } from "vitest";
import { runFake } from "./testing.js";

describe("pod requests", () => {
  const run = runFake(`
spec:
  entrypoint: t
  volumes: [{name: shared, emptyDir: {}}]
  volumeClaimTemplates: [{metadata: {name: workdir}, spec: {accessModes: [ReadWriteOnce]}}]
  templates:
  - name: t
    inputs:
      artifacts: [{name: greeting, path: /tmp/greeting.txt, mode: 420, raw: {data: hello}}]
    volumes: [{name: cfg, configMap: {name: settings}}]
    initContainers: [{name: prep, image: busybox, command: [touch, /work/ready], volumeMounts: [{name: workdir, mountPath: /work}]}]
    sidecars: [{name: helper, image: nginx:1.13, mirrorVolumeMounts: true}]
    container:
      image: busybox
      resources: {limits: {memory: 64Mi}}
      volumeMounts: [{name: shared, mountPath: /shared}]
`);
  const pod = run.pods[0];

  it("carries the workflow's, the template's and the claims' volumes", () => {
    expect(pod?.volumes).toEqual([
      { name: "shared", emptyDir: {} },
      { name: "cfg", configMap: { name: "settings" } },
      { name: "workdir", persistentVolumeClaim: { claimName: "wf-workdir" } },
      { name: "input-artifact-greeting", files: { data: "hello" }, defaultMode: 0o644 },
    ]);
    expect(run.workflow.status?.persistentVolumeClaims).toEqual([
      { name: "workdir", persistentVolumeClaim: { claimName: "wf-workdir" } },
    ]);
  });

  it("mounts raw input artifacts at their paths and keeps the main container's own mounts and limits", () => {
    expect(pod?.main.volumeMounts).toEqual([
      { name: "shared", mountPath: "/shared" },
      { name: "input-artifact-greeting", mountPath: "/tmp/greeting.txt", subPath: "data" },
    ]);
    expect(pod?.main.resources).toEqual({ limits: { memory: "64Mi" } });
  });

  it("passes init containers and sidecars", () => {
    expect(pod?.initContainers?.[0]).toMatchObject({ name: "prep", command: ["touch", "/work/ready"] });
    expect(pod?.sidecars?.[0]).toMatchObject({
      name: "helper",
      image: "nginx:1.13",
      mirrorVolumeMounts: true,
    });
  });
});
