import { describe, expect, it } from "vitest";
import { filterScript } from "./script.js";

describe("script filter", () => {
  const data = { a: "b", c: 10 };

  it("passes when the script returns true (Argo's example)", async () => {
    expect(
      await filterScript('if event.a == "b" and event.c == 10 then return true else return false end', data),
    ).toEqual({
      pass: true,
    });
  });

  it("fails when it returns false, nil or another value", async () => {
    expect(await filterScript("return false", data)).toEqual({
      pass: false,
      reason: "script filter: returned false",
    });
    expect(await filterScript("local x = 1", data)).toEqual({
      pass: false,
      reason: "script filter: returned nil",
    });
    expect(await filterScript('return "true"', data)).toEqual({
      pass: false,
      reason: "script filter: returned a string",
    });
  });

  it("fails with the Lua error as reason", async () => {
    const r = await filterScript("return event.missing.field", data);
    expect(r.pass).toBe(false);
    expect(r.reason).toMatch(/^script filter: .*attempt to index a nil value/);
  });

  it("passes without a script or data", async () => {
    expect((await filterScript(undefined, data)).pass).toBe(true);
    expect((await filterScript("return false", undefined)).pass).toBe(true);
  });
});
