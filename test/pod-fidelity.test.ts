/**
 * Pods as Kubernetes runs them, on this machine: real processes under the host executor.
 */
import { describe, expect, it } from "vitest";
import type { NodeStatus, Workflow } from "../src/spec/types.js";
import { argosy } from "./helpers.js";

describe("pod fidelity (real processes)", () => {
  const r = argosy(["run", "test/fixtures/pod-fidelity.yaml", "-o", "json"]);
  const wf = JSON.parse(r.stdout || "{}") as Workflow;
  const node = (display: string): NodeStatus | undefined =>
    Object.values(wf.status?.nodes ?? {}).find((n) => n.displayName === display);

  it("succeeds", () => {
    expect(wf.status?.phase, r.stderr).toBe("Succeeded");
  });

  it("reaches a daemon by {{steps.server.ip}} from a later step, then stops it", () => {
    expect(node("server")).toMatchObject({ daemoned: true, phase: "Succeeded", podIP: "127.0.0.1" });
    expect(node("client")?.outputs?.result).toBe("daemon-says-hi");
  });

  it("reaches a sidecar on 127.0.0.1", () => {
    expect(node("with-sidecar")?.outputs?.result).toBe("sidecar-says-hi");
  });

  it("runs a containerSet's containers by their dependencies, with a Container node each", () => {
    const graph = node("graph");
    expect(graph?.outputs?.result).toBe("main-after-a-and-b");
    expect(["a", "b", "main"].map((c) => node(c)?.type)).toEqual(["Container", "Container", "Container"]);
    expect(node("main")?.phase).toBe("Succeeded");
  });

  it("shares an emptyDir mount between an init container and main", () => {
    expect(node("shared-volume")?.outputs?.result).toBe("prepared");
  });
});
