import { describe, expect, it } from "vitest";
import { fnv32a } from "./node-id.js";
import { runFake } from "./testing.js";

const id = (name: string) => `wf-${fnv32a(name)}`;

describe("containerSet", () => {
  const yaml = `
spec:
  entrypoint: main
  templates:
  - name: main
    containerSet:
      containers:
      - {name: a, image: busybox}
      - {name: b, image: busybox, dependencies: [a]}
      - {name: main, image: busybox, dependencies: [a]}
`;
  it("creates a Container node per container, wired by dependencies, phased by each exit", () => {
    const run = runFake(yaml, () => ({
      result: "from main",
      containers: {
        a: { exitCode: 0, result: "A" },
        b: { exitCode: 2 },
        main: { exitCode: 0, result: "from main" },
      },
    }));
    const pod = run.byName("");
    expect(pod.type).toBe("Pod");
    expect(pod.children).toEqual([id("wf.a")]);
    expect(run.byName(".a")).toMatchObject({
      type: "Container",
      boundaryID: "wf",
      displayName: "a",
      phase: "Succeeded",
    });
    expect(run.byName(".a").children).toEqual([id("wf.b"), id("wf.main")]);
    expect(run.byName(".b")).toMatchObject({ phase: "Failed", message: "Error (exit code 2)" });
    expect(pod.outputs?.result).toBe("from main");
    expect(run.pods[0]?.containerSet?.containers.map((c) => c.name)).toEqual(["a", "b", "main"]);
  });
});

describe("daemons", () => {
  const yaml = `
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: server, template: server}
    - - {name: client, template: client, arguments: {parameters: [{name: ip, value: "{{steps.server.ip}}"}]}}
  - name: server
    daemon: true
    container: {image: nginx:1.13, readinessProbe: {httpGet: {path: /, port: 80}}}
  - name: client
    inputs: {parameters: [{name: ip}]}
    container: {image: curlimages/curl, args: ["{{inputs.parameters.ip}}"]}
`;
  it("lets the next step run once the daemon is ready, with its ip, and stops it when the steps end", () => {
    const run = runFake(yaml, () => ({ exitCode: 0 }), {
      holdPods: (pod) => pod.templateName === "server",
      podIP: "127.0.0.1",
    });
    const server = run.byName("[0].server");
    expect(server).toMatchObject({ daemoned: true, podIP: "127.0.0.1", phase: "Succeeded" });
    expect(run.pods[0]?.daemon).toEqual({ readinessProbe: { httpGet: { path: "/", port: 80 } } });
    expect(run.pods[1]?.main.args).toEqual(["127.0.0.1"]);
    expect(run.kills).toEqual([run.pods[0]?.podName]);
    expect(run.workflow.status?.phase).toBe("Succeeded");
  });
});
