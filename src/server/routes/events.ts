/**
 * `POST /api/v1/events/{ns}/{discriminator}`: Argo's webhook for WorkflowEventBindings. The body is
 * the event payload. Every binding in the namespace whose `spec.event.selector` (an expr-lang
 * expression over `payload`, `metadata` — the request's `x-*` headers, each a list of values —
 * `discriminator` and `namespace`) is true submits a workflow from its
 * `spec.submit.workflowTemplateRef`, with `arguments.parameters[].valueFrom.event` expressions
 * evaluated against the same environment. Expressions run in our own interpreter, never `eval`.
 * Dispatch is synchronous, as Argo's default: a failure is a 500 naming the binding.
 * Also `GET /api/v1/workflow-event-bindings/{ns}`.
 */
import type { Context, Hono } from "hono";
import { evalBool, evalExpr, formatValue } from "../../expr/index.js";
import type { Parameter, Workflow } from "../../spec/types.js";
import type { StoredObject } from "../../store/types.js";
import { authorize, type ServerEnv } from "../authorize.js";
import type { ServerDeps } from "../deps.js";
import { ApiError, badRequest, GrpcCode } from "../errors.js";
import { jsonWithFields } from "../http.js";

interface Binding extends StoredObject {
  spec?: {
    event?: { selector?: string };
    submit?: {
      workflowTemplateRef?: { name?: string; clusterScope?: boolean };
      metadata?: {
        name?: string;
        generateName?: string;
        labels?: Record<string, string>;
        annotations?: Record<string, string>;
      };
      arguments?: { parameters?: { name: string; valueFrom?: { event?: string } }[] };
    };
  };
}

type Env = Record<string, unknown>;

/** The `x-` headers, each as the list of its values (gRPC metadata). */
function headerMetadata(c: Context): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  c.req.raw.headers.forEach((value, name) => {
    const key = name.toLowerCase();
    if (key.startsWith("x-")) out[key] = value.split(",").map((v) => v.trim());
  });
  return out;
}

function evalString(source: string, env: Env, what: string): string {
  const v = evalExpr(source, env);
  if (typeof v !== "string")
    throw new Error(`workflow ${what} expression must evaluate to a string, not a ${typeof v}`);
  return v;
}

async function workflowFor(deps: ServerDeps, binding: Binding, env: Env): Promise<Workflow | undefined> {
  const submit = binding.spec?.submit;
  const ref = submit?.workflowTemplateRef;
  if (!submit || !ref?.name) return undefined;
  const namespace = binding.metadata.namespace ?? "";
  const template = ref.clusterScope
    ? await deps.store.get<StoredObject>("ClusterWorkflowTemplate", "", ref.name)
    : await deps.store.get<StoredObject>("WorkflowTemplate", namespace, ref.name);
  if (!template) throw new Error(`failed to get workflow template: ${ref.name} not found`);
  const wfMeta = (
    template.spec as {
      workflowMetadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
    }
  )?.workflowMetadata;
  const wf: Workflow = {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Workflow",
    metadata: {
      generateName: `${ref.name}-`,
      namespace,
      labels: {
        ...(wfMeta?.labels ?? {}),
        [ref.clusterScope
          ? "workflows.argoproj.io/cluster-workflow-template"
          : "workflows.argoproj.io/workflow-template"]: ref.name,
      },
      ...(wfMeta?.annotations ? { annotations: { ...wfMeta.annotations } } : {}),
    },
    spec: { workflowTemplateRef: { name: ref.name, ...(ref.clusterScope ? { clusterScope: true } : {}) } },
  };
  const meta = submit.metadata ?? {};
  if (meta.name) wf.metadata.name = evalString(meta.name, env, "name");
  if (meta.generateName) wf.metadata.generateName = evalString(meta.generateName, env, "generateName");
  for (const [k, v] of Object.entries(meta.labels ?? {}))
    wf.metadata.labels![k] = evalString(v, env, `label "${k}"`);
  for (const [k, v] of Object.entries(meta.annotations ?? {})) {
    wf.metadata.annotations = { ...wf.metadata.annotations, [k]: evalString(v, env, `annotation "${k}"`) };
  }
  wf.metadata.labels!["workflows.argoproj.io/workflow-event-binding"] = binding.metadata.name ?? "";
  const parameters: Parameter[] = [];
  for (const p of submit.arguments?.parameters ?? []) {
    if (!p.valueFrom?.event)
      throw new Error(`malformed workflow template parameter "${p.name}": valueFrom is nil`);
    parameters.push({ name: p.name, value: formatValue(evalExpr(p.valueFrom.event, env)) });
  }
  if (parameters.length) wf.spec.arguments = { parameters };
  return wf;
}

async function receiveEvent(c: Context<ServerEnv>, deps: ServerDeps): Promise<Response> {
  const { namespace = "", discriminator = "" } = c.req.param();
  authorize(c, namespace, "write");
  const text = await c.req.text();
  let payload: unknown = null;
  try {
    payload = text.trim() === "" ? null : JSON.parse(text);
  } catch {
    throw badRequest("the event payload is not JSON");
  }
  const env: Env = { namespace, discriminator, metadata: headerMetadata(c), payload };
  const failures: string[] = [];
  for (const binding of await deps.store.list<Binding>("WorkflowEventBinding", namespace)) {
    try {
      const selector = binding.spec?.event?.selector ?? "";
      if (!evalBool(selector, env)) continue;
      const wf = await workflowFor(deps, binding, env);
      if (wf) await deps.controller.submit(wf);
    } catch (e) {
      failures.push(`${binding.metadata.name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (failures.length)
    throw new ApiError(GrpcCode.Internal, `failed to dispatch event: [${failures.join("; ")}]`);
  return c.json({});
}

export function registerEventRoutes(app: Hono<ServerEnv>, deps: ServerDeps): void {
  app.post("/api/v1/events/:namespace/:discriminator", (c) => receiveEvent(c, deps));
  app.get("/api/v1/workflow-event-bindings/:namespace", async (c) => {
    const namespace = c.req.param("namespace");
    authorize(c, namespace, "read");
    const items = await deps.store.list("WorkflowEventBinding", namespace);
    return jsonWithFields(c, { metadata: {}, items: items.length ? items : null });
  });
}
