/**
 * Retries (Argo's processNodeRetries). A template with a `retryStrategy` (its own, else the
 * workflow's) runs under a `Retry` node whose children are the attempts `name(0)`, `name(1)`…
 * When an attempt fails, the runtime applies, in Argo's order: backoff (`duration`, `factor`,
 * `cap`, `maxDuration`), the retry policy, the limit, then `expression`; then it starts the next
 * attempt, or ends the Retry node with the last attempt's phase and Argo's message.
 */
import { evalBool, parseDuration } from "../expr/index.js";
import type { NodePhase, NodeStatus, RetryStrategy } from "../spec/types.js";
import { isFailurePhase } from "../spec/types.js";
import { type EngineContext, messageOf, own, type Runtime, setPhase } from "./context.js";
import type { Invocation } from "./invoke.js";
import type { ResolvedTemplate } from "./templates.js";
import { paramString } from "./vars.js";

/** Starts the attempt `n` of a retried template; provided by invoke.ts to avoid an import cycle. */
export type AttemptStarter = (n: number, locals: Map<string, string>) => NodeStatus;

const durationMs = (v: unknown): number => {
  const text = paramString(v).trim();
  return /^\d+$/.test(text) ? Number(text) * 1000 : parseDuration(text);
};

/** Go-style short duration for "Backoff for …". */
function humanDuration(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${Number.isInteger(s) ? s : s.toFixed(1)} seconds`.replace(/^1 seconds$/, "1 second");
  const m = Math.round(s / 60);
  return m === 1 ? "1 minute" : `${m} minutes`;
}

/** Argo's actual policy: the one given, else Always with an expression and OnFailure without. */
const policyOf = (s: RetryStrategy) => s.retryPolicy ?? (s.expression ? "Always" : "OnFailure");

export class RetryRuntime implements Runtime {
  constructor(
    private readonly ctx: EngineContext,
    private readonly node: NodeStatus,
    private readonly strategy: RetryStrategy,
    private readonly startAttempt: AttemptStarter,
  ) {}

  /** The attempts so far, oldest first. */
  private attempts(): NodeStatus[] {
    return (this.node.children ?? []).map((id) => this.ctx.state.must(id));
  }

  /** Starts the next attempt with `retries` and `lastRetry.*` set from the previous one. */
  next(): void {
    const attempts = this.attempts();
    const last = attempts[attempts.length - 1];
    const locals = new Map<string, string>([["retries", String(attempts.length)]]);
    locals.set("lastRetry.exitCode", last?.outputs?.exitCode ?? (last ? "-1" : "0"));
    locals.set("lastRetry.status", last?.phase ?? "");
    locals.set("lastRetry.duration", last ? String(durationSeconds(last)) : "0");
    locals.set("lastRetry.message", last?.message ?? "");
    const child = this.startAttempt(attempts.length, locals);
    this.ctx.state.addChild(this.node.id, child.id);
    own(this.ctx, child.id, this.node.id);
  }

  onChildFulfilled(childId: string): void {
    const children = this.node.children ?? [];
    if (children[children.length - 1] !== childId) return;
    this.decide(false);
  }

  /** A backoff timer fired: retry now unless the backoff is still running. */
  onTimer(): void {
    if (this.node.phase === "Running") this.decide(true);
  }

  private finish(phase: NodePhase, message: string | undefined): void {
    this.ctx.runtimes.delete(this.node.id);
    setPhase(this.ctx, this.node.id, phase, message ?? "");
  }

  private decide(backoffDone: boolean): void {
    const attempts = this.attempts();
    const last = attempts[attempts.length - 1] as NodeStatus;
    if (!isFailurePhase(last.phase)) {
      if (last.outputs) this.node.outputs = structuredClone(last.outputs);
      // Argo reads a retried step's ip, id and outputs from its last attempt.
      if (last.podIP) this.node.podIP = last.podIP;
      if (last.daemoned) this.node.daemoned = true;
      this.finish("Succeeded", undefined);
      return;
    }
    const shutdown = this.ctx.spec.shutdown ?? this.ctx.state.workflow.spec.shutdown;
    if (shutdown) {
      this.finish(last.phase, `Stopped with strategy '${shutdown}'`);
      return;
    }
    if (this.ctx.deadlinePassed) {
      this.finish(last.phase, "retry exceeded workflow deadline");
      return;
    }
    try {
      if (!backoffDone && this.strategy.backoff && this.backoff(attempts, last)) return;
    } catch (e) {
      this.finish("Error", messageOf(e));
      return;
    }
    const policy = policyOf(this.strategy);
    const retryFailed = policy === "Always" || policy === "OnFailure";
    const retryError = policy === "Always" || policy === "OnError" || policy === "OnTransientError";
    if ((last.phase === "Failed" && !retryFailed) || (last.phase === "Error" && !retryError)) {
      this.finish(last.phase, last.message);
      return;
    }
    const limit = this.strategy.limit === undefined ? undefined : Number(paramString(this.strategy.limit));
    if (limit !== undefined && Number.isFinite(limit) && attempts.length > limit) {
      this.finish(last.phase, "No more retries left");
      return;
    }
    if (this.strategy.expression) {
      let proceed: boolean;
      try {
        proceed = evalBool(this.strategy.expression, this.expressionEnv(attempts, last));
      } catch (e) {
        this.finish("Error", messageOf(e));
        return;
      }
      if (!proceed) {
        this.finish(last.phase, "retryStrategy.expression evaluated to false");
        return;
      }
    }
    this.ctx.state.markPhase(this.node.id, "Running", "");
    this.next();
  }

  /** When the next attempt may start, by the backoff: base duration × factor^(attempts-1), capped. */
  private backoffPlan(
    attempts: NodeStatus[],
    last: NodeStatus,
  ): { until: number; wait: number; maxDeadline?: number } {
    const b = this.strategy.backoff ?? {};
    let maxDeadline: number | undefined;
    if (b.maxDuration !== undefined && b.maxDuration !== "") {
      maxDeadline = Date.parse(attempts[0]?.startedAt ?? "") + durationMs(b.maxDuration);
    }
    if (b.duration === undefined || b.duration === "")
      throw new Error("no base duration specified for retryStrategy");
    let wait = durationMs(b.duration);
    const factor = Number(paramString(b.factor ?? ""));
    if (Number.isFinite(factor) && factor > 0) wait *= factor ** (attempts.length - 1);
    if (b.cap !== undefined && b.cap !== "") wait = Math.min(wait, durationMs(b.cap));
    const until = Date.parse(last.finishedAt ?? "") + wait;
    return maxDeadline === undefined ? { until, wait } : { until, wait, maxDeadline };
  }

  /** After a restart: re-arm the wake time of a backoff in progress. */
  restoreWake(): void {
    const attempts = this.attempts();
    const last = attempts[attempts.length - 1];
    if (!last || !this.strategy.backoff || !isFailurePhase(last.phase)) return;
    try {
      this.ctx.wakeTimes.set(this.node.id, this.backoffPlan(attempts, last).until);
    } catch {
      // a bad backoff was already reported when the attempt failed
    }
  }

  /** Applies the backoff; true when the next attempt must wait (or the retry node ended). */
  private backoff(attempts: NodeStatus[], last: NodeStatus): boolean {
    const { until, wait, maxDeadline } = this.backoffPlan(attempts, last);
    if (maxDeadline !== undefined && this.ctx.state.nowMs > maxDeadline) {
      this.finish(last.phase, "Max duration limit exceeded");
      return true;
    }
    if (maxDeadline !== undefined && until > maxDeadline) {
      this.finish(last.phase, "Backoff would exceed max duration limit");
      return true;
    }
    const limit = this.strategy.limit === undefined ? undefined : Number(paramString(this.strategy.limit));
    if (this.ctx.state.nowMs < until && limit !== undefined && attempts.length <= limit) {
      this.ctx.state.markPhase(this.node.id, "Running", `Backoff for ${humanDuration(wait)}`);
      this.ctx.wakeTimes.set(this.node.id, until);
      this.ctx.state.emit({ type: "wakeAt", nodeId: this.node.id, at: new Date(until).toISOString() });
      return true;
    }
    return false;
  }

  private expressionEnv(attempts: NodeStatus[], last: NodeStatus): Record<string, unknown> {
    return {
      retries: String(attempts.length - 1),
      lastRetry: {
        exitCode: last.outputs?.exitCode ?? "-1",
        status: last.phase,
        duration: String(durationSeconds(last)),
        message: last.message ?? "",
      },
    };
  }
}

const durationSeconds = (n: NodeStatus): number =>
  Math.max(0, (Date.parse(n.finishedAt ?? "") - Date.parse(n.startedAt ?? "")) / 1000) || 0;

/** Creates the Retry node for an invocation and starts attempt 0. */
export function startRetry(
  ctx: EngineContext,
  request: {
    inv: Invocation;
    resolved: ResolvedTemplate;
    strategy: RetryStrategy;
    startAttempt: AttemptStarter;
    node: NodeStatus;
  },
): NodeStatus {
  const runtime = new RetryRuntime(ctx, request.node, request.strategy, request.startAttempt);
  ctx.runtimes.set(request.node.id, runtime);
  runtime.next();
  return request.node;
}
