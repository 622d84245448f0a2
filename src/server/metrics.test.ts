import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MetricsRegistry } from "./metrics-registry.js";
import { isDone, manifest, startTestServer, type TestServer, waitForWorkflow } from "./testing.js";

describe("MetricsRegistry", () => {
  it("sets, adds and subtracts gauges, adds counters, and observes histograms", () => {
    const r = new MetricsRegistry();
    const gauge = { name: "queue", help: "Items", labels: { q: "a" }, type: "gauge" as const };
    r.record([
      { ...gauge, value: 5 },
      { ...gauge, value: 2, operation: "Add" },
      { ...gauge, value: 1, operation: "Sub" },
      { name: "runs", help: "Runs", labels: { wf: 'say "hi"' }, type: "counter", value: 1 },
      { name: "runs", help: "Runs", labels: { wf: 'say "hi"' }, type: "counter", value: 2 },
      { name: "took", help: "Seconds", labels: {}, type: "histogram", value: 0.5, buckets: [1, 10] },
      { name: "took", help: "Seconds", labels: {}, type: "histogram", value: 5, buckets: [1, 10] },
      { name: "took", help: "Seconds", labels: {}, type: "histogram", value: 50, buckets: [1, 10] },
      { name: "runs", help: "Runs", labels: {}, type: "gauge", value: 99 },
    ]);
    expect(r.text()).toBe(
      [
        "# HELP argo_workflows_queue Items",
        "# TYPE argo_workflows_queue gauge",
        'argo_workflows_queue{q="a"} 6',
        "# HELP argo_workflows_runs Runs",
        "# TYPE argo_workflows_runs counter",
        'argo_workflows_runs{wf="say \\"hi\\""} 3',
        "# HELP argo_workflows_took Seconds",
        "# TYPE argo_workflows_took histogram",
        'argo_workflows_took_bucket{le="1"} 1',
        'argo_workflows_took_bucket{le="10"} 2',
        'argo_workflows_took_bucket{le="+Inf"} 3',
        "argo_workflows_took_sum 55.5",
        "argo_workflows_took_count 3",
        "",
      ].join("\n"),
    );
  });
});

describe("/metrics", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.close();
  });

  it("exports Argo's controller metrics and the workflows' custom metrics", async () => {
    await t.controller.submit(
      manifest(`
metadata: {name: measured, namespace: argo}
spec:
  entrypoint: main
  metrics:
    prometheus:
    - name: wf_runs
      help: Runs of the workflow
      labels: [{key: wf, value: "{{workflow.name}}"}]
      counter: {value: "1"}
  templates:
  - name: main
    container: {image: busybox, command: [echo, hi]}
`),
    );
    await waitForWorkflow(t.store, "argo", "measured", isDone);
    let text = "";
    // The counter of phase changes is updated from the change feed about once a second.
    for (
      let i = 0;
      i < 300 && !text.includes('argo_workflows_total_count{namespace="argo",phase="Succeeded"} 1');
      i++
    ) {
      const res = await t.call("/metrics");
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
      text = await res.text();
      await new Promise((r) => setTimeout(r, 20));
    }
    for (const name of [
      'argo_workflows_gauge{phase="Succeeded"} 1',
      'argo_workflows_total_count{namespace="argo",phase="Succeeded"} 1',
      'argo_workflows_queue_depth_gauge{queue_name="workflow_queue"}',
      'argo_workflows_pods_gauge{phase="Running"}',
      "argo_workflows_operation_duration_seconds_count",
      'argo_workflows_error_count{cause="OperationPanic"} 0',
      "# TYPE argo_workflows_wf_runs counter",
    ]) {
      expect(text).toContain(name);
    }
    // The controller reports the samples; counting them is the registry's job (tested above).
    expect(text).toMatch(/^argo_workflows_wf_runs\{wf="measured"\} [1-9]\d*$/m);
  });
});
