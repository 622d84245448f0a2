import { describe, expect, it } from "vitest";
import { ExprError } from "./errors.js";
import { type Scope, substituteDeep, substituteString } from "./substitute.js";
import { makeExpressionEvaluator } from "./template-expr.js";

const evaluateExpression = makeExpressionEvaluator({ now: () => Date.UTC(2024, 2, 15, 12, 0, 0) });

const scope: Scope = new Map([
  ["inputs.parameters.count", "3"],
  ["inputs.parameters.name", "world"],
  ["inputs.parameters.list", '["a","b","c"]'],
  ["inputs.parameters", '[{"name":"count","value":"3"}]'],
  ["steps.flip.outputs.result", "heads"],
  ["steps.gen-list.outputs.result", "[1, 2, 3]"],
  ["tasks.A.outputs.parameters.out", '{"k": "v"}'],
  ["item", '{"os":"linux","arch":"amd64"}'],
  ["item.os", "linux"],
  ["item.arch", "amd64"],
  ["retries", "2"],
  ["workflow.name", "wf-1"],
  ["workflow.status", "Succeeded"],
  ["workflow.creationTimestamp", "2024-03-15T10:00:00Z"],
]);

const sub = (text: string, options: Parameters<typeof substituteString>[2] = {}): string =>
  substituteString(text, scope, { evaluateExpression, ...options });

const cases: [string, string][] = [
  ["{{='test'}}", "test"],
  ['{{="test"}}', "test"],
  ["{{='some\\\\path'}}", "some\\path"],
  ["{{=1 + \n1}}", "2"],
  ["{{=true == false}}", "false"],
  ["{{=toJson('test')}}", '"test"'],
  ["{{=toJson({test: 1})}}", '{"test":1}'],
  ["{{=toJson([1, '2', {an: 'object'}])}}", '[1,"2",{"an":"object"}]'],
  ["{{= asInt(inputs.parameters.count) + 1 }}", "4"],
  ["{{= inputs.parameters.count + '!' }}", "3!"],
  ["hello {{inputs.parameters.name}} and {{= upper(inputs.parameters.name) }}", "hello world and WORLD"],
  ["{{= steps.flip.outputs.result == 'heads' ? 'win' : 'lose' }}", "win"],
  ["{{= steps['gen-list'].outputs.result }}", "[1, 2, 3]"],
  ["{{= fromJSON(steps['gen-list'].outputs.result)[2] }}", "3"],
  ["{{= filter(fromJSON(steps['gen-list'].outputs.result), {# > 1}) }}", "[2,3]"],
  ["{{= toJson(map(fromJSON(inputs.parameters.list), {upper(#)})) }}", '["A","B","C"]'],
  ["{{= fromJSON(tasks.A.outputs.parameters.out).k }}", "v"],
  ["{{= item.os + '/' + item.arch }}", "linux/amd64"],
  ["{{= asInt(retries) * 10 }}", "20"],
  ["{{= sprig.trim('  x  ') }}", "x"],
  ["{{= sprig.add(1, 2) }}", "3"],
  ["{{= workflow.name }}", "wf-1"],
  ["{{= 7 / 2 }}", "3.5"],
  ["{{= 4 / 2 }}", "2"],
  ["{{= {b: 1, a: [true, nil]} }}", '{"a":[true,null],"b":1}'],
  ["{{= inputs.parameters.missing ?? 'fallback' }}", "fallback"],
  ["{{= jsonpath(inputs.parameters.list, '$[1]') }}", "b"],
  ["{{= sprig.date('2006-01-02', date(workflow.creationTimestamp)) }}", "2024-03-15"],
  ["{{= now().Year() }}", "2024"],
  ["{{= 'a<b&c' }}", "a<b&c"],
];

describe("{{= }} tags in substitution", () => {
  for (const [text, expected] of cases) {
    it(`${JSON.stringify(text)} → ${JSON.stringify(expected)}`, () => expect(sub(text)).toBe(expected));
  }

  it("substitutes expressions inside whole template objects", () => {
    const template = {
      args: ["{{= asInt(inputs.parameters.count) * 2 }}"],
      env: { X: "{{=upper(item.os)}}" },
    };
    expect(substituteDeep(template, scope, { evaluateExpression })).toEqual({
      args: ["6"],
      env: { X: "LINUX" },
    });
  });

  it("keeps the JSON of a list parameter a string until fromJSON is called", () => {
    expect(sub("{{= type(inputs.parameters.list) }}")).toBe("string");
  });

  it("drops the JSON form of `item` when its fields are in scope, as Argo's expansion does", () => {
    expect(sub("{{= type(item) }}")).toBe("map");
  });

  it("fails on a missing variable of a strict prefix", () => {
    expect(() => sub("{{= steps.other.outputs.result }}")).toThrow(
      "failed to evaluate expression: steps.other.outputs.result is missing",
    );
  });

  it("leaves an expression over an unknown non-Argo name as written", () => {
    expect(sub("{{= foo + 1 }}")).toBe("{{=foo + 1}}");
  });

  it("leaves missing variables as written when not strict", () => {
    expect(sub("{{= steps.other.outputs.result }}", { strict: false })).toBe(
      "{{=steps.other.outputs.result}}",
    );
  });

  it("leaves tags of deferred prefixes as written", () => {
    const text = "{{= outputs.parameters.x }}";
    expect(sub(text, { deferPrefixes: new Set(["outputs"]) })).toBe("{{=outputs.parameters.x}}");
  });

  it("rejects a nil result like Argo", () => {
    expect(() => sub("{{= nil }}")).toThrow('failed to evaluate expression "nil"');
  });

  it("reports a syntax error with its column", () => {
    try {
      sub("{{= 1 + }}");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ExprError);
      expect((e as ExprError).message).toBe("failed to evaluate expression: unexpected end of expression");
      expect((e as ExprError).column).toBe(4);
    }
  });

  it("reports a runtime error", () => {
    expect(() => sub("{{= inputs.parameters.count + 1 }}")).toThrow(
      "failed to evaluate expression: invalid operation: + (mismatched types string and int)",
    );
  });

  it("waits on placeholder values instead of failing", () => {
    const pending: Scope = new Map([["steps.a.outputs.result", "__argo__internal__placeholder-1"]]);
    const text = "{{= asInt(steps.a.outputs.result) }}";
    expect(substituteString(text, pending, { evaluateExpression })).toBe(
      "{{=asInt(steps.a.outputs.result)}}",
    );
  });

  it("leaves expression tags alone without an evaluator", () => {
    expect(substituteString("{{= 1 + 1 }}", scope)).toBe("{{= 1 + 1 }}");
  });
});
