import { describe, expect, it } from "vitest";
import { displayNameFor, fnv32a, nodeIdFor, podNameFor } from "./node-id.js";

describe("node naming", () => {
  it.each([
    ["", 2166136261],
    ["a", 3826002220],
    ["foobar", 3214735720],
  ])("hashes %j with 32-bit FNV-1a", (text, hash) => {
    expect(fnv32a(text)).toBe(hash);
  });

  it("gives the root node the workflow name as id", () => {
    expect(nodeIdFor("hello-world-x7k2p", "hello-world-x7k2p")).toBe("hello-world-x7k2p");
  });

  it("derives child ids from the node name", () => {
    expect(nodeIdFor("wf", "wf[0]")).toBe(`wf-${fnv32a("wf[0]")}`);
  });

  it("names pods after workflow, template and node hash", () => {
    expect(podNameFor("wf", "wf[0].a", "echo")).toBe(`wf-echo-${fnv32a("wf[0].a")}`);
    expect(podNameFor("wf", "wf", "echo")).toBe("wf");
  });

  it.each([
    ["wf[0]", "wf", "[0]"],
    ["wf[0].hello1", "wf", "hello1"],
    ["wf.A", "wf", "A"],
    ["wf.A(0:foo)", "wf", "A(0:foo)"],
    ["wf", undefined, "wf"],
    ["wf[1].inner[0].x", "wf[1].inner", "x"],
  ])("displays %s under boundary %s as %s", (name, boundary, display) => {
    expect(displayNameFor(name, boundary)).toBe(display);
  });
});
