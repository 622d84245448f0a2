import { describe, expect, it } from "vitest";
import { checkBindAllowed, parseAuthMode } from "./mode.js";

describe("checkBindAllowed", () => {
  it.each(["127.0.0.1", "::1", "[::1]", "localhost", "LOCALHOST"])("lets server mode bind %s", (host) => {
    expect(() => checkBindAllowed("server", host)).not.toThrow();
  });
  it.each(["0.0.0.0", "::", "", "192.168.1.10", "example.com"])("refuses server mode on '%s'", (host) => {
    expect(() => checkBindAllowed("server", host)).toThrow(
      expect.objectContaining({ code: "Invalid", message: expect.stringMatching(/--auth-mode client/) }),
    );
  });
  it("lets client mode bind anything", () => {
    expect(() => checkBindAllowed("client", "0.0.0.0")).not.toThrow();
  });
});

describe("parseAuthMode", () => {
  it("defaults to server and refuses what argosy does not do", () => {
    expect(parseAuthMode(undefined)).toBe("server");
    expect(parseAuthMode("client")).toBe("client");
    expect(() => parseAuthMode("sso")).toThrow(/not supported/);
    expect(() => parseAuthMode("open")).toThrow(/must be server or client/);
  });
});
