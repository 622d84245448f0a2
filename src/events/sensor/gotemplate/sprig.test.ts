import { describe, expect, it } from "vitest";
import { renderGoTemplate } from "./index.js";

const data = {
  Input: { s: "  Hello World  ", n: 42, f: 2.75, list: ["a", "b", null], m: { b: 2, a: "x<y" }, nil: null },
};
const render = (t: string) => renderGoTemplate(t, data);

describe("Sprig functions", () => {
  const cases: [string, string][] = [
    [
      '{{ "hello" | upper }} {{ "HeLLo" | lower }} {{ title "hello wide world" }}',
      "HELLO hello Hello Wide World",
    ],
    ["{{ trim .Input.s }}|", "Hello World|"],
    [
      '{{ trimAll "$" "$$5.00$" }} {{ trimPrefix "v" "v1.2" }} {{ trimSuffix ".go" "main.go" }}',
      "5.00 1.2 main",
    ],
    ['{{ "a-b-c" | replace "-" "+" }} {{ nospace "a b  c" }} {{ repeat 3 "ab" }}', "a+b+c abc ababab"],
    [
      '{{ contains "ell" "hello" }} {{ hasPrefix "he" "hello" }} {{ hasSuffix "lo" "hello" }}',
      "true true true",
    ],
    ['{{ substr 1 3 "hello" }} {{ trunc 2 "hello" }} {{ trunc -2 "hello" }}', "el he lo"],
    ['{{ quote "a" "b\\"c" }} {{ squote "x" }} {{ cat "a" 1 .Input.nil "b" }}', '"a" "b\\"c" \'x\' a 1 b'],
    [
      '{{ default "d" .Input.missing }} {{ default "d" "" }} {{ default "d" "set" }} {{ .Input.nil | default "piped" }}',
      "d d set piped",
    ],
    ['{{ empty .Input.nil }} {{ empty .Input.n }} {{ coalesce .Input.nil "" "c" }}', "true false c"],
    ['{{ ternary "yes" "no" true }} {{ ternary "yes" "no" false }}', "yes no"],
    ["{{ toString .Input.n }} {{ toString .Input.list }}", "42 [a b <nil>]"],
    ["{{ toJson .Input.m }} {{ toRawJson .Input.m }}", '{"a":"x\\u003cy","b":2} {"a":"x<y","b":2}'],
    ["{{ toPrettyJson .Input.list }}", '[\n  "a",\n  "b",\n  null\n]'],
    [
      '{{ atoi "42" }} {{ atoi "4x" }} {{ int "12" }} {{ int .Input.f }} {{ int "0x1F" }} {{ int64 "7.0" }}',
      "42 0 12 2 31 7",
    ],
    [
      '{{ float64 "2.5" }} {{ add 1 2 .Input.n }} {{ sub 10 3 }} {{ mul 2 3 }} {{ div 7 2 }} {{ mod 7 2 }} {{ add1 .Input.n }}',
      "2.5 45 7 6 3 1 43",
    ],
    ["{{ max 1 5 3 }} {{ min 4 2 8 }}", "5 2"],
    [
      '{{ b64enc "hello world" }} {{ "aGVsbG8gd29ybGQ=" | b64dec }} {{ b64dec "@@" }}',
      "aGVsbG8gd29ybGQ= hello world illegal base64 data at input byte 0",
    ],
    ['{{ sha256sum "abc" }}', "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"],
    ['{{ split "," "a,b" }} {{ (split "," "a,b")._1 }} {{ splitList "," "a,b" }}', "map[_0:a _1:b] b [a b]"],
    ['{{ join "-" .Input.list }} {{ list 1 "a" 2.5 | join "," }} {{ join "," "solo" }}', "a-b 1,a,2.5 solo"],
    ['{{ dict "k" "v" "n" 1 }} {{ (dict "k" "v").k }} {{ dict "odd" }}', "map[k:v n:1] v map[odd:]"],
    [
      '{{ first .Input.list }} {{ last (list 1 2) }} {{ has "b" .Input.list }} {{ has "z" .Input.list }}',
      "a 2 true false",
    ],
    [
      '{{ keys .Input.m }} {{ hasKey .Input.m "a" }} {{ get .Input.m "b" }} {{ get .Input.m "zz" }}|',
      "[a b] true 2 |",
    ],
    [
      '{{ regexMatch "^[a-z]+$" "abc" }} {{ regexFind "[0-9]+" "ab12cd" }} {{ regexReplaceAll "a(x*)b" "-ab-axxb-" "[$1]" }}',
      "true 12 -[]-[xx]-",
    ],
    ['{{ indent 2 "a\\nb" }}|{{ nindent 2 "c" }}', "  a\n  b|\n  c"],
  ];
  it.each(cases)("renders %s", (template, want) => {
    expect(render(template)).toBe(want);
  });

  it.each([
    ["{{ div 1 0 }}", /error calling div: runtime error: integer divide by zero/],
    ['{{ regexMatch "(" "x" }}', /error calling regexMatch: .*missing closing \)/],
    ['{{ repeat -1 "x" }}', /negative Repeat count/],
    ['{{ repeat 1.5 "x" }}', /expected int; got float64/],
    ['{{ trimPrefix 1 "x" }}', /expected string; got int/],
  ])("fails %s", (template, message) => {
    expect(() => render(template)).toThrow(message);
  });
});
