import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultStorePath } from "./index.js";

describe("defaultStorePath", () => {
  it("puts the database in the Argosy home folder as argosy.db", () => {
    expect(defaultStorePath("/home/u/.argosy")).toBe(join("/home/u/.argosy", "argosy.db"));
  });
});
