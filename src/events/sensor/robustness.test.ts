/**
 * Seeded property test: random inputs built from each language's own pieces never escape as
 * anything but an `ArgosyError` (bad input must not crash a sensor).
 */
import { describe, expect, it } from "vitest";
import { isArgosyError } from "../../util/errors.js";
import { parseConditions } from "./conditions.js";
import { renderGoTemplate } from "./gotemplate/index.js";
import { getPath, setPath } from "./paths.js";

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function randomText(next: () => number, pieces: readonly string[], max: number): string {
  const n = Math.floor(next() * max);
  let out = "";
  for (let k = 0; k < n; k++) out += pieces[Math.floor(next() * pieces.length)];
  return out;
}

const data = { Input: { a: [1, { b: "x" }], s: "str", n: 2.5, m: { k: null } } };

function onlyArgosyErrors(run: () => unknown): void {
  try {
    run();
  } catch (e) {
    if (!isArgosyError(e)) throw e;
  }
}

describe("robustness", () => {
  it("Go templates fail only with ArgosyError", () => {
    const next = rng(7);
    const pieces = [
      "{{",
      "}}",
      "{{-",
      " -}}",
      " ",
      ".Input",
      ".a",
      ".b",
      ".s",
      "$",
      "$x",
      ":=",
      "=",
      "|",
      "(",
      ")",
      '"q"',
      "`r`",
      "'c'",
      "1",
      "2.5",
      "-",
      "if",
      "else",
      "end",
      "range",
      "with",
      "break",
      "len",
      "index",
      "printf",
      '"%d %s %v"',
      "eq",
      "lt",
      "and",
      "or",
      "not",
      "upper",
      "default",
      "toJson",
      "int",
      "nil",
      "true",
      "/*",
      "*/",
      ",",
    ];
    for (let k = 0; k < 3000; k++) {
      const t = randomText(next, pieces, 24);
      onlyArgosyErrors(() => renderGoTemplate(t, data));
    }
  });

  it("conditions fail only with ArgosyError", () => {
    const next = rng(11);
    const pieces = ["a", "b-1", "c.d", "&&", "||", "(", ")", " ", "&", "|", "!", "é"];
    for (let k = 0; k < 2000; k++) {
      const text = randomText(next, pieces, 16);
      onlyArgosyErrors(() => parseConditions(text).evaluate(new Set(["a"])));
    }
  });

  it("paths never throw on read and only ArgosyError on write", () => {
    const next = rng(13);
    const pieces = [
      "a",
      "0",
      "1",
      "-1",
      ".",
      "|",
      "#",
      "#(",
      ")",
      "*",
      "?",
      "\\",
      ":",
      '"',
      "==",
      "%",
      "b",
      ">",
    ];
    for (let k = 0; k < 3000; k++) {
      const path = randomText(next, pieces, 12);
      expect(() => getPath(data, path)).not.toThrow();
      onlyArgosyErrors(() => setPath(data, path, 1));
    }
  });
});
