/**
 * `PUT /api/v1/workflows/{ns}/{name}/{retry|resubmit|suspend|resume|stop|terminate|set}` with Argo's
 * request bodies, each handed to the controller. An operation that does not apply in the workflow's
 * current state (the controller's `Conflict`) is answered as Argo does: a 400.
 */
import type { Context, Hono } from "hono";
import type { ControllerApi } from "../../controller/api.js";
import type { Workflow } from "../../spec/types.js";
import { authorize, type ServerEnv } from "../authorize.js";
import type { ServerDeps } from "../deps.js";
import { badRequest, errorResponse } from "../errors.js";
import { readBody, stringField, stringList } from "../http.js";

type Body = Record<string, unknown>;
type Action = (controller: ControllerApi, namespace: string, name: string, body: Body) => Promise<Workflow>;

const optional = (value: string, key: string) => (value ? { [key]: value } : {});

function parseOutputParameters(text: string): Record<string, string> | undefined {
  if (text === "") return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw badRequest(
      `unable to parse output parameter set request: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw badRequest(
      "unable to parse output parameter set request: must be a JSON object of names to values",
    );
  }
  return Object.fromEntries(
    Object.entries(parsed).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
  );
}

const actions: Record<string, Action> = {
  retry: (ctl, ns, name, body) =>
    ctl.retry(ns, name, {
      restartSuccessful: body.restartSuccessful === true,
      ...optional(stringField(body, "nodeFieldSelector"), "nodeFieldSelector"),
      parameters: stringList(body, "parameters"),
    }),
  resubmit: (ctl, ns, name, body) =>
    ctl.resubmit(ns, name, { memoized: body.memoized === true, parameters: stringList(body, "parameters") }),
  suspend: (ctl, ns, name) => ctl.suspend(ns, name),
  resume: (ctl, ns, name, body) =>
    ctl.resume(ns, name, optional(stringField(body, "nodeFieldSelector"), "nodeFieldSelector")),
  stop: (ctl, ns, name, body) =>
    ctl.stop(ns, name, {
      ...optional(stringField(body, "message"), "message"),
      ...optional(stringField(body, "nodeFieldSelector"), "nodeFieldSelector"),
    }),
  terminate: (ctl, ns, name) => ctl.terminate(ns, name),
  set: (ctl, ns, name, body) => {
    const phase = stringField(body, "phase");
    if (!["", "Succeeded", "Failed", "Error"].includes(phase)) {
      throw badRequest(`${phase} is an invalid phase to set to`);
    }
    const outputParameters = parseOutputParameters(stringField(body, "outputParameters"));
    return ctl.setNode(ns, name, {
      nodeFieldSelector: stringField(body, "nodeFieldSelector"),
      ...optional(phase, "phase"),
      ...optional(stringField(body, "message"), "message"),
      ...(outputParameters ? { outputParameters } : {}),
    });
  },
};

async function runAction(c: Context<ServerEnv>, deps: ServerDeps, action: Action): Promise<Response> {
  try {
    const { namespace = "", name = "" } = c.req.param();
    authorize(c, namespace, "write");
    const body = await readBody(c);
    return c.json(await action(deps.controller, namespace, name, body));
  } catch (e) {
    return errorResponse(c, e, "precondition");
  }
}

export function registerWorkflowActionRoutes(app: Hono<ServerEnv>, deps: ServerDeps): void {
  for (const [verb, action] of Object.entries(actions)) {
    app.put(`/api/v1/workflows/:namespace/:name/${verb}`, (c) => runAction(c, deps, action));
  }
}
