/**
 * Memoization. A template with `memoize` looks its key up in the named cache (a lookup the
 * controller passes in, backed by a ConfigMap): a fresh hit creates the node already Succeeded
 * with the cached outputs and runs nothing; a miss runs it and, once it succeeds, emits
 * `memoSave` so the controller stores its outputs. Both set Argo's `memoizationStatus`.
 */
import { parseDuration } from "../expr/index.js";
import type { NodeStatus, Outputs, Template } from "../spec/types.js";
import type { EngineContext } from "./context.js";

export interface MemoEntry {
  nodeID?: string;
  outputs?: Outputs;
  /** RFC 3339 time the entry was written. */
  creationTimestamp: string;
}

/** A synchronous view of the caches: entry for (cache ConfigMap name, key), if any. */
export type MemoCache = (cacheName: string, key: string) => MemoEntry | undefined;

interface Memoize {
  key?: string;
  maxAge?: string;
  cache?: { configMap?: { name?: string } };
}

export interface MemoDecision {
  status: { hit: boolean; key: string; cacheName: string };
  outputs?: Outputs;
}

/** What memoization says about a processed template: nothing, a hit with outputs, or a miss. */
export function memoDecision(ctx: EngineContext, template: Template): MemoDecision | undefined {
  const memoize = template.memoize as Memoize | undefined;
  if (!memoize?.key) return undefined;
  const cacheName = memoize.cache?.configMap?.name ?? "";
  const miss = { status: { hit: false, key: memoize.key, cacheName } };
  const entry = ctx.options.memoCache?.(cacheName, memoize.key);
  if (!entry) return miss;
  if (memoize.maxAge) {
    let maxAgeMs: number;
    try {
      maxAgeMs = parseDuration(memoize.maxAge);
    } catch {
      return miss;
    }
    if (Date.parse(entry.creationTimestamp) + maxAgeMs < ctx.state.nowMs) return miss;
  }
  return {
    status: { hit: true, key: memoize.key, cacheName },
    ...(entry.outputs ? { outputs: entry.outputs } : {}),
  };
}

/** A memoized node that just succeeded (after a miss): ask the controller to cache its outputs. */
export function saveIfMemoized(ctx: EngineContext, node: NodeStatus): void {
  const memo = node.memoizationStatus;
  if (!memo || memo.hit || node.phase !== "Succeeded") return;
  ctx.state.emit({
    type: "memoSave",
    nodeId: node.id,
    cacheName: memo.cacheName,
    key: memo.key,
    entry: { nodeID: node.id, outputs: node.outputs ?? {}, creationTimestamp: ctx.state.now },
  });
}
