import { describe, expect, it } from "vitest";
import { loadConfig } from "./config.js";

describe("loadConfig", () => {
  it("uses documented defaults", () => {
    const c = loadConfig({}, { HOME: "/h" }, 2);
    expect(c.sandbox).toBe("auto");
    expect(c.maxPods).toBe(8);
    expect(c.namespace).toBe("default");
    expect(c.home.endsWith(".argosy")).toBe(true);
  });

  it("lets the environment override defaults and flags override the environment", () => {
    const env = { ARGOSY_HOME: "/data", ARGOSY_SANDBOX: "none", ARGOSY_MAX_PODS: "3" };
    expect(loadConfig({}, env).home).toBe("/data");
    expect(loadConfig({}, env).sandbox).toBe("none");
    expect(loadConfig({ sandbox: "bwrap" }, env).sandbox).toBe("bwrap");
    expect(loadConfig({}, env).maxPods).toBe(3);
  });

  it("rejects a bad sandbox mode with the variable's name", () => {
    expect(() => loadConfig({}, { ARGOSY_SANDBOX: "docker" })).toThrow(/ARGOSY_SANDBOX/);
  });

  it("reads the archive and retention settings", () => {
    const c = loadConfig({}, { ARGOSY_ARCHIVE: "false", ARGOSY_RETENTION: "completed=10, failed=2" });
    expect(c.archive).toBe(false);
    expect(c.retention).toEqual({ completed: 10, failed: 2 });
    expect(loadConfig({}, {}).archive).toBe(true);
    expect(() => loadConfig({}, { ARGOSY_RETENTION: "done=1" })).toThrow(/ARGOSY_RETENTION/);
  });
});
