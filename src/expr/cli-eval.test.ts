import { describe, expect, it } from "vitest";
import { evaluateForCli, flattenVars } from "./cli-eval.js";

describe("argosy expr core", () => {
  const ok = (input: string, vars: Record<string, unknown> = {}) => evaluateForCli(input, vars);

  it("evaluates an expression tag in a template", () => {
    expect(ok("{{=sprig.add(1, 2)}}")).toEqual({ ok: true, output: "3" });
  });

  it("prints arrays as compact JSON", () => {
    expect(ok("filter([1,2,3], {# > 1})")).toEqual({ ok: true, output: "[2,3]" });
  });

  it("prints strings as they are and nil as nil", () => {
    expect(ok("'a' + 'b'")).toEqual({ ok: true, output: "ab" });
    expect(ok("nil")).toEqual({ ok: true, output: "nil" });
  });

  it("prints durations the Go way", () => {
    expect(ok("duration('90m')")).toEqual({ ok: true, output: "1h30m0s" });
  });

  it("reads nested variables in expression mode", () => {
    expect(ok("inputs.parameters.x * 2", { inputs: { parameters: { x: 21 } } })).toEqual({
      ok: true,
      output: "42",
    });
  });

  it("mixes simple and expression tags in template mode", () => {
    const vars = { inputs: { parameters: { who: "world" } } };
    expect(ok("hi {{inputs.parameters.who}} {{= upper(inputs.parameters.who) }}", vars)).toEqual({
      ok: true,
      output: "hi world WORLD",
    });
  });

  it("shows a syntax error with its column and a caret", () => {
    expect(ok("len(1, ))")).toEqual({
      ok: false,
      error: 'syntax error at column 9: unexpected token ")"\n  len(1, ))\n          ^',
    });
  });

  it("shows a runtime error", () => {
    const result = ok("1 % 0");
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.error).toContain("error at column 3: integer divide by zero");
  });

  it("reports an unresolved strict tag", () => {
    expect(ok("{{inputs.parameters.nope}}")).toEqual({
      ok: false,
      error: "failed to resolve {{inputs.parameters.nope}}",
    });
  });

  it("flattens nested variables into dotted string keys", () => {
    const flat = flattenVars({ a: { b: 1, c: "x" }, l: [1] });
    expect(flat.get("a.b")).toBe("1");
    expect(flat.get("a.c")).toBe("x");
    expect(flat.get("l")).toBe("[1]");
  });
});
