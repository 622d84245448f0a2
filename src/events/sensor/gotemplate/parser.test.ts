import { describe, expect, it } from "vitest";
import { isArgosyError } from "../../../util/errors.js";
import { renderGoTemplate, TemplateError } from "./index.js";

describe("Go template parse errors", () => {
  const cases: [string, string][] = [
    ["{{ no }}", 'template: param:1:4: function "no" not defined'],
    ["{{ .a", "template: param:1:1: unclosed action"],
    ["{{ $y }}", 'template: param:1:4: undefined variable "$y"'],
    ["{{ end }}", "template: param:1:4: unexpected {{end}}"],
    ["{{ else }}", "template: param:1:4: unexpected {{else}}"],
    ["{{ if .a }}x", "template: param:1:13: unexpected EOF"],
    ["{{ if }}{{ end }}", "template: param:1:7: missing value for if"],
    ["{{ break }}", "template: param:1:4: {{break}} outside {{range}}"],
    ['{{ "abc }}', "template: param:1:4: unterminated quoted string"],
    ["{{ 1x }}", 'template: param:1:4: illegal number syntax: "1x"'],
    ["{{ (.a }}", "template: param:1:4: unclosed left paren"],
    ['{{ "a".b }}', 'template: param:1:4: unexpected . after term ""a""'],
    ['{{ template "x" }}', "template: param:1:4: {{template}} actions are not supported"],
    ["{{ .a ! }}", 'template: param:1:7: unexpected "!" in command'],
    ["{{/* open", "template: param:1:1: unclosed comment"],
    ["line one\n  {{ oops }}", 'template: param:2:6: function "oops" not defined'],
    ["{{ $x = 1 }}", 'template: param:1:4: undefined variable "$x"'],
    ["{{ if .a }}{{ $v := 1 }}{{ end }}{{ $v }}", 'template: param:1:37: undefined variable "$v"'],
  ];
  it.each(cases)("rejects %j", (template, message) => {
    let error: unknown;
    try {
      renderGoTemplate(template, {});
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TemplateError);
    expect(isArgosyError(error) && error.code).toBe("Invalid");
    expect((error as Error).message).toBe(message);
  });

  it("uses the given template name", () => {
    expect(() => renderGoTemplate("{{ no }}", {}, { name: "filter" })).toThrow(/^template: filter:1:4:/);
  });

  it("accepts trim markers only with a space, as Go does", () => {
    expect(renderGoTemplate("a {{-3}} b", {})).toBe("a -3 b");
    expect(renderGoTemplate("a {{- 3 -}} b", {})).toBe("a3b");
  });

  it("rejects sources over the size limit", () => {
    expect(() => renderGoTemplate("x".repeat(70_000), {})).toThrow(/longer than/);
  });
});

describe("Go template parser limits", () => {
  it("rejects deeply nested parentheses instead of overflowing the stack", () => {
    const t = `{{ ${"(".repeat(5000)}1${")".repeat(5000)} }}`;
    expect(() => renderGoTemplate(t, {})).toThrow(/nesting too deep/);
  });

  it("rejects deeply nested control structures", () => {
    const t = `${"{{ if true }}".repeat(150)}x${"{{ end }}".repeat(150)}`;
    expect(() => renderGoTemplate(t, {})).toThrow(/nesting too deep/);
  });
});
