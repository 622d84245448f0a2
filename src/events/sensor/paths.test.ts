import { describe, expect, it } from "vitest";
import { getPath, setPath } from "./paths.js";

// The document of gjson's SYNTAX.md.
const doc = {
  name: { first: "Tom", last: "Anderson" },
  age: 37,
  children: ["Sara", "Alex", "Jack"],
  "fav.movie": "Deer Hunter",
  friends: [
    { first: "Dale", last: "Murphy", age: 44, nets: ["ig", "fb", "tw"] },
    { first: "Roger", last: "Craig", age: 68, nets: ["fb", "tw"] },
    { first: "Jane", last: "Murphy", age: 47, nets: ["ig", "tw"] },
  ],
};

describe("getPath (gjson)", () => {
  const cases: [string, unknown][] = [
    ["name.last", "Anderson"],
    ["age", 37],
    ["children", ["Sara", "Alex", "Jack"]],
    ["children.0", "Sara"],
    ["children.1", "Alex"],
    ["friends.1.first", "Roger"],
    ["child*.2", "Jack"],
    ["c?ildren.0", "Sara"],
    ["fav\\.movie", "Deer Hunter"],
    ["friends.#", 3],
    ["friends.#.age", [44, 68, 47]],
    ["friends.#.nets.#", [3, 2, 2]],
    ['friends.#(last=="Murphy").first', "Dale"],
    ['friends.#(last=="Murphy")#.first', ["Dale", "Jane"]],
    ["friends.#(age>45)#.last", ["Craig", "Murphy"]],
    ['friends.#(first%"D*").last', "Murphy"],
    ['friends.#(first!%"D*").last', "Craig"],
    ['children.#(!%"*a*")', "Alex"],
    ['children.#(%"*a*")#', ["Sara", "Jack"]],
    ['friends.#(nets.#(=="fb"))#.first', ["Dale", "Roger"]],
    ["friends|0.first", "Dale"],
    ['friends.#(last="Murphy")#|#', 2],
    ["friends.#(nets)#.first", ["Dale", "Roger", "Jane"]],
  ];
  it.each(cases)("reads %s", (path, want) => {
    expect(getPath(doc, path)).toEqual(want);
  });

  const missing = [
    "name.middle",
    "children.3",
    "children.x",
    "age.value",
    "friends.#(age>100).first",
    "fav.movie",
    "",
    "children.-1",
  ];
  it.each(missing)("returns undefined for missing %j", (path) => {
    expect(getPath(doc, path)).toBeUndefined();
  });

  it("reads keys from scalars and null as missing", () => {
    expect(getPath(null, "a")).toBeUndefined();
    expect(getPath("text", "length")).toBeUndefined();
    expect(getPath({ a: null }, "a")).toBeNull();
    expect(getPath({ a: null }, "a.b")).toBeUndefined();
  });

  it("treats numeric keys of objects as keys and does not reach the prototype", () => {
    expect(getPath({ "1": "one" }, "1")).toBe("one");
    expect(getPath({}, "constructor")).toBeUndefined();
    expect(getPath({}, "__proto__")).toBeUndefined();
  });
});

describe("setPath (sjson)", () => {
  const base = { name: { first: "Janet", last: "Prichard" }, age: 47 };

  it("sets a nested value without mutating the input", () => {
    const out = setPath(base, "name.last", "Anderson");
    expect(out).toEqual({ name: { first: "Janet", last: "Anderson" }, age: 47 });
    expect(base.name.last).toBe("Prichard");
  });

  it("creates missing objects and arrays", () => {
    expect(setPath(undefined, "name", "Tom")).toEqual({ name: "Tom" });
    expect(setPath(undefined, "name.last", "Anderson")).toEqual({ name: { last: "Anderson" } });
    expect(setPath({}, "children.1", "Sara")).toEqual({ children: [null, "Sara"] });
  });

  it("appends with -1 and pads past the end with null", () => {
    const friends = { friends: ["Andy", "Carol"] };
    expect(setPath(friends, "friends.2", "Sara")).toEqual({ friends: ["Andy", "Carol", "Sara"] });
    expect(setPath(friends, "friends.-1", "Sara")).toEqual({ friends: ["Andy", "Carol", "Sara"] });
    expect(setPath(friends, "friends.4", "Sara")).toEqual({ friends: ["Andy", "Carol", null, null, "Sara"] });
    expect(friends.friends).toHaveLength(2);
  });

  it("forces object keys with a colon and honours escapes", () => {
    expect(setPath({}, "users.:2313.name", "Sara")).toEqual({ users: { "2313": { name: "Sara" } } });
    expect(setPath({}, "fav\\.movie", "Deer Hunter")).toEqual({ "fav.movie": "Deer Hunter" });
  });

  it("sets numeric keys inside existing objects as keys", () => {
    expect(setPath({ a: {} }, "a.0", 1)).toEqual({ a: { "0": 1 } });
  });

  it("replaces a scalar in the way with a container", () => {
    expect(setPath({ a: "x" }, "a.b", 1)).toEqual({ a: { b: 1 } });
  });

  it("keeps __proto__ an ordinary key", () => {
    const out = setPath({}, "__proto__.polluted", true) as Record<string, unknown>;
    expect(Object.hasOwn(out, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("rejects empty paths, wildcards and keys into arrays", () => {
    expect(() => setPath({}, "", 1)).toThrow(/path cannot be empty/);
    expect(() => setPath({}, "a.*", 1)).toThrow(/wildcard/);
    expect(() => setPath({ a: [1] }, "a.b", 1)).toThrow(/cannot set key "b" in an array/);
  });
});

describe("getPath limits", () => {
  it("matches long keys against wildcards without recursion", () => {
    const key = `${"a".repeat(50_000)}b`;
    expect(getPath({ [key]: 1 }, "a*b")).toBe(1);
    expect(getPath({ [key]: 1 }, "*a?")).toBe(1);
    expect(getPath({ [key]: 1 }, "a*c")).toBeUndefined();
  });

  it("gives up on absurdly nested queries", () => {
    const path = `${"#(".repeat(40)}x${")".repeat(40)}`;
    expect(getPath([[1]], path)).toBeUndefined();
  });
});
