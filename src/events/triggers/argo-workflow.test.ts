import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { CronWorkflow, Workflow } from "../../spec/types.js";
import type { TriggerTemplate } from "../types.js";
import { firingAnnotation, firingName } from "./create-once.js";
import { runTrigger } from "./index.js";
import { cloudEvent, firing, type TestDeps, testDeps } from "./testing.js";

const workflowResource = {
  apiVersion: "argoproj.io/v1alpha1",
  kind: "Workflow",
  metadata: { generateName: "hello-" },
  spec: {
    entrypoint: "main",
    arguments: { parameters: [{ name: "message", value: "placeholder" }] },
    templates: [{ name: "main", container: { image: "busybox", command: ["echo"] } }],
  },
};

function submitTemplate(extra: Partial<TriggerTemplate["argoWorkflow"]> = {}): TriggerTemplate {
  return {
    name: "t1",
    argoWorkflow: {
      source: { resource: structuredClone(workflowResource) },
      parameters: [
        {
          src: { dependencyName: "dep", dataKey: "body.message" },
          dest: "spec.arguments.parameters.0.value",
        },
      ],
      ...extra,
    },
  };
}

const events = { dep: cloudEvent({ body: { message: "hi from the event" } }) };

let deps: TestDeps;
afterEach(async () => {
  await deps?.store.close();
});

describe("argoWorkflow submit", () => {
  it("submits the workflow with parameters, Argo's labels and a name derived from the firing", async () => {
    deps = testDeps();
    const result = await runTrigger(submitTemplate(), firing(events), deps);
    const name = firingName("hello-", "firing-1");
    expect(name).toMatch(/^hello-[a-z0-9]{5}$/);
    expect(result).toMatchObject({
      message: `submitted workflow argo/${name}`,
      object: { kind: "Workflow", namespace: "argo", name },
    });
    const wf = await deps.store.get<Workflow>("Workflow", "argo", name);
    expect(wf?.spec.arguments?.parameters?.[0]?.value).toBe("hi from the event");
    expect(wf?.metadata.labels).toEqual({
      "events.argoproj.io/sensor": "webhook-sensor",
      "events.argoproj.io/trigger": "t1",
      "events.argoproj.io/action-timestamp": String(Date.parse("2024-05-01T10:00:05Z")),
    });
    expect(wf?.metadata.annotations?.[firingAnnotation]).toBe("firing-1");
    expect(deps.calls).toEqual([{ op: "submit", namespace: "argo", name }]);
  });

  it("creates one workflow when the same firing runs twice", async () => {
    deps = testDeps();
    await runTrigger(submitTemplate(), firing(events), deps);
    const again = await runTrigger(submitTemplate(), firing(events), deps);
    expect(again.message).toMatch(/already submitted for this firing/);
    expect(again).toMatchObject({ alreadyDone: true });
    expect(await deps.store.list("Workflow", "argo")).toHaveLength(1);
  });

  it("creates a second workflow for a different firing", async () => {
    deps = testDeps();
    await runTrigger(submitTemplate(), firing(events), deps);
    await runTrigger(submitTemplate(), firing(events, { id: "firing-2" }), deps);
    expect(await deps.store.list("Workflow", "argo")).toHaveLength(2);
  });

  it("takes the next name of the firing's sequence when another object holds the first", async () => {
    deps = testDeps();
    const taken = firingName("hello-", "firing-1", 0);
    await deps.store.create({
      ...structuredClone(workflowResource),
      metadata: { name: taken, namespace: "argo" },
    });
    const first = await runTrigger(submitTemplate(), firing(events), deps);
    expect(first.object?.name).toBe(firingName("hello-", "firing-1", 1));
    const repeat = await runTrigger(submitTemplate(), firing(events), deps);
    expect(repeat.object?.name).toBe(first.object?.name);
    expect(await deps.store.list("Workflow", "argo")).toHaveLength(2);
  });

  it("fails with Conflict when an explicit name belongs to another object", async () => {
    deps = testDeps();
    await deps.store.create({
      ...structuredClone(workflowResource),
      metadata: { name: "fixed", namespace: "argo" },
    });
    const template = submitTemplate();
    (template.argoWorkflow?.source?.resource as { metadata: object }).metadata = { name: "fixed" };
    await expect(runTrigger(template, firing(events), deps)).rejects.toMatchObject({
      code: "Conflict",
      message: expect.stringMatching(/^trigger "t1": /),
    });
  });

  it("reads an inline YAML resource, and refuses one aimed at another namespace", async () => {
    deps = testDeps();
    const inline = (namespace: string) => `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: inline-wf, namespace: ${namespace}}
spec: {entrypoint: main, templates: [{name: main, container: {image: busybox}}]}
`;
    await expect(
      runTrigger({ name: "t1", argoWorkflow: { source: { inline: inline("other") } } }, firing(events), deps),
    ).rejects.toThrow(/namespace "other" is not the Sensor's namespace "argo"/);
    expect(await deps.store.get("Workflow", "other", "inline-wf")).toBeUndefined();
    const result = await runTrigger(
      { name: "t1", argoWorkflow: { source: { inline: inline("argo") } } },
      firing(events),
      deps,
    );
    expect(result.object).toEqual({ kind: "Workflow", namespace: "argo", name: "inline-wf" });
    expect(await deps.store.get("Workflow", "argo", "inline-wf")).toBeDefined();
  });

  it("applies -p, --entrypoint and --serviceaccount from args and reports the others", async () => {
    deps = testDeps();
    const template = submitTemplate({
      args: ["-p", "message=from-args", "--entrypoint=other", "--serviceaccount", "sa", "--watch"],
    });
    const result = await runTrigger(template, firing(events), deps);
    const wf = await deps.store.get<Workflow>("Workflow", "argo", result.object?.name ?? "");
    expect(wf?.spec.arguments?.parameters).toEqual([{ name: "message", value: "from-args" }]);
    expect(wf?.spec.entrypoint).toBe("other");
    expect(wf?.spec.serviceAccountName).toBe("sa");
    expect(deps.lines.some((l) => l.level === "warn" && JSON.stringify(l.fields).includes("--watch"))).toBe(
      true,
    );
  });
});

describe("argoWorkflow errors", () => {
  it("names the trigger and the field for an unknown operation", async () => {
    deps = testDeps();
    await expect(
      runTrigger(submitTemplate({ operation: "frobnicate" }), firing(events), deps),
    ).rejects.toMatchObject({
      code: "Invalid",
      message: expect.stringMatching(
        /^trigger "t1": argoWorkflow.operation "frobnicate" is not one of submit, submit-from, /,
      ),
    });
  });

  it.each([
    [{ source: { inline: "kind: [unclosed" } }, /argoWorkflow.source.inline is not valid YAML/],
    [{ source: { inline: "- a list" } }, /argoWorkflow.source.inline must hold one object/],
    [{}, /argoWorkflow.source is required/],
    [{ source: { file: { path: "/etc/passwd" } } }, /argoWorkflow.source.file is not supported/],
    [
      { source: { resource: { kind: "Workflow", spec: {} } } },
      /neither metadata.name nor metadata.generateName/,
    ],
    [
      { source: { resource: { kind: "ConfigMap", metadata: { name: "x" } } } },
      /submit needs a Workflow, not "ConfigMap"/,
    ],
    [
      { operation: "resume", source: { resource: { kind: "Workflow", metadata: { generateName: "x-" } } } },
      /the resume operation needs the resource's metadata.name/,
    ],
  ])("refuses a bad resource: %j", async (spec, message) => {
    deps = testDeps();
    await expect(runTrigger({ name: "t1", argoWorkflow: spec }, firing(events), deps)).rejects.toMatchObject({
      code: "Invalid",
      message: expect.stringMatching(message),
    });
  });
});

describe("argoWorkflow operations on an existing workflow", () => {
  it.each(["resubmit", "retry", "resume", "suspend", "terminate", "stop"])(
    "%s acts on the named workflow",
    async (op) => {
      deps = testDeps();
      await deps.store.create({
        ...structuredClone(workflowResource),
        metadata: { name: "running", namespace: "argo" },
      });
      const result = await runTrigger(
        {
          name: "t1",
          argoWorkflow: {
            operation: op,
            source: { resource: { kind: "Workflow", metadata: { name: "running" } } },
          },
        },
        firing(events),
        deps,
      );
      expect(deps.calls).toEqual([{ op, namespace: "argo", name: "running" }]);
      expect(result.object).toEqual({ kind: "Workflow", namespace: "argo", name: "running" });
    },
  );

  it("passes on the controller's NotFound", async () => {
    deps = testDeps();
    await expect(
      runTrigger(
        {
          name: "t1",
          argoWorkflow: {
            operation: "stop",
            source: { resource: { kind: "Workflow", metadata: { name: "gone" } } },
          },
        },
        firing(events),
        deps,
      ),
    ).rejects.toMatchObject({ code: "NotFound", message: expect.stringMatching(/^trigger "t1": /) });
  });
});

describe("argoWorkflow submit-from", () => {
  it("makes a workflow referencing a WorkflowTemplate", async () => {
    deps = testDeps();
    const result = await runTrigger(
      {
        name: "t1",
        argoWorkflow: {
          operation: "submit-from",
          source: { resource: { kind: "WorkflowTemplate", metadata: { name: "tmpl" } } },
          args: ["-p", "message=x"],
        },
      },
      firing(events),
      deps,
    );
    expect(result.object?.name).toBe(firingName("tmpl-", "firing-1"));
    const wf = await deps.store.get<Workflow>("Workflow", "argo", result.object?.name ?? "");
    expect(wf?.spec.workflowTemplateRef).toEqual({ name: "tmpl" });
    expect(wf?.spec.arguments?.parameters).toEqual([{ name: "message", value: "x" }]);
    expect(wf?.metadata.labels).toMatchObject({
      "workflows.argoproj.io/workflow-template": "tmpl",
      "events.argoproj.io/sensor": "webhook-sensor",
    });
  });

  it("makes a workflow from a stored CronWorkflow's workflowSpec, owned by the cron", async () => {
    deps = testDeps();
    const cron = parse(`
apiVersion: argoproj.io/v1alpha1
kind: CronWorkflow
metadata: {name: nightly, namespace: argo}
spec:
  schedules: ["0 0 * * *"]
  workflowMetadata: {labels: {team: data}}
  workflowSpec: {entrypoint: main, templates: [{name: main, container: {image: busybox}}]}
`) as CronWorkflow;
    const stored = await deps.store.create(cron);
    const result = await runTrigger(
      {
        name: "t1",
        argoWorkflow: {
          operation: "submit-from",
          source: { resource: { kind: "CronWorkflow", metadata: { name: "nightly" } } },
        },
      },
      firing(events),
      deps,
    );
    const wf = await deps.store.get<Workflow>("Workflow", "argo", result.object?.name ?? "");
    expect(wf?.spec.entrypoint).toBe("main");
    expect(wf?.metadata.labels).toMatchObject({
      "workflows.argoproj.io/cron-workflow": "nightly",
      team: "data",
    });
    expect(wf?.metadata.annotations?.["workflows.argoproj.io/scheduled-time"]).toBe("2024-05-01T10:00:05Z");
    expect(wf?.metadata.ownerReferences?.[0]).toMatchObject({
      kind: "CronWorkflow",
      uid: stored.metadata.uid,
    });
  });

  it("refuses another kind and a cron that does not exist", async () => {
    deps = testDeps();
    const run = (kind: string) =>
      runTrigger(
        {
          name: "t1",
          argoWorkflow: { operation: "submit-from", source: { resource: { kind, metadata: { name: "n" } } } },
        },
        firing(events),
        deps,
      );
    await expect(run("Workflow")).rejects.toMatchObject({ code: "Invalid", message: /not "Workflow"/ });
    await expect(run("CronWorkflow")).rejects.toMatchObject({ code: "NotFound" });
  });
});
