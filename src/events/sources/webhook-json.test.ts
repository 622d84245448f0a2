import { describe, expect, it } from "vitest";
import { canonicalHeaderKey, goRequestHeader, muxCleanPath, parseGoQuery } from "./webhook-http.js";
import { goJsonSyntaxError } from "./webhook-json.js";

const check = (text: string | Uint8Array) =>
  goJsonSyntaxError(typeof text === "string" ? Buffer.from(text, "utf8") : text);

describe("Go's JSON syntax check", () => {
  it.each([
    ['{"a": [1, 2.5e-3, -0, true, false, null, "x\\u00e9\\n"]}'],
    ["  [ ]  "],
    ["{}"],
    ['"just a string"'],
    ["123"],
  ])("accepts %s", (text) => {
    expect(check(text)).toBeUndefined();
  });

  it.each([
    ["hello", "invalid character 'h' looking for beginning of value"],
    ["", "unexpected end of JSON input"],
    ["   ", "unexpected end of JSON input"],
    ['{"a":1', "unexpected end of JSON input"],
    ['{"a":1}x', "invalid character 'x' after top-level value"],
    ["01", "invalid character '1' after top-level value"],
    ["{a:1}", "invalid character 'a' looking for beginning of object key string"],
    ['{"a" 1}', "invalid character '1' after object key"],
    ['{"a":1 "b":2}', "invalid character '\"' after object key:value pair"],
    ["[1 2]", "invalid character '2' after array element"],
    ["[1,]", "invalid character ']' looking for beginning of value"],
    ['"a\tb"', "invalid character '\\t' in string literal"],
    ['"\\x"', "invalid character 'x' in string escape code"],
    ['"\\u12g4"', "invalid character 'g' in \\u hexadecimal character escape"],
    ["-a", "invalid character 'a' in numeric literal"],
    ["1.", "invalid character ' ' after decimal point in numeric literal"],
    ["1.e5", "invalid character 'e' after decimal point in numeric literal"],
    ["1e+", "invalid character ' ' in exponent of numeric literal"],
    ["tru", "invalid character ' ' in literal true (expecting 'e')"],
    ["nul!", "invalid character '!' in literal null (expecting 'l')"],
    ["fals3", "invalid character '3' in literal false (expecting 'e')"],
    ["'x'", "invalid character '\\'' looking for beginning of value"],
    ["\ufeff{}", "invalid character 'ï' looking for beginning of value"],
    ["\u0000", "invalid character '\\x00' looking for beginning of value"],
  ])("refuses %j with Go's message", (text, message) => {
    expect(check(text)).toBe(message);
  });

  it("reports Go's depth limit without recursing", () => {
    expect(check("[".repeat(10001))).toBe("invalid character '[' exceeded max depth");
    expect(check(`${"[".repeat(10000)}${"]".repeat(10000)}`)).toBeUndefined();
  });
});

describe("Go's http and url pieces", () => {
  it("canonicalises header names as textproto does", () => {
    expect(canonicalHeaderKey("x-github-EVENT")).toBe("X-Github-Event");
    expect(canonicalHeaderKey("content-type")).toBe("Content-Type");
    const header = goRequestHeader(["host", "h", "X-A", "1", "x-a", "2", "Pragma", "no-cache"]);
    expect(Object.fromEntries(header)).toEqual({
      "X-A": ["1", "2"],
      Pragma: ["no-cache"],
      "Cache-Control": ["no-cache"],
    });
  });

  it("parses queries as url.ParseQuery, keeping the good pairs and the first error", () => {
    expect(parseGoQuery("b=2&a=1&a=&c&x=%41+b")).toEqual({
      values: { a: ["1", ""], b: ["2"], c: [""], x: ["A b"] },
      error: undefined,
    });
    expect(parseGoQuery("a=1;b=2&c=%g1&d=4")).toEqual({
      values: { d: ["4"] },
      error: "invalid semicolon separator in query",
    });
    expect(parseGoQuery("c=%4").error).toBe('invalid URL escape "%4"');
  });

  it("cleans paths as gorilla/mux does", () => {
    expect(muxCleanPath("/a//b/./c/../d/")).toBe("/a/b/d/");
    expect(muxCleanPath("/")).toBe("/");
    expect(muxCleanPath("/x")).toBe("/x");
  });
});
