import { describe, expect, it } from "vitest";
import { fnv32a as serverFnv, podNameFor as serverPodName } from "../../../src/engine/node-id.js";
import { fnv32a, podNameFor } from "./pod-name.js";

describe("podNameFor", () => {
  it("matches the server's pod names, including non-ASCII node names", () => {
    for (const name of ["wf[0].a", "wf.task(0:héllo)", "wf", "wf.onExit", "x".repeat(300)]) {
      expect(fnv32a(name)).toBe(serverFnv(name));
      expect(podNameFor("wf", { name, templateName: "echo" })).toBe(serverPodName("wf", name, "echo"));
    }
  });

  it("uses templateRef.template when the node came from a template reference", () => {
    const node = { name: "wf.a", templateName: "x", templateRef: { name: "lib", template: "say" } };
    expect(podNameFor("wf", node)).toBe(`wf-say-${fnv32a("wf.a")}`);
  });
});
