/**
 * Semantic rules of a Sensor's triggers, with Argo Events' messages where it has them: names,
 * exactly one trigger type per template, conditions over known dependencies, conditionsReset crons,
 * the required fields of each trigger type, parameters from known dependencies, policies and the
 * dead-letter trigger. Trigger types Argosy does not run get a warning.
 */
import { type Issue, issue } from "../problem.js";
import { triggerTypes } from "../schema/events-sensors.js";
import { conditionKey, parseConditions } from "./events-conditions.js";
import { checkBackoff, Findings, isSet } from "./events-read.js";
import { cronProblem, timezoneProblem } from "./events-time.js";
import type { Path } from "./model.js";
import { asList, asRecord, type Json, stringField } from "./read.js";

/** What the trigger rules need to know about the whole Sensor. */
export interface TriggerContext {
  spec: Json;
  /** The dependency names the Sensor defines. */
  dependencies: readonly string[];
  out: Issue[];
}

/** The trigger types Argosy runs. */
export const runTriggerTypes: readonly string[] = ["argoWorkflow", "k8s", "http", "log", "nats", "amqp"];

/** Checks `spec.triggers`. */
export function checkTriggers(ctx: TriggerContext): void {
  const { spec, out } = ctx;
  const list = asList(spec.triggers);
  if (list.length === 0) {
    out.push(
      issue("required", spec.triggers === undefined ? ["spec"] : ["spec", "triggers"], "no triggers found"),
    );
  }
  const seen = new Set<string>();
  list.forEach((value, i) => {
    const trigger = asRecord(value);
    if (trigger === undefined) return;
    const at = ["spec", "triggers", i];
    checkTrigger(new Findings(out, at, trigger), ctx);
    const name = stringField(asRecord(trigger.template), "name");
    if (name !== undefined && seen.has(name))
      out.push(issue("duplicate-name", [...at, "template", "name"], `duplicate trigger name: ${name}`));
    if (name !== undefined) seen.add(name);
  });
}

function checkTrigger(f: Findings, ctx: TriggerContext): void {
  const template = f.child("template");
  if (template === undefined) f.need("template", "trigger template can't be nil");
  else checkTemplate(template, ctx);
  checkParameters({ list: f.obj.parameters, at: [...f.at, "parameters"], ctx, needDest: true });
  checkBackoff(f, "retryStrategy");
  if (template !== undefined) checkPolicy(f, template);
  const dlq = f.child("dlqTrigger");
  if (dlq === undefined) return;
  if (f.obj.atLeastOnce !== true)
    f.error("invalid-value", "atLeastOnce", "to use dlqTrigger, trigger.atLeastOnce must be set to true");
  if (dlq.obj.atLeastOnce !== true)
    dlq.error("invalid-value", "atLeastOnce", "atLeastOnce must be set to true within the dlqTrigger");
  checkTrigger(dlq, ctx);
}

function checkTemplate(t: Findings, ctx: TriggerContext): void {
  t.need("name", "trigger must define a name");
  const name = stringField(t.obj, "name") ?? "";
  checkConditions(t, ctx);
  asList(t.obj.conditionsReset).forEach((value, i) => {
    const reset = asRecord(value);
    if (reset !== undefined) checkReset(new Findings(ctx.out, [...t.at, "conditionsReset", i], reset));
  });
  // In document order, so that the second type written is the one reported.
  const types = Object.keys(t.obj).filter(
    (k) => Object.hasOwn(triggerTypes, k) && t.obj[k] !== undefined && t.obj[k] !== null,
  );
  if (types.length === 0) {
    const list = Object.keys(triggerTypes).join(", ");
    t.error("trigger-type", undefined, `trigger '${name}' has no trigger type: set one of ${list}`);
  }
  types.forEach((type, i) => {
    if (i > 0)
      t.error("trigger-type", type, `trigger '${name}' has more than one trigger type: ${types.join(", ")}`);
    if (!runTriggerTypes.includes(type)) t.warn("unsupported", type, `Argosy does not run ${type} triggers`);
    const body = t.child(type);
    if (body !== undefined) checkTriggerType(type, body, ctx);
  });
}

/** Argo parses each reset cron with the same 5-field parser as calendars, and loads its time zone. */
function checkReset(r: Findings): void {
  const byTime = r.child("byTime");
  if (byTime === undefined) {
    r.error("required", "byTime", "invalid conditionsReset");
    return;
  }
  const cron = typeof byTime.obj.cron === "string" ? byTime.obj.cron : "";
  const cronIssue = cronProblem(cron);
  if (cronIssue !== undefined)
    byTime.error("cron", "cron", `invalid cron expression "${cron}": ${cronIssue}`);
  const zone = byTime.obj.timezone;
  if (typeof zone === "string" && timezoneProblem(zone) !== undefined)
    byTime.error("invalid-value", "timezone", `invalid timezone "${zone}"`);
}

function checkConditions(t: Findings, ctx: TriggerContext): void {
  const conditions = t.obj.conditions;
  if (typeof conditions !== "string" || conditions === "") return;
  const parsed = parseConditions(conditions);
  if (parsed.error !== undefined)
    t.error("condition", "conditions", `invalid conditions "${conditions}": ${parsed.error}`);
  const known = new Set(ctx.dependencies.map(conditionKey));
  for (const name of new Set(parsed.names)) {
    if (!known.has(conditionKey(name)))
      t.error("condition", "conditions", `conditions refer to unknown dependency '${name}'`);
  }
}

type TypeRule = (f: Findings) => void;

/** Fields that must be set, and Argo's message when one is not (`key?` = present, may be empty). */
const required: Readonly<Record<string, readonly (readonly [string, string])[]>> = {
  k8s: [["source", "k8s trigger does not contain an absolute action"]],
  argoWorkflow: [["source", "argoWorkflow trigger does not contain an absolute action"]],
  http: [["url", "server URL is not specified"]],
  nats: [
    ["url", "nats server url can't be empty"],
    ["subject", "nats subject can't be empty"],
    ["payload?", "payload can't be nil"],
  ],
  amqp: [
    ["url", "amqp server url can't be empty"],
    ["routingKey", "routing key can't be empty"],
  ],
  awsLambda: [
    ["functionName", "function name is not specified"],
    ["region", "region is not specified"],
    ["payload?", "payload parameters are not specified"],
  ],
  kafka: [
    ["url", "broker url must not be empty"],
    ["topic", "topic must not be empty"],
    ["payload?", "payload must not be empty"],
  ],
  slack: [["slackToken", "slack token can't be empty"]],
  openWhisk: [
    ["actionName", "action name is not specified"],
    ["host", "host URL is not specified"],
    ["payload?", "payload parameters are not specified"],
  ],
  custom: [
    ["serverURL", "custom trigger gRPC server url is not defined"],
    ["spec?", "trigger body can't be empty"],
  ],
  email: [["host", "host can't be empty"]],
};

const extraRules: Readonly<Record<string, TypeRule>> = {
  k8s: checkSource,
  argoWorkflow: (f) => {
    checkSource(f);
    if (!isSet(f.obj, "operation"))
      f.warn(
        "argo-compatibility",
        "operation",
        "unknown operation type : Argo Events v1.9 requires an operation (Argosy submits)",
      );
  },
  openWhisk: (f) => {
    const token = f.child("authToken");
    if (token !== undefined && (!isSet(token.obj, "name") || !isSet(token.obj, "key")))
      token.error("required", undefined, "auth token key and name must be specified");
  },
  custom: (f) => {
    if (f.obj.secure === true)
      f.need("certSecret", "certSecret can't be nil when the trigger server connection is secure");
  },
  email: (f) => {
    const port = f.obj.port;
    if (typeof port === "number" && (port < 0 || port > 65535))
      f.error("invalid-value", "port", `port: ${port}, port should be between 0-65535`);
  },
};

function checkTriggerType(type: string, f: Findings, ctx: TriggerContext): void {
  for (const [key, message] of required[type] ?? []) {
    const field = key.replace("?", "");
    const present = key.endsWith("?")
      ? f.obj[field] !== undefined && f.obj[field] !== null
      : isSet(f.obj, field);
    if (!present) f.error("required", field, message);
  }
  extraRules[type]?.(f);
  for (const key of ["parameters", "payload", "dynamicHeaders"]) {
    const needDest = !(type === "http" && key === "payload");
    checkParameters({ list: f.obj[key], at: [...f.at, key], ctx, needDest });
  }
}

const locations = ["resource", "inline", "s3", "file", "url", "configmap", "git"];

/** A trigger source must say where the resource is; Argosy reads `resource` and `inline` only. */
function checkSource(f: Findings): void {
  const source = f.child("source");
  if (source === undefined) return;
  const set = locations.filter((k) => source.obj[k] !== undefined && source.obj[k] !== null);
  if (set.length === 0)
    source.error("required", undefined, `trigger source is empty: set one of ${locations.join(", ")}`);
  else if (!set.includes("resource") && !set.includes("inline"))
    source.warn(
      "unsupported",
      set[0],
      `Argosy reads a trigger's resource from source.resource or source.inline only`,
    );
}

interface ParameterList {
  list: unknown;
  at: Path;
  ctx: TriggerContext;
  /** Argo lets an HTTP payload parameter leave `dest` empty; all others need it. */
  needDest: boolean;
}

function checkParameters({ list, at, ctx, needDest }: ParameterList): void {
  const known = new Set(ctx.dependencies);
  asList(list).forEach((value, i) => {
    const param = asRecord(value);
    if (param === undefined) return;
    const p = new Findings(ctx.out, [...at, i], param);
    const src = p.child("src");
    if (src === undefined) p.need("src", "parameter source can't be empty");
    else {
      src.need("dependencyName", "parameter dependency name can't be empty");
      const dep = stringField(src.obj, "dependencyName");
      if (dep !== undefined && !known.has(dep))
        src.error("reference", "dependencyName", `parameter refers to unknown dependency '${dep}'`);
    }
    if (needDest) p.need("dest", "parameter destination can't be empty");
  });
}

/** Argo checks a policy against the trigger type: labels for k8s-like, allowed codes for HTTP-like. */
function checkPolicy(f: Findings, template: Findings): void {
  const policy = f.child("policy");
  if (policy === undefined) return;
  const has = (k: string): boolean => template.obj[k] !== undefined && template.obj[k] !== null;
  const k8s = policy.child("k8s");
  if ((has("k8s") || has("argoWorkflow")) && k8s !== undefined) {
    if (k8s.obj.labels === undefined || k8s.obj.labels === null)
      k8s.error("required", "labels", "resource labels are not specified");
    checkBackoff(k8s, "backoff");
  }
  const status = policy.child("status");
  if ((has("http") || has("awsLambda")) && status !== undefined && (status.obj.allow ?? null) === null)
    status.error("required", "allow", "list of allowed response status is not specified");
}
