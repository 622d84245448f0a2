/**
 * Artifact garbage collection: each output artifact's strategy is its own `artifactGC.strategy`,
 * else the workflow's `spec.artifactGC.strategy` (`Never` when neither says). When the workflow
 * completes, `OnWorkflowCompletion` artifacts are deleted; `OnWorkflowDeletion` ones when the
 * workflow is deleted. The result is Argo's `status.artifactGCStatus`.
 */
import { driverFor, keyOnly } from "../artifacts/index.js";
import type { Artifact, Workflow } from "../spec/types.js";
import type { ArtifactIO } from "./pod-artifacts.js";

export type GCStrategy = "OnWorkflowCompletion" | "OnWorkflowDeletion" | "Never";

const strategyOf = (a: Artifact, wf: Workflow): GCStrategy => {
  const own = (a.artifactGC as { strategy?: string } | undefined)?.strategy;
  const spec = wf.status?.storedWorkflowTemplateSpec ?? wf.spec;
  const general = (spec.artifactGC as { strategy?: string } | undefined)?.strategy;
  const s = own || general || "Never";
  return s === "OnWorkflowCompletion" || s === "OnWorkflowDeletion" ? s : "Never";
};

/** Deletes the workflow's output artifacts whose strategy is `strategy`; returns the errors. */
export async function collectArtifacts(
  wf: Workflow,
  strategy: GCStrategy,
  io: ArtifactIO,
): Promise<string[]> {
  const errors: string[] = [];
  let any = false;
  for (const node of Object.values(wf.status?.nodes ?? {})) {
    for (const a of node.outputs?.artifacts ?? []) {
      if (a.name === "main-logs" || strategyOf(a, wf) !== strategy) continue;
      any = true;
      try {
        const location = keyOnly(a as never, io.repository);
        await driverFor(location, {
          localRoot: `${io.home}/artifacts`,
          resolveSecret: io.resolveSecret,
        }).delete(location);
      } catch (e) {
        errors.push(`${node.displayName}/${a.name}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
  if (any) {
    wf.status ??= {};
    const status = wf.status;
    const gc = (status.artifactGCStatus ?? {}) as { strategiesProcessed?: Record<string, boolean> };
    status.artifactGCStatus = { ...gc, strategiesProcessed: { ...gc.strategiesProcessed, [strategy]: true } };
    if (errors.length) {
      status.conditions = [
        ...(status.conditions ?? []).filter((c) => c.type !== "ArtifactGCError"),
        { type: "ArtifactGCError", status: "True", message: errors.join("; ") },
      ];
    }
  }
  return errors;
}
