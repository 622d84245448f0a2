import { describe, expect, it } from "vitest";
import { execLimits } from "./exec.js";
import { renderGoTemplate } from "./index.js";

// The event of Argo's params_test.go, plus numbers of both kinds.
const data = {
  Input: {
    name: { first: "fake", last: "user" },
    age: 100,
    big: 1234567,
    ratio: 0.25,
    countries: ["ca", "us", "mx"],
    items: [{ name: "a" }, { name: "b" }],
    nothing: null,
    yes: true,
    empty: "",
    subject: "example-1",
  },
};

const render = (t: string) => renderGoTemplate(t, data);

describe("Go template execution", () => {
  const cases: [string, string][] = [
    ["{{ .Input.name.first }}", "fake"],
    ["{{ upper .Input.name.first }}", "FAKE"],
    ['{{ .Input.subject | replace "-" "_" }}', "example_1"],
    ["{{ .Input.name }}", "map[first:fake last:user]"],
    ["{{ .Input.countries }}", "[ca us mx]"],
    ["{{ .Input.age }}", "100"],
    // JSON numbers are float64: Go prints large ones with an exponent.
    ["{{ .Input.big }}", "1.234567e+06"],
    ["{{ .Input.big | int }}", "1234567"],
    ["{{ .Input.ratio }}", "0.25"],
    ["{{ .Input.missing }}", "<no value>"],
    ["{{ .Input.nothing }}", "<no value>"],
    ["{{ .Input.yes }}", "true"],
    ["plain text", "plain text"],
    ["a {{- ` b ` -}} c", "a b c"],
    ["a  {{- /* note */ -}}  b", "ab"],
    ["{{/* only a comment */}}x", "x"],
    ['{{ if eq .Input.name.first "fake" }}yes{{ else }}no{{ end }}', "yes"],
    ['{{ if ne .Input.name.first "fake" }}yes{{ else if .Input.yes }}elif{{ else }}no{{ end }}', "elif"],
    ["{{ if .Input.empty }}full{{ else }}empty{{ end }}", "empty"],
    ["{{ if gt .Input.age 50.0 }}old{{ end }}", "old"],
    ["{{ if and .Input.yes (lt .Input.ratio 1.0) }}ok{{ end }}", "ok"],
    ['{{ or .Input.empty .Input.missing "fallback" }}', "fallback"],
    ["{{ not .Input.yes }}", "false"],
    ["{{ range .Input.countries }}[{{ . }}]{{ end }}", "[ca][us][mx]"],
    ["{{ range $i, $c := .Input.countries }}{{ $i }}:{{ $c }} {{ end }}", "0:ca 1:us 2:mx "],
    ["{{ range $k, $v := .Input.name }}{{ $k }}={{ $v }};{{ end }}", "first=fake;last=user;"],
    ["{{ range .Input.missing }}x{{ else }}none{{ end }}", "none"],
    ["{{ range $i, $c := .Input.countries }}{{ if eq $i 1 }}{{ break }}{{ end }}{{ $c }}{{ end }}", "ca"],
    [
      "{{ range $i, $c := .Input.countries }}{{ if eq $i 1 }}{{ continue }}{{ end }}{{ $c }}{{ end }}",
      "camx",
    ],
    ["{{ range $x := 3 }}{{ $x }}{{ end }}", "012"],
    ["{{ with .Input.name }}{{ .last }}{{ end }}", "user"],
    ["{{ with .Input.missing }}x{{ else }}no name{{ end }}", "no name"],
    ['{{ $greeting := "hi" }}{{ $greeting }} {{ .Input.name.first }}', "hi fake"],
    ["{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}", "2"],
    ["{{ range .Input.items }}{{ $.Input.name.first }}-{{ .name }} {{ end }}", "fake-a fake-b "],
    ['{{ len .Input.countries }} {{ len .Input.name }} {{ len "héllo" }}', "3 2 6"],
    [
      '{{ index .Input.countries 1 }} {{ index .Input "subject" }} {{ index .Input.items 1 "name" }}',
      "us example-1 b",
    ],
    ['{{ index .Input.name "nope" }}', "<no value>"],
    ["{{ slice .Input.countries 1 }}", "[us mx]"],
    ["{{ (index .Input.items 0).name }}", "a"],
    ['{{ print "a" 1 2 "b" }}', "a1 2b"],
    ['{{ println "a" 1 }}', "a 1\n"],
    ['{{ printf "%s is %v" .Input.name.first .Input.age }}', "fake is 100"],
    ['{{ "quoted" | printf "%q" }}', '"quoted"'],
    ["{{ 'a' }} {{ 0x1F }} {{ 1_000 }} {{ 1e3 }} {{ -2 }} {{ 010 }}", "97 31 1000 1000 -2 8"],
    ['{{ "tab\\there" }}', "tab\there"],
    ["{{ eq .Input.age 100.0 200.0 }}", "true"],
    ["{{ eq .Input.missing .Input.nothing }}", "true"],
    ['{{ eq .Input.missing "x" }}', "false"],
    ['{{ urlquery "a b&c" }}', "a+b%26c"],
  ];
  it.each(cases)("renders %s", (template, want) => {
    expect(render(template)).toBe(want);
  });

  const failures: [string, RegExp][] = [
    ["{{ .Input.missing.deep }}", /at <\.Input\.missing\.deep>: nil pointer evaluating interface \{\}\.deep/],
    ["{{ .Input.subject.x }}", /can't evaluate field x in type string/],
    ["{{ upper .Input.age }}", /wrong type for value; expected string; got float64/],
    ["{{ upper .Input.missing }}", /invalid value; expected string/],
    ["{{ eq .Input.age 100 }}", /error calling eq: incompatible types for comparison/],
    ["{{ lt .Input.yes true }}", /error calling lt: invalid type for comparison/],
    ["{{ eq .Input.name .Input.name }}", /non-comparable types/],
    ["{{ index .Input.countries 5 }}", /error calling index: index out of range: 5/],
    ["{{ index .Input.countries 1.0 }}", /cannot index slice\/array with type float64/],
    ["{{ len .Input.age }}", /error calling len: len of type float64/],
    ["{{ len .Input.missing }}", /len of nil pointer/],
    ["{{ range .Input.age }}{{ end }}", /range can't iterate over 100/],
    ['{{ "a" "b" }}', /can't give argument to non-function "a" "b"/],
    ["{{ upper }}", /wrong number of args for upper: want 1 got 0/],
    ['{{ .Input.name.first | upper "x" }}', /wrong number of args for upper: want 1 got 2/],
    ["{{ nil }}", /nil is not a command/],
  ];
  it.each(failures)("fails %s", (template, message) => {
    expect(() => render(template)).toThrow(message);
  });

  it("names the template, line and column of an execution error", () => {
    try {
      renderGoTemplate("ok\n  {{ upper .x }}", { x: 1 });
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toMatch(/^template: param:2:6: executing "param" at <upper \.x>:/);
      expect(e).toMatchObject({ code: "Invalid", line: 2, column: 6 });
    }
  });

  it("stops runaway templates with a step limit", () => {
    const saved = execLimits.maxSteps;
    execLimits.maxSteps = 1000;
    try {
      expect(() => renderGoTemplate("{{ range 5000 }}x{{ end }}", {})).toThrow(/exceeds 1000 steps/);
    } finally {
      execLimits.maxSteps = saved;
    }
  });

  it("treats the data itself as dot and $", () => {
    expect(renderGoTemplate("{{ . }}|{{ $ }}", "plain")).toBe("plain|plain");
    expect(renderGoTemplate("{{ .a }}", { a: [1, 2.5] })).toBe("[1 2.5]");
  });

  it("never reads the prototype of data maps", () => {
    expect(renderGoTemplate("{{ .constructor }}", {})).toBe("<no value>");
  });
});
