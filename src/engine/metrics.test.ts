import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { NodeStatus, Template, Workflow } from "../spec/types.js";
import {
  evaluateMetrics,
  type MetricSample,
  metricKey,
  metricScope,
  workflowMetricScope,
  workflowStartRealtimeVariables,
} from "./metrics.js";
import { formatGoFixed, parseGoFloat } from "./metrics-go.js";

const examples = join(import.meta.dirname, "../../../shared/conformance/argo-examples");
const example = (name: string): Workflow => parse(readFileSync(join(examples, `${name}.yaml`), "utf8"));
const templateMetrics = (wf: Workflow, name: string): unknown =>
  wf.spec.templates?.find((t: Template) => t.name === name)?.metrics;

const globals = new Map([
  ["workflow.name", "wf-1"],
  ["workflow.namespace", "argo"],
]);
const t0 = "2024-05-01T10:00:00Z";
const at = (seconds: number) => new Date(Date.parse(t0) + seconds * 1000).toISOString().replace(".000", "");

const node = (over: Partial<NodeStatus>): NodeStatus => ({
  id: "wf-1-1",
  name: "wf-1[0].step",
  displayName: "step",
  type: "Pod",
  phase: "Succeeded",
  startedAt: t0,
  finishedAt: at(7),
  ...over,
});

/** Evaluates one inline metric against a small node scope. */
const one = (metric: unknown, scope: ReadonlyMap<string, string> = metricScope(node({}), { globals })) =>
  evaluateMetrics({ metrics: [metric], scope });

const gauge = (value: string, extra: object = {}) => ({ name: "m", help: "h", gauge: { value, ...extra } });

describe("metrics: Argo's custom-metrics example", () => {
  const wf = example("custom-metrics");
  const randomInt = (phase: NodeStatus["phase"]) =>
    node({
      phase,
      templateName: "random-int",
      outputs: { parameters: [{ name: "rand-int-value", value: "7" }], exitCode: "0", result: "7" },
    });

  it("emits the histogram and the realtime duration gauge when random-int succeeds", () => {
    const scope = metricScope(randomInt("Succeeded"), { globals });
    expect(evaluateMetrics({ metrics: templateMetrics(wf, "random-int"), scope })).toEqual({
      samples: [
        {
          name: "random_int_step_histogram",
          help: "Value of the int emitted by random-int at step level",
          labels: {},
          type: "histogram",
          value: 7,
          buckets: [2.01, 4.01, 6.01, 8.01, 10.01],
        },
        {
          name: "duration_gauge",
          help: "Duration gauge by name",
          labels: { name: "random-int" },
          type: "gauge",
          value: 7,
          realtime: true,
          realtimeVariable: "duration",
        },
      ],
      errors: [],
    });
  });

  it("skips the histogram whose when is false when random-int fails", () => {
    const scope = metricScope(randomInt("Failed"), { globals });
    const { samples, errors } = evaluateMetrics({ metrics: templateMetrics(wf, "random-int"), scope });
    expect(errors).toEqual([]);
    expect(samples.map((s) => s.name)).toEqual(["duration_gauge"]);
  });

  it("emits only the realtime gauge when the node is created", () => {
    const created = node({ phase: "Pending", startedAt: at(3), finishedAt: undefined });
    const scope = metricScope(created, { globals, nowMs: Date.parse(t0) + 3000 });
    const out = evaluateMetrics({ metrics: templateMetrics(wf, "random-int"), scope, realtimeOnly: true });
    expect(out.samples).toEqual([
      {
        name: "duration_gauge",
        help: "Duration gauge by name",
        labels: { name: "random-int" },
        type: "gauge",
        value: 0,
        realtime: true,
        realtimeVariable: "duration",
      },
    ]);
  });

  it.each([
    ["Failed", { name: "flakey", status: "Failed" }],
    ["Succeeded", { name: "flakey", status: "Succeeded" }],
  ] as const)("counts flakey by status (%s)", (phase, labels) => {
    const scope = metricScope(node({ phase, outputs: { exitCode: "1" } }), { globals });
    expect(evaluateMetrics({ metrics: templateMetrics(wf, "flakey"), scope }).samples).toEqual([
      {
        name: "result_counter",
        help: "Count of step execution by result status",
        labels,
        type: "counter",
        value: 1,
      },
    ]);
  });

  it("follows workflow.duration at workflow level, before and at completion", () => {
    const running: Workflow = {
      ...wf,
      metadata: { name: "wf-1" },
      status: { phase: "Running", startedAt: t0 },
    };
    const scope = workflowMetricScope(running, Date.parse(t0) + 12_500, { globals });
    const out = evaluateMetrics({
      metrics: wf.spec.metrics,
      scope,
      realtimeOnly: true,
      realtimeVariables: workflowStartRealtimeVariables,
    });
    expect(out).toEqual({
      samples: [
        {
          name: "duration_gauge",
          help: "Duration gauge by name",
          labels: { name: "workflow" },
          type: "gauge",
          value: 12.5,
          realtime: true,
          realtimeVariable: "workflow.duration",
        },
      ],
      errors: [],
    });
  });

  it("rejects {{duration}} as a realtime value in the workflow-start pass", () => {
    const steps = templateMetrics(wf, "steps");
    const out = evaluateMetrics({
      metrics: steps,
      scope: workflowMetricScope({ ...wf, metadata: { name: "wf-1" } }, 0, { globals }),
      realtimeOnly: true,
      realtimeVariables: workflowStartRealtimeVariables,
    });
    expect(out).toEqual({ samples: [], errors: ["'duration' is not available as a real time metric"] });
  });
});

describe("metrics: Argo's dag-custom-metrics example", () => {
  const wf = example("dag-custom-metrics");
  const echo = node({
    phase: "Succeeded",
    finishedAt: at(3),
    inputs: {
      parameters: [
        { name: "message", value: "console output-->TEST-ONE-A" },
        { name: "tag", value: "TEST-ONE-A" },
      ],
    },
  });

  it("emits the task gauge and counter with substituted labels", () => {
    const out = evaluateMetrics({
      metrics: templateMetrics(wf, "echo"),
      scope: metricScope(echo, { globals }),
    });
    expect(out).toEqual({
      samples: [
        {
          name: "playground_workflow_duration_task_seconds",
          help: "Duration gauge by task name in seconds - task level",
          labels: { playground_task_name: "TEST-ONE-A", status: "Succeeded" },
          type: "gauge",
          value: 3,
          operation: "Set",
        },
        {
          name: "playground_workflow_result_task_counter",
          help: "Count of task execution by result status  - task level",
          labels: { playground_task_name_counter: "TEST-ONE-A", status: "Succeeded" },
          type: "counter",
          value: 1,
        },
      ],
      errors: [],
    });
  });

  it("emits nothing for realtime: false gauges in the realtime pass", () => {
    const scope = metricScope(echo, { globals });
    expect(evaluateMetrics({ metrics: templateMetrics(wf, "echo"), scope, realtimeOnly: true })).toEqual({
      samples: [],
      errors: [],
    });
  });

  it("emits the workflow-level gauge and counter at completion", () => {
    const done: Workflow = {
      ...wf,
      metadata: { name: "wf-1" },
      status: {
        phase: "Succeeded",
        startedAt: t0,
        finishedAt: at(42),
        nodes: {
          "wf-1": node({ id: "wf-1", name: "wf-1", type: "DAG", finishedAt: at(41), children: ["a", "b"] }),
        },
      },
    };
    const out = evaluateMetrics({
      metrics: wf.spec.metrics,
      scope: workflowMetricScope(done, 0, { globals }),
    });
    expect(out).toEqual({
      samples: [
        {
          name: "playground_workflow_duration",
          help: "Duration gauge by workflow level",
          labels: { playground_id_workflow: "test", status: "Succeeded" },
          type: "gauge",
          value: 42,
          operation: "Set",
        },
        {
          name: "playground_workflow_result_counter",
          help: "Count of workflow execution by result status  - workflow level",
          labels: { playground_id_workflow_counter: "test", status: "Succeeded" },
          type: "counter",
          value: 1,
        },
      ],
      errors: [],
    });
  });
});

describe("metrics: names and help", () => {
  it.each(["bad-name", "1abc", "a:b", "a.b", "", "dür"])("rejects the name %j", (name) => {
    expect(one({ ...gauge("1"), name }).errors).toEqual([
      `could not construct metric '${name}': metric name is invalid: names may only contain alphanumeric characters or '_'`,
    ]);
  });

  it.each(["_ok", "ok_1", "A"])("accepts the name %j", (name) => {
    expect(one({ ...gauge("1"), name }).samples).toHaveLength(1);
  });

  it("validates the name after substitution", () => {
    const scope = new Map([["inputs.parameters.n", "my_metric"]]);
    expect(one({ ...gauge("1"), name: "{{inputs.parameters.n}}" }, scope).samples[0]?.name).toBe("my_metric");
  });

  it("requires help, naming the metric as written", () => {
    expect(one({ name: "m", gauge: { value: "1" } }).errors).toEqual([
      "metric 'm' must contain a help string under 'help: ' field",
    ]);
  });

  it("reports a metric without a type", () => {
    expect(one({ name: "m", help: "h" }).errors).toEqual([
      "could not construct metric 'm': invalid metric spec",
    ]);
  });

  it("keeps going after a bad metric", () => {
    const out = evaluateMetrics({ metrics: [gauge("x"), gauge("2")], scope: new Map() });
    expect(out.samples.map((s) => s.value)).toEqual([2]);
    expect(out.errors).toHaveLength(1);
  });
});

describe("metrics: when and substitution", () => {
  it.each([
    ["{{status}} == Succeeded", 1],
    ["{{status}} == Failed", 0],
    ["{{exitCode}} != 0", 0],
    ["", 1],
  ])("when %j yields %i sample(s)", (when, count) => {
    const scope = metricScope(node({ outputs: { exitCode: "0" } }), { globals });
    expect(one({ ...gauge("1"), when }, scope).samples).toHaveLength(count);
  });

  it("reports a when that does not evaluate, naming the workflow as Argo does", () => {
    const [error] = one({ ...gauge("1"), when: "1 +" }).errors;
    expect(error).toMatch(
      /^unable to compute 'when' clause for metric 'wf-1': Invalid 'when' expression '1 \+'/,
    );
  });

  it("substitutes label keys and values", () => {
    const scope = new Map([
      ["inputs.parameters.k", "team"],
      ["inputs.parameters.v", "data"],
    ]);
    const metric = {
      ...gauge("1"),
      labels: [
        { key: "{{inputs.parameters.k}}", value: "{{ inputs.parameters.v }}" },
        { key: "fixed", value: "x" },
      ],
    };
    expect(one(metric, scope).samples[0]?.labels).toEqual({ team: "data", fixed: "x" });
  });

  it.each([
    [
      { ...gauge("1"), labels: [{ key: "k", value: "{{inputs.parameters.nope}}" }] },
      "{{inputs.parameters.nope}}",
    ],
    [gauge("{{ outputs.result }}"), "{{ outputs.result }}"],
    [{ ...gauge("1"), help: "{{custom}}" }, "{{custom}}"],
  ])("fails the metric when a tag does not resolve (%#)", (metric, tag) => {
    expect(one(metric, new Map()).errors).toEqual([
      `unable to substitute parameters for metric 'm': failed to resolve ${tag}`,
    ]);
  });

  it("evaluates expression tags in values", () => {
    const scope = new Map([["inputs.parameters.n", "21"]]);
    expect(one(gauge("{{= asInt(inputs.parameters.n) * 2 }}"), scope).samples[0]?.value).toBe(42);
  });
});

describe("metrics: values", () => {
  it.each([
    ["abc", 'strconv.ParseFloat: parsing "abc": invalid syntax'],
    ["", 'strconv.ParseFloat: parsing "": invalid syntax'],
    [" 1", 'strconv.ParseFloat: parsing " 1": invalid syntax'],
    ["1_000", 'strconv.ParseFloat: parsing "1_000": invalid syntax'],
    ["1e400", 'strconv.ParseFloat: parsing "1e400": value out of range'],
  ])("rejects the gauge value %j", (value, reason) => {
    expect(one(gauge(value)).errors).toEqual([`could not construct metric 'm': ${reason}`]);
  });

  it.each([
    ["1.5", 1.5],
    ["-2", -2],
    [".5", 0.5],
    ["1e3", 1000],
    ["0x1p-2", 0.25],
    ["+Inf", Infinity],
  ])("parses %j as Go does", (text, value) => {
    expect(parseGoFloat(text)).toEqual({ ok: true, value });
  });

  it("parses NaN", () => {
    const parsed = parseGoFloat("nan");
    expect(parsed.ok && Number.isNaN(parsed.value)).toBe(true);
  });

  it.each([
    [undefined, "Set"],
    ["Set", "Set"],
    ["Add", "Add"],
    ["Sub", "Sub"],
    ["Mul", "Set"],
  ])("maps gauge operation %j to %s", (operation, expected) => {
    const extra = operation === undefined ? {} : { operation };
    expect(one(gauge("3", extra)).samples[0]?.operation).toBe(expected);
  });

  it("reads counter values as floats (a missing value is an error)", () => {
    expect(one({ name: "c", help: "h", counter: { value: 2.5 } }).samples[0]).toEqual({
      name: "c",
      help: "h",
      labels: {},
      type: "counter",
      value: 2.5,
    });
    expect(one({ name: "c", help: "h", counter: {} }).errors).toEqual([
      `could not construct metric 'c': strconv.ParseFloat: parsing "": invalid syntax`,
    ]);
  });
});

describe("metrics: realtime", () => {
  const rt = (value: string) => gauge(value, { realtime: true });

  it.each([
    ["x{{duration}}", "real time metrics can only be used with metric variables"],
    ["7", "real time metrics can only be used with metric variables"],
    ["{{outputs.result}}", "'outputs.result' is not available as a real time metric"],
    ["{{status}}", "'status' is not available as a real time metric"],
  ])("rejects the realtime value %j", (value, error) => {
    const scope = metricScope(node({ outputs: { result: "1" } }), { globals });
    expect(one(rt(value), scope).errors).toEqual([error]);
  });

  it("skips non-realtime metrics in the realtime pass and keeps realtime ones in the completion pass", () => {
    const metrics = [rt("{{duration}}"), { ...gauge("1"), name: "plain" }];
    const scope = metricScope(node({}), { globals });
    const names = (realtimeOnly: boolean) =>
      evaluateMetrics({ metrics, scope, realtimeOnly }).samples.map((s: MetricSample) => s.name);
    expect(names(true)).toEqual(["m"]);
    expect(names(false)).toEqual(["m", "plain"]);
  });

  it("uses the running duration of an unfinished node", () => {
    const running = node({ phase: "Running", finishedAt: undefined });
    const scope = metricScope(running, { globals, nowMs: Date.parse(t0) + 1500 });
    expect(one(rt("{{ duration }}"), scope).samples[0]?.value).toBe(1.5);
  });
});

describe("metrics: histograms", () => {
  const histogram = (buckets: unknown[]) => ({ name: "h", help: "h", histogram: { value: "3", buckets } });

  it.each([
    [[1, 0.5], "[1 0.5]"],
    [[1, 1], "[1 1]"],
    [[1e6, 2e6, 0.00001], "[1e+06 2e+06 1e-05]"],
  ])("rejects buckets that do not strictly increase (%j)", (buckets, shown) => {
    expect(one(histogram(buckets)).errors).toEqual([
      `could not construct metric 'h': aggregation: explicit bucket histogram: non-monotonic boundaries: ${shown}`,
    ]);
  });

  it.each([
    [[], []],
    [
      [-1, 0, 2.5],
      [-1, 0, 2.5],
    ],
    [
      ["0.5", 1],
      [0, 1],
    ],
  ])("accepts buckets %j as %j", (buckets, kept) => {
    expect(one(histogram(buckets)).samples[0]).toMatchObject({ type: "histogram", value: 3, buckets: kept });
  });

  it("keys a series by name, sorted labels and sorted buckets", () => {
    expect(metricKey({ name: "h", labels: { b: "2", a: "1" }, buckets: [10, 0.5] })).toBe(
      "h{a=1,b=2,bucket=0.5,bucket=10,}",
    );
  });
});

describe("metricScope", () => {
  it("offers Argo's template-level variables", () => {
    const n = {
      ...node({
        children: ["a", "b", "c"],
        inputs: { parameters: [{ name: "x", value: 3 }, { name: "empty" }] },
        outputs: { parameters: [{ name: "y", value: "out" }], result: "hello", exitCode: "2" },
      }),
      resourcesDuration: { cpu: 12, memory: 1_000_000 },
    };
    expect(Object.fromEntries(metricScope(n, { globals }))).toEqual({
      "workflow.name": "wf-1",
      "workflow.namespace": "argo",
      duration: "7.000000",
      status: "Succeeded",
      retries: "2",
      "resourcesDuration.cpu": "12",
      "resourcesDuration.memory": "1e+06",
      "inputs.parameters.x": "3",
      "inputs.parameters.empty": "",
      "outputs.parameters.y": "out",
      "outputs.result": "hello",
      exitCode: "2",
    });
  });

  it("maps the root's phase to workflow.status and defaults node variables while running", () => {
    const base = { ...example("dag-custom-metrics"), metadata: { name: "wf-1" } };
    const omitted: Workflow = {
      ...base,
      status: { phase: "Running", startedAt: t0, nodes: { "wf-1": node({ id: "wf-1", phase: "Omitted" }) } },
    };
    expect(workflowMetricScope(omitted, Date.parse(t0) + 2000).get("workflow.status")).toBe("Succeeded");
    const running: Workflow = {
      ...base,
      status: { phase: "Running", startedAt: t0, nodes: { "wf-1": node({ id: "wf-1", phase: "Running" }) } },
    };
    const scope = workflowMetricScope(running, Date.parse(t0) + 2000);
    expect([scope.get("workflow.status"), scope.get("workflow.duration"), scope.get("status")]).toEqual([
      "Running",
      "2.000000",
      "Pending",
    ]);
    expect(workflowMetricScope({ ...base, status: {} }, 99).get("workflow.duration")).toBe(formatGoFixed(0));
  });
});

describe("workflow-level metrics", () => {
  it("are recorded once when the workflow ends, through the pure and the incremental engine", async () => {
    const { runFake } = await import("./testing.js");
    const yaml = `
metadata: {name: wf}
spec:
  entrypoint: main
  metrics:
    prometheus:
    - {name: runs, help: Runs, counter: {value: "1"}}
  templates:
  - name: main
    container: {image: busybox}
`;
    for (const incremental of [false, true]) {
      const run = runFake(yaml, undefined, { incremental });
      expect(run.actions.filter((a) => a.type === "recordMetrics")).toHaveLength(1);
    }
  });
});
