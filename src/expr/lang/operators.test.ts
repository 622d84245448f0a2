import { describe } from "vitest";
import { type Case, runCases, runRendered } from "./test-helpers.js";

const literals: Case[] = [
  ["42", 42],
  ["0x1F", 31],
  ["0o17", 15],
  ["0b101", 5],
  ["1_000", 1000],
  ["1e3", 1000],
  ["0.5", 0.5],
  [".5", 0.5],
  ["1.5e-3", 0.0015],
  ['"double"', "double"],
  ["'single'", "single"],
  ["'it\\'s'", "it's"],
  ['"tab\\tnew\\nline"', "tab\tnew\nline"],
  ['"\\u00e9\\x41\\101"', "éAA"],
  ['"\\u{1F600}"', "😀"],
  ["`raw \\n string`", "raw \\n string"],
  ["true", true],
  ["false", false],
  ["nil", null],
  ["[1, 'a', true, nil]", [1, "a", true, null]],
  ["[1, 2,]", [1, 2]],
  ["[]", []],
  ["{a: 1, 'b': 2, \"c\": 3}", { a: 1, b: 2, c: 3 }],
  ["{1: 'one'}", { "1": "one" }],
  ["{('k' + 'ey'): 1}", { key: 1 }],
  ["{}", {}],
  ["// comment\n1", 1],
  ["1 /* inline */ + 2", 3],
];

const arithmetic: Case[] = [
  ["1 + 2 * 3", 7],
  ["(1 + 2) * 3", 9],
  ["10 - 2 - 3", 5],
  ["7 / 2", 3.5],
  ["4 / 2", 2],
  ["7 % 3", 1],
  ["-7 % 3", -1],
  ["2 ** 10", 1024],
  ["2 ^ 3", 8],
  ["2 ** 3 ** 2", 512],
  ["-2 ** 2", -4],
  ["-(3)", -3],
  ["+3", 3],
  ["- -3", 3],
  ["1.5 + 1", 2.5],
  ["0.1 + 0.2", 0.30000000000000004],
  ["3 * 1.5", 4.5],
  ["'a' + 'b'", "ab"],
  ["[1] + [2, 3]", [1, 2, 3]],
  ["9223372036854775807 + 1", -(2 ** 63)],
  ["2 * 3 - 4 / 2 + 10 % 4", 6],
  ["1 / 0 > 100", true],
];

const comparison: Case[] = [
  ["1 == 1", true],
  ["1 == 1.0", true],
  ["1 != 2", true],
  ["'a' == 'a'", true],
  ["'a' == 1", false],
  ["nil == nil", true],
  ["nil != 1", true],
  ["[1, 2] == [1, 2]", true],
  ["[1, 2] == [2, 1]", false],
  ["{a: 1} == {a: 1}", true],
  ["1 < 2", true],
  ["2 <= 2", true],
  ["3 > 2.5", true],
  ["2 >= 3", false],
  ["'abc' < 'abd'", true],
  ["'b' > 'a'", true],
  ["1 < 2 < 3", true],
  ["1 < 3 < 2", false],
  ["3 > 2 > 1", true],
];

const logic: Case[] = [
  ["true and false", false],
  ["true && true", true],
  ["false or true", true],
  ["false || false", false],
  ["not true", false],
  ["!false", true],
  ["not (1 > 2)", true],
  ["true or 1/0 > 'x'", true],
  ["false and undefinedName", false],
  ["1 < 2 and 2 < 3 or false", true],
  ["!true == false", true],
];

const conditional: Case[] = [
  ["true ? 'yes' : 'no'", "yes"],
  ["1 > 2 ? 'yes' : 'no'", "no"],
  ["false ? 1 : true ? 2 : 3", 2],
  ["(1 < 2) ?: false", true],
  ["nil ?? 'dflt'", "dflt"],
  ["0 ?? 'dflt'", 0],
  ["m.k ?? 'dflt'", "dflt", { m: {} }],
  ["m.k ?? 'dflt'", "v", { m: { k: "v" } }],
  ["a ?? b ?? 'c'", "c", { a: null, b: null }],
  ["if 1 > 2 { 'a' } else { 'b' }", "b"],
  ["if false { 1 } else if true { 2 } else { 3 }", 2],
];

const membership: Case[] = [
  ["2 in [1, 2, 3]", true],
  ["2.0 in [1, 2, 3]", true],
  ["4 in [1, 2, 3]", false],
  ["4 not in [1, 2, 3]", true],
  ["'name' in {name: 'x'}", true],
  ["'age' not in {name: 'x'}", true],
  ["1 in nil", false],
  ["'hello' contains 'ell'", true],
  ["'hello' not contains 'z'", true],
  ["'hello' startsWith 'he'", true],
  ["'hello' endsWith 'lo'", true],
  ["'hello' not startsWith 'lo'", true],
  ["nil contains 'a'", false],
  ["'abc' matches '^a.c$'", true],
  ["'ABC' matches '(?i)abc'", true],
  ["'abc' not matches '^b'", true],
  ["'v1.2.3' matches '^v\\\\d+\\\\.\\\\d+\\\\.\\\\d+$'", true],
];

const access: Case[] = [
  ["a.b.c", 1, { a: { b: { c: 1 } } }],
  ["a['b']['c']", 1, { a: { b: { c: 1 } } }],
  ["steps['my-step'].outputs.result", "ok", { steps: { "my-step": { outputs: { result: "ok" } } } }],
  ["m.missing", null, { m: {} }],
  ["m['missing']", null, { m: {} }],
  ["arr[0]", "x", { arr: ["x", "y"] }],
  ["arr[-1]", "y", { arr: ["x", "y"] }],
  ["arr[1.0]", "y", { arr: ["x", "y"] }],
  ["[1, 2, 3, 4][1:3]", [2, 3]],
  ["[1, 2, 3, 4][:2]", [1, 2]],
  ["[1, 2, 3, 4][2:]", [3, 4]],
  ["[1, 2, 3, 4][:]", [1, 2, 3, 4]],
  ["[1, 2, 3, 4][1:-1]", [2, 3]],
  ["[1, 2, 3, 4][-2:]", [3, 4]],
  ["[1, 2, 3][5:9]", []],
  ["'hello'[1:3]", "el"],
  ["'abc'[0]", 97],
  ["a?.b", null, { a: null }],
  ["a?.b.c", null, { a: null }],
  ["a?.b?.c", null, { a: { b: null } }],
  ["a?.b", 1, { a: { b: 1 } }],
  ["a?.[0]", null, { a: null }],
  ["a?.[0]", 5, { a: [5] }],
  ["$env.x", 1, { x: 1 }],
  ["$env['x y']", 2, { "x y": 2 }],
  ["'x' in $env", true, { x: 1 }],
];

const structure: Case[] = [
  ["let x = 1; x + 1", 2],
  ["let x = 2; let y = 3; x * y", 6],
  ["let name = 'World'; 'Hello ' + name", "Hello World"],
  ["let x = 1; let x = x + 1; x", 2],
  ["1; 2; 3", 3],
  ["1..3", [1, 2, 3]],
  ["3..1", []],
  ["0..0", [0]],
  ["'a' | upper()", "A"],
  ["'  a ' | trim() | upper()", "A"],
  ["[3, 1, 2] | sort()", [1, 2, 3]],
  ["[1, 2, 3] | filter(# > 1)", [2, 3]],
  ["[1, 2, 3] | map(# * 10) | sum()", 60],
  ["'a,b' | split(',') | len()", 2],
  ["filter([{n: 1}, {n: 2}], .n > 1)", [{ n: 2 }]],
  ["map([{n: 1}, {n: 2}], {.n})", [1, 2]],
  ["map([1, 2], {# + #index})", [1, 3]],
  ["map([[1, 2], [3]], {len(#)})", [2, 1]],
  ["filter(map([1, 2, 3], # * 2), # > 2)", [4, 6]],
  ["map([1, 2], {let d = # * 2; d + 1})", [3, 5]],
  ["all([1, 2], {any([1, 2], {# == 2})})", true],
];

/** Go's int/float distinction shows in `type()` and in Go-style rendering. */
const numberModel: Case[] = [
  ["type(1)", "int"],
  ["type(1.0)", "float"],
  ["type(4 / 2)", "float"],
  ["type(2 ** 2)", "float"],
  ["type(1 + 1)", "int"],
  ["type(1 + 1.5)", "float"],
  ["type(7 % 2)", "int"],
  ["type(-1)", "int"],
  ["type(1e3)", "float"],
  ["type('s')", "string"],
  ["type(nil)", "nil"],
  ["type(true)", "bool"],
  ["type([1])", "array"],
  ["type({})", "map"],
  ["type(now())", "time.Time"],
  ["type(duration('1s'))", "time.Duration"],
  ["string(4 / 2)", "2"],
  ["string(7 / 2)", "3.5"],
  ["string(1e6)", "1e+06"],
  ["string(1000000)", "1000000"],
  ["string(123456.0)", "123456"],
  ["string(0.0001)", "0.0001"],
  ["string(0.00001)", "1e-05"],
  ["string(-1.5)", "-1.5"],
];

const rendered: (readonly [string, string])[] = [
  ["4 / 2", "2"],
  ["1.5", "1.5"],
  ["1e21", "1e+21"],
  ["[1, 'a']", '[1,"a"]'],
  ["{b: 2, a: 1}", '{"a":1,"b":2}'],
  ["true", "true"],
  ["'plain'", "plain"],
  ["duration('1s')", "1000000000"],
  ["date('2024-01-02T03:04:05Z')", "2024-01-02T03:04:05Z"],
  ["'<&>'", "<&>"],
  ["['<']", '["\\u003c"]'],
];

/** Only own keys of maps are ever read: nothing reaches Object.prototype. */
const isolation: Case[] = [
  ["m.constructor", null, { m: {} }],
  ["m.__proto__", null, { m: {} }],
  ["m['toString']", null, { m: {} }],
  ["'constructor' in m", false, { m: {} }],
  ["{'__proto__': 1}.__proto__", 1],
  ["keys({'__proto__': 1})", ["__proto__"]],
  ["$env.hasOwnProperty", null],
  ["get({}, 'valueOf')", null],
];

describe("expr-lang literals", () => runCases(literals));
describe("expr-lang never reads inherited properties", () => runCases(isolation));
describe("expr-lang arithmetic", () => runCases(arithmetic));
describe("expr-lang comparison", () => runCases(comparison));
describe("expr-lang logic", () => runCases(logic));
describe("expr-lang conditionals and nil coalescing", () => runCases(conditional));
describe("expr-lang membership and string operators", () => runCases(membership));
describe("expr-lang member, index and slice access", () => runCases(access));
describe("expr-lang let, ranges, pipes and predicates", () => runCases(structure));
describe("expr-lang int and float model", () => runCases(numberModel));
describe("formatValue renders results like Argo", () => runRendered(rendered));
