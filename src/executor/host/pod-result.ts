/**
 * Turning how main ended into the pod's {@link PodResult}: output parameters and artifacts read
 * from where main wrote them. One function for every path to a result (a pod this executor ran,
 * one it adopted, one that ended while no executor watched), so all of them report alike.
 */
import type { ContainerResult, PodResult, PodSpec } from "../types.js";
import type { OutputLocation } from "./durable-record.js";
import { collectOutputParameters, locateOutputArtifacts } from "./outputs.js";

/** Argo's message for a pod stopped by `activeDeadlineSeconds`. */
export const DEADLINE_MESSAGE = "Pod was active on the node longer than the specified deadline";

/** Builds the result; `outputs` is undefined when main never ran (nothing to read). */
export async function assemblePodResult(opts: {
  pod: PodSpec;
  exitCode: number;
  error?: string;
  /** Main's stdout as `outputs.result`. */
  result: string;
  outputs: OutputLocation | undefined;
  deadlineExceeded: boolean;
  warnings: readonly string[];
  startedAt: string;
  /** @default now */
  finishedAt?: string;
  containers?: Record<string, ContainerResult>;
}): Promise<PodResult> {
  const { pod, outputs } = opts;
  const where = outputs && {
    root: outputs.root,
    cwd: outputs.cwd,
    ...(outputs.mounts ? { mounts: outputs.mounts } : {}),
  };
  const params = where
    ? await collectOutputParameters({ params: pod.outputParameters ?? [], ...where })
    : { outputParameters: {}, outputErrors: {} };
  const artifacts =
    where && pod.outputArtifacts?.length
      ? await locateOutputArtifacts({ artifacts: pod.outputArtifacts, ...where })
      : undefined;
  return {
    podName: pod.podName,
    exitCode: opts.exitCode,
    result: opts.result,
    ...params,
    ...(opts.error !== undefined ? { error: opts.error } : {}),
    ...(opts.deadlineExceeded ? { deadlineExceeded: true, error: DEADLINE_MESSAGE } : {}),
    warnings: [...opts.warnings],
    startedAt: opts.startedAt,
    finishedAt: opts.finishedAt ?? new Date().toISOString(),
    ...(opts.containers ? { containers: opts.containers } : {}),
    ...(artifacts ?? {}),
  };
}
