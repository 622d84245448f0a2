/**
 * The two expressions of a CronWorkflow, over the `cronworkflow.*` variables Argo offers (`name`,
 * `namespace`, `labels`, `annotations`, `labels.json`, `annotations.json`, `failed`, `succeeded`,
 * `lastScheduledTime`):
 * - `when`: `{{…}}` tags are substituted first (`{{= … }}` runs expr-lang, with `now()` on the
 *   controller's clock), then the text is a govaluate condition, as Argo's `shouldExecute`;
 * - `stopStrategy.expression`: one expr-lang expression that must be a boolean.
 * Both go through our own evaluators in src/expr (no eval). Errors carry Argo's wording.
 */
import {
  argoEnv,
  evalBool,
  evalExpr,
  evalWhen,
  formatValue,
  type Scope,
  substituteString,
} from "../../expr/index.js";
import { type CronObject, readStatus } from "./types.js";

interface CronVariables {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  failed: number;
  succeeded: number;
  /** null before the first run. */
  lastScheduledTime: Date | null;
}

function variablesOf(cron: CronObject): CronVariables {
  const status = readStatus(cron);
  const last = status.lastScheduledTime ? Date.parse(status.lastScheduledTime) : Number.NaN;
  return {
    name: cron.metadata.name ?? "",
    namespace: cron.metadata.namespace ?? "",
    labels: { ...(cron.metadata.labels ?? {}) },
    annotations: { ...(cron.metadata.annotations ?? {}) },
    failed: status.failed,
    succeeded: status.succeeded,
    lastScheduledTime: Number.isNaN(last) ? null : new Date(last),
  };
}

const json = (m: Record<string, string>): string => formatValue(m);

/** The nested `cronworkflow` map; `labels.json` is also reachable as `labels.json` unless a label is named so. */
function cronMap(v: CronVariables): Record<string, unknown> {
  const withJson = (m: Record<string, string>) => (Object.hasOwn(m, "json") ? m : { ...m, json: json(m) });
  return {
    name: v.name,
    namespace: v.namespace,
    labels: withJson(v.labels),
    annotations: withJson(v.annotations),
    "labels.json": json(v.labels),
    "annotations.json": json(v.annotations),
    failed: v.failed,
    succeeded: v.succeeded,
    lastScheduledTime: v.lastScheduledTime,
  };
}

/** Flat text values for simple `{{cronworkflow.x}}` tags. */
function flatScope(v: CronVariables): Scope {
  const scope = new Map<string, string>([
    ["cronworkflow.name", v.name],
    ["cronworkflow.namespace", v.namespace],
    ["cronworkflow.labels.json", json(v.labels)],
    ["cronworkflow.annotations.json", json(v.annotations)],
    ["cronworkflow.failed", String(v.failed)],
    ["cronworkflow.succeeded", String(v.succeeded)],
  ]);
  for (const [k, x] of Object.entries(v.labels)) scope.set(`cronworkflow.labels.${k}`, x);
  for (const [k, x] of Object.entries(v.annotations)) scope.set(`cronworkflow.annotations.${k}`, x);
  if (v.lastScheduledTime) {
    scope.set("cronworkflow.lastScheduledTime", v.lastScheduledTime.toISOString().replace(/\.\d{3}Z$/, "Z"));
  }
  return scope;
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * Argo's `evalWhen`: true when `when` is empty or its substituted text is a true govaluate
 * condition. Throws an Error with Argo's message otherwise (the caller reports it as a
 * `SubmissionError`, `run policy error: …`).
 */
export function evaluateCronWhen(cron: CronObject, when: string, nowMs: number): boolean {
  if (when === "") return true;
  const vars = variablesOf(cron);
  const env = argoEnv([]);
  env.cronworkflow = cronMap(vars);
  const text = substituteString(when, flatScope(vars), {
    strict: false,
    evaluateExpression: (source) => {
      let result: unknown;
      try {
        result = evalExpr(source, env, { now: () => nowMs });
      } catch (e) {
        throw new Error(`failed to evaluate expression: ${messageOf(e)}`);
      }
      if (result === null || result === undefined)
        throw new Error(`failed to evaluate expression "${source}"`);
      return formatValue(result);
    },
  });
  return evalWhen(text);
}

/**
 * Argo's `checkStopingCondition`: whether `stopStrategy.expression` says to stop. Throws with
 * Argo's message (`failed to evaluate stop expression: …`) when it fails or is not a boolean.
 */
export function evaluateStopExpression(cron: CronObject, expression: string, nowMs: number): boolean {
  const env = { cronworkflow: cronMap(variablesOf(cron)) };
  try {
    return evalBool(expression, env, { now: () => nowMs });
  } catch (e) {
    throw new Error(`failed to evaluate stop expression: ${messageOf(e)}`);
  }
}
