import { describe, expect, it } from "vitest";
import type { DataFilter } from "../../types.js";
import { filterData } from "./data.js";

const data = {
  header: { "X-Count": ["3"] },
  body: {
    action: "opened",
    value: 51.5,
    count: 3,
    draft: false,
    flag: "true",
    message: "aGVsbG8gd29ybGQ=",
    labels: [{ name: "Webhook" }, { name: "Approved" }],
    nested: { deep: "x" },
  },
};

const run = (filters: DataFilter[], op?: string) => filterData(filters, op, data);

describe("data filters", () => {
  const passing: [string, DataFilter][] = [
    ["exact string", { path: "body.action", type: "string", value: ["opened"] }],
    ["one of several", { path: "body.action", type: "string", value: ["closed", "opened"] }],
    ["regex", { path: "body.action", type: "string", value: ["^op.*d$"] }],
    ["unanchored regex like Go's Match", { path: "body.action", type: "string", value: ["pen"] }],
    ["string !=", { path: "body.action", type: "string", value: ["closed"], comparator: "!=" }],
    ["number =", { path: "body.count", type: "number", value: ["3"] }],
    ["number >", { path: "body.value", type: "number", value: ["50.0"], comparator: ">" }],
    ["number <=", { path: "body.value", type: "number", value: ["51.5"], comparator: "<=" }],
    ["number != with one match", { path: "body.count", type: "number", value: ["3", "4"], comparator: "!=" }],
    ["numeric text", { path: "header.X-Count.0", type: "number", value: ["3"] }],
    ["bool", { path: "body.draft", type: "bool", value: ["false"] }],
    ["bool from text", { path: "body.flag", type: "bool", value: ["true"] }],
    ["object as JSON text", { path: "body.nested", type: "string", value: ['"deep":"x"'] }],
    ["gjson query", { path: 'body.labels.#(name=="Webhook").name', type: "string", value: ["Webhook"] }],
    [
      "template (Argo's b64dec example)",
      { path: "body.message", type: "string", value: ["hello world"], template: "{{ b64dec .Input }}" },
    ],
    [
      "template then number",
      { path: "body.action", type: "number", value: ["6"], template: "{{ len .Input }}" },
    ],
  ];
  it.each(passing)("passes: %s", (_, f) => {
    expect(run([f])).toEqual({ pass: true });
  });

  const failing: [string, DataFilter, string][] = [
    [
      "value mismatch",
      { path: "body.action", type: "string", value: ["closed"] },
      'data filter "body.action": value "opened" is not one of [closed]',
    ],
    [
      "missing path",
      { path: "body.nope", type: "string", value: ["x"] },
      'data filter "body.nope": path does not exist',
    ],
    [
      "no values",
      { path: "body.action", type: "string", value: [] },
      'data filter "body.action": no values specified',
    ],
    [
      "bad regex",
      { path: "body.action", type: "string", value: ["("] },
      'data filter "body.action": invalid regexp "(": ',
    ],
    [
      "string !=",
      { path: "body.action", type: "string", value: ["opened"], comparator: "!=" },
      'value "opened" matches every one of [opened]',
    ],
    [
      "string >",
      { path: "body.action", type: "string", value: ["a"], comparator: ">" },
      'comparator ">" does not apply to strings',
    ],
    [
      "number <",
      { path: "body.value", type: "number", value: ["50"], comparator: "<" },
      'data filter "body.value": value 51.5 is not < 50',
    ],
    ["numbers", { path: "body.count", type: "number", value: ["1", "2"] }, "value 3 is not = any of [1, 2]"],
    ["bad number", { path: "body.count", type: "number", value: ["three"] }, 'invalid number value "three"'],
    [
      "bool mismatch",
      { path: "body.draft", type: "bool", value: ["true"] },
      "value false is not one of [true]",
    ],
    ["bad bool", { path: "body.draft", type: "bool", value: ["yes"] }, 'invalid bool value "yes"'],
    ["bad type", { path: "body.draft", type: "float", value: ["1"] }, 'unsupported JSON type "float"'],
    [
      "template error",
      { path: "body.action", type: "string", value: ["x"], template: "{{ nope }}" },
      'function "nope" not defined',
    ],
    [
      "empty template",
      { path: "body.action", type: "string", value: ["x"], template: "{{ .Missing }}" },
      "evaluated to empty string or no value",
    ],
  ];
  it.each(failing)("fails with a reason: %s", (_, f, reason) => {
    const r = run([f]);
    expect(r.pass).toBe(false);
    expect(r.reason).toContain(reason);
  });

  it("needs every filter with and (default), stopping at the first failure", () => {
    const ok: DataFilter = { path: "body.action", type: "string", value: ["opened"] };
    const bad: DataFilter = { path: "body.count", type: "number", value: ["9"] };
    expect(run([ok, ok]).pass).toBe(true);
    expect(run([ok, bad]).reason).toContain('"body.count"');
    expect(run([ok, bad], "and").pass).toBe(false);
  });

  it("needs one filter with or, listing every failure otherwise", () => {
    const bad1: DataFilter = { path: "body.nope", type: "string", value: ["x"] };
    const bad2: DataFilter = { path: "body.count", type: "number", value: ["9"] };
    const ok: DataFilter = { path: "body.draft", type: "bool", value: ["false"] };
    expect(run([bad1, ok], "or").pass).toBe(true);
    const r = run([bad1, bad2], "or");
    expect(r.pass).toBe(false);
    expect(r.reason).toBe(
      'no data filter passed (or): data filter "body.nope": path does not exist; data filter "body.count": value 3 is not = 9',
    );
  });

  it("passes events without data or filters", () => {
    expect(filterData(undefined, undefined, data).pass).toBe(true);
    expect(filterData([], "or", data).pass).toBe(true);
    expect(filterData([{ path: "x", type: "string", value: ["y"] }], undefined, undefined).pass).toBe(true);
  });

  it("survives catastrophic-looking regexes (linear-time engine)", () => {
    const long = { s: `${"a".repeat(5000)}!` };
    expect(filterData([{ path: "s", type: "string", value: ["^(a+)+$"] }], undefined, long).pass).toBe(false);
  });
});
