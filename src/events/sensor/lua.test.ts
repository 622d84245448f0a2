import { describe, expect, it } from "vitest";
import { runLua } from "./lua.js";

describe("Lua scripts (wasmoon)", () => {
  it("sees the event data as the global event", async () => {
    const data = { a: "b", n: 3, f: 0.5, list: ["x", "y"], nested: { ok: true } };
    const r = await runLua(
      "return event.a .. event.n .. #event.list .. event.list[2] .. tostring(event.nested.ok)",
      data,
    );
    expect(r).toEqual({ type: "string", value: "b32ytrue" });
  });

  it("returns tables as objects or arrays, the way Argo converts them", async () => {
    const r = await runLua('event.added = "z"; event.list = {1, 2.5, "s"}; event.empty = {}; return event', {
      a: 1,
    });
    expect(r.type).toBe("table");
    expect(r.value).toEqual({ a: 1, added: "z", list: [1, 2.5, "s"], empty: {} });
    const arr = await runLua("return setmetatable({}, {__is_array = true})", {});
    expect(arr.value).toEqual([]);
  });

  it("leaves nulls out of the event table", async () => {
    const r = await runLua("return event.gone == nil and #event.list", { gone: null, list: [1, null, 2] });
    expect(r.value).toBe(2);
  });

  it("returns the last of several values, or nil for none", async () => {
    expect((await runLua("return true, false", {})).value).toBe(false);
    expect(await runLua("local x = 1", {})).toEqual({ type: "nil", value: null });
  });

  it("escapes strings faithfully", async () => {
    const r = await runLua('return "q\\"b\\\\n\\n\\t\\1 é"', {});
    expect(r.value).toBe('q"b\\n\n\t\u0001 é');
  });

  it("removes io, os, require, load, dofile and friends", async () => {
    const r = await runLua(
      "return {io == nil, os == nil, require == nil, load == nil, loadfile == nil, dofile == nil, package == nil, debug == nil, print == nil, string.dump == nil}",
      {},
    );
    expect(r.value).toEqual(Array(10).fill(true));
    await expect(runLua('return io.open("/etc/passwd")', {})).rejects.toThrow(/attempt to index a nil value/);
  });

  it("reports syntax and runtime errors as Invalid", async () => {
    await expect(runLua("return +", {})).rejects.toThrow(expect.objectContaining({ code: "Invalid" }));
    await expect(runLua("error('boom')", {})).rejects.toThrow(/boom/);
    await expect(runLua("return function() end", {})).resolves.toEqual({ type: "function", value: null });
    await expect(runLua("return 0/0", {})).rejects.toThrow(/nan/);
  });

  it("stops endless loops at the time limit", async () => {
    await expect(runLua("while true do end", {}, { timeoutMs: 100 })).rejects.toThrow(
      "script exceeded its time limit of 100 ms",
    );
  });

  it("stops memory hogs and keeps working afterwards", async () => {
    await expect(
      runLua(
        "local t = {} for i = 1, 1e9 do t[i] = string.rep('x', 1000) .. i end",
        {},
        { timeoutMs: 20_000 },
      ),
    ).rejects.toThrow("script ran out of memory");
    expect((await runLua("return 1 + 1", {})).value).toBe(2);
  });
});
