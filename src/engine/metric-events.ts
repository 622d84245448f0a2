/**
 * Custom metrics (`metrics.prometheus`) evaluated when a node with metrics is fulfilled and when
 * the workflow ends; samples leave the engine as a `recordMetrics` action, and evaluation errors
 * become the workflow's `MetricsError` condition, as in Argo.
 */
import type { NodeStatus } from "../spec/types.js";
import type { EngineContext } from "./context.js";
import { evaluateMetrics } from "./metrics.js";
import { metricScope, workflowMetricScope } from "./metrics-scope.js";

function record(ctx: EngineContext, nodeId: string, result: ReturnType<typeof evaluateMetrics>): void {
  if (result.samples.length) ctx.state.emit({ type: "recordMetrics", nodeId, samples: result.samples });
  if (result.errors.length === 0) return;
  const status = ctx.state.workflow.status ?? {};
  const conditions = (status.conditions ?? []).filter((c) => c.type !== "MetricsError");
  conditions.push({ type: "MetricsError", status: "True", message: result.errors.join("; ") });
  status.conditions = conditions;
}

/** A node whose template has metrics was fulfilled. */
export function nodeMetrics(ctx: EngineContext, node: NodeStatus): void {
  const metrics = ctx.nodeMetrics.get(node.id);
  if (metrics === undefined) return;
  ctx.nodeMetrics.delete(node.id);
  const scope = metricScope(node, { globals: ctx.globals, nowMs: ctx.state.nowMs });
  record(ctx, node.id, evaluateMetrics({ metrics, scope }));
}

/** The workflow ended: its own metrics. */
export function workflowMetrics(ctx: EngineContext): void {
  const metrics = ctx.spec.metrics;
  if (metrics === undefined) return;
  const scope = workflowMetricScope(ctx.state.workflow, ctx.state.nowMs, { globals: ctx.globals });
  record(ctx, "", evaluateMetrics({ metrics, scope }));
}
