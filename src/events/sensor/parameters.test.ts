import { describe, expect, it } from "vitest";
import type { CloudEvent, TriggerParameter, TriggerParameterSource } from "../types.js";
import { applyParameters, buildPayload, buildPayloadText, resolveParameter } from "./parameters.js";

// The event of Argo's params_test.go.
const event: CloudEvent = {
  specversion: "1.0",
  id: "1",
  source: "webhook",
  subject: "example-1",
  type: "webhook",
  time: "2024-05-01T12:30:00.123Z",
  datacontenttype: "application/json",
  data: {
    name: { first: "fake", last: "user" },
    age: 100,
    countries: ["ca", "us", "mx"],
    active: false,
    nothing: null,
  },
};
const events = { "fake-dependency": event };
const src = (s: Partial<TriggerParameterSource>): TriggerParameterSource => ({
  dependencyName: "fake-dependency",
  ...s,
});

describe("resolveParameter", () => {
  const cases: [string, Partial<TriggerParameterSource>, string][] = [
    ["data key", { dataKey: "name.first" }, "fake"],
    ["context key", { contextKey: "subject" }, "example-1"],
    ["default value without keys", { value: "hello" }, "hello"],
    ["data key wins over context key", { contextKey: "subject", dataKey: "name.first" }, "fake"],
    ["data template", { dataTemplate: "{{ .Input.name.first }}" }, "fake"],
    ["data template with sprig", { dataTemplate: "{{ upper .Input.name.first }}" }, "FAKE"],
    ["context template", { contextTemplate: "{{ .Input.subject }}" }, "example-1"],
    ["context template pipeline", { contextTemplate: '{{ .Input.subject | replace "-" "_" }}' }, "example_1"],
    [
      "data template wins",
      { contextTemplate: "{{ .Input.subject }}", dataTemplate: "{{ .Input.name.first }}" },
      "fake",
    ],
    [
      "template with no value falls back to key",
      { dataTemplate: "{{ .Input.name.non_exist }}", dataKey: "name.first" },
      "fake",
    ],
    ["invalid template falls back to key", { dataTemplate: "{{ no }}", dataKey: "name.first" }, "fake"],
    ["missing key falls back to value", { dataKey: "unknown", value: "dflt" }, "dflt"],
    ["number as text", { dataKey: "age" }, "100"],
    ["bool as text", { dataKey: "active" }, "false"],
    ["null as text", { dataKey: "nothing" }, "null"],
    ["object as JSON text", { dataKey: "name" }, '{"first":"fake","last":"user"}'],
    ["array as JSON text", { dataKey: "countries", useRawData: true }, '["ca","us","mx"]'],
    ["context time in RFC 3339 seconds", { contextKey: "time" }, "2024-05-01T12:30:00Z"],
  ];
  it.each(cases)("%s", (_, s, want) => {
    expect(resolveParameter(src(s), events)).toBe(want);
  });

  it("marshals the whole event like Argo when no key or value is given", () => {
    const text = resolveParameter(src({}), events) as string;
    const parsed = JSON.parse(text) as { context: Record<string, unknown>; data: string };
    expect(Object.keys(parsed.context)).toEqual([
      "id",
      "source",
      "specversion",
      "type",
      "datacontenttype",
      "subject",
      "time",
    ]);
    expect(JSON.parse(Buffer.from(parsed.data, "base64").toString("utf8"))).toEqual(event.data);
  });

  it("uses value when the dependency has no event, else resolves to nothing", () => {
    expect(resolveParameter({ dependencyName: "other", dataKey: "x", value: "v" }, events)).toBe("v");
    expect(resolveParameter({ dependencyName: "other", dataKey: "x" }, events)).toBeUndefined();
  });

  it("fails with Invalid when nothing resolves and there is no value", () => {
    expect(() => resolveParameter(src({ dataKey: "unknown" }), events)).toThrow(
      expect.objectContaining({
        code: "Invalid",
        message: expect.stringContaining("unable to resolve 'fake-dependency'"),
      }),
    );
  });
});

describe("applyParameters", () => {
  const p = (s: Partial<TriggerParameterSource>, dest: string, operation?: string): TriggerParameter => ({
    src: src(s),
    dest,
    ...(operation ? { operation } : {}),
  });
  const target = { name: "faker" };

  it.each([
    [undefined, { name: "fake" }],
    ["overwrite", { name: "fake" }],
    ["prepend", { name: "fakefaker" }],
    ["append", { name: "fakerfake" }],
  ])("applies operation %s as Argo does", (operation, want) => {
    expect(applyParameters(target, [p({ dataKey: "name.first" }, "name", operation)], events)).toEqual(want);
    expect(target).toEqual({ name: "faker" });
  });

  it("places JSON text unless useRawData", () => {
    expect(applyParameters(target, [p({ dataKey: "name" }, "name")], events)).toEqual({
      name: '{"first":"fake","last":"user"}',
    });
    expect(applyParameters(target, [p({ dataKey: "name", useRawData: true }, "name")], events)).toEqual({
      name: { first: "fake", last: "user" },
    });
  });

  it("follows Argo's raw-data example", () => {
    const out = applyParameters(
      { age: "this-gets-over-written", ageWithYears: "Years: " },
      [
        p({ dataKey: "age", useRawData: true }, "age", "overwrite"),
        p({ dataKey: "age", useRawData: true }, "ageWithYears", "append"),
        p({ dataKey: "countries", useRawData: true }, "countries", "append"),
      ],
      events,
    );
    expect(out).toEqual({ age: 100, ageWithYears: "Years: 100", countries: ["ca", "us", "mx"] });
  });

  it("keeps strings as strings even with useRawData, and null raw", () => {
    const out = applyParameters(
      {},
      [p({ dataKey: "name.first", useRawData: true }, "a"), p({ dataKey: "nothing", useRawData: true }, "b")],
      events,
    );
    expect(out).toEqual({ a: "fake", b: null });
  });

  it("sets deep destinations in a workflow resource", () => {
    const wf = { spec: { arguments: { parameters: [{ name: "message", value: "x" }] } } };
    const out = applyParameters(
      wf,
      [p({ dataKey: "name.first" }, "spec.arguments.parameters.0.value")],
      events,
    );
    expect(out).toEqual({ spec: { arguments: { parameters: [{ name: "message", value: "fake" }] } } });
    expect(wf.spec.arguments.parameters[0]?.value).toBe("x");
  });

  it("skips parameters of absent dependencies and rejects unknown operations", () => {
    expect(
      applyParameters(target, [{ src: { dependencyName: "other", dataKey: "x" }, dest: "name" }], events),
    ).toEqual(target);
    expect(() => applyParameters(target, [p({ dataKey: "age" }, "name", "multiply")], events)).toThrow(
      "unsupported trigger parameter operation: multiply",
    );
  });
});

describe("payloads", () => {
  it("builds an object from dest paths (Argo's ConstructPayload example)", () => {
    const params: TriggerParameter[] = [
      { src: src({ dataKey: "firstName", value: "faker" }), dest: "firstName" },
      { src: src({ dataKey: "name.last" }), dest: "lastName" },
      { src: src({ dataKey: "age", useRawData: true }), dest: "age" },
      { src: src({ dataKey: "active", useRawData: true }), dest: "isActive" },
      { src: src({ dataKey: "age" }), dest: "typelessAge" },
      { src: src({ dataKey: "active" }), dest: "typelessIsActive" },
    ];
    expect(buildPayload(params, events)).toEqual({
      firstName: "faker",
      lastName: "user",
      age: 100,
      isActive: false,
      typelessAge: "100",
      typelessIsActive: "false",
    });
  });

  it("uses an empty dest's value as the whole payload", () => {
    const whole: TriggerParameter[] = [{ src: src({ dataKey: "name" }), dest: "" }];
    expect(buildPayloadText(whole, events)).toBe('{"first":"fake","last":"user"}');
    expect(buildPayload(whole, events)).toEqual({ first: "fake", last: "user" });
    const text: TriggerParameter[] = [{ src: src({ dataKey: "name.first" }), dest: "" }];
    expect(buildPayloadText(text, events)).toBe("fake");
    expect(() => buildPayload(text, events)).toThrow(/must resolve to a JSON object/);
  });

  it("is empty when nothing resolves", () => {
    expect(buildPayload([], events)).toEqual({});
    expect(buildPayloadText([{ src: { dependencyName: "other" }, dest: "x" }], events)).toBeUndefined();
  });
});
