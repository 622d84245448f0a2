/**
 * One pod from the engine's request to its outcome: volumes resolved, input artifacts staged,
 * the executor started and waited for, output artifacts and the main log saved. Any failure on
 * the way becomes the outcome's `error` (the node ends in Error), never an exception.
 */
import type { PodOutcome, PodRequest } from "../engine/index.js";
import type { Executor, PodResult } from "../executor/types.js";
import type { Store } from "../store/types.js";
import { type ArtifactIO, saveMainLog, saveOutputArtifacts, stageInputArtifacts } from "./pod-artifacts.js";
import { resolvePodSpec } from "./pod-volumes.js";

export interface PodExecutionDeps {
  executor: Executor;
  store: Store;
  home: string;
  artifacts?: ArtifactIO;
  now: () => number;
  /** The pod runs (a daemon: is ready); `ip` is where it can be reached. */
  onStarted: (ip: string | undefined) => void;
}

export async function executePod(pod: PodRequest, deps: PodExecutionDeps): Promise<PodOutcome> {
  const { executor } = deps;
  let result: PodResult;
  let artifacts: Awaited<ReturnType<typeof saveOutputArtifacts>> | undefined;
  try {
    const spec = await resolvePodSpec(pod, { store: deps.store, home: deps.home });
    if (pod.inputArtifacts?.length && deps.artifacts) {
      const staged = await stageInputArtifacts(pod, deps.artifacts);
      spec.volumes = [...(spec.volumes ?? []), ...staged.volumes];
      spec.main = { ...spec.main, volumeMounts: [...(spec.main.volumeMounts ?? []), ...staged.mounts] };
    }
    await executor.start(spec);
    deps.onStarted(executor.podIP?.(pod.podName));
    result = await executor.wait(pod.podName);
    const io = deps.artifacts;
    if (pod.outputArtifacts?.length && io && result.exitCode === 0 && !result.error) {
      artifacts = await saveOutputArtifacts(pod, result, io);
    }
    if (io && (pod.archiveLogs || io.repository.archiveLogs)) {
      const log = await saveMainLog(pod, executor.logPath(pod.podName), io);
      artifacts = {
        artifacts: [...(artifacts?.artifacts ?? []), log],
        artifactErrors: artifacts?.artifactErrors ?? {},
      };
    }
  } catch (e) {
    const at = new Date(deps.now()).toISOString();
    result = {
      podName: pod.podName,
      exitCode: -1,
      result: "",
      outputParameters: {},
      outputErrors: {},
      error: e instanceof Error ? e.message : String(e),
      warnings: [],
      startedAt: at,
      finishedAt: at,
    };
  }
  return { ...toOutcome(result), ...(artifacts ?? {}) };
}

const secondsPrecision = (iso: string): string => `${iso.slice(0, 19)}Z`;

function toOutcome(r: PodResult): PodOutcome {
  return {
    ...(r.containers ? { containers: r.containers } : {}),
    exitCode: r.exitCode,
    result: r.result,
    outputParameters: r.outputParameters,
    outputErrors: r.outputErrors,
    ...(r.error !== undefined ? { error: r.error } : {}),
    ...(r.deadlineExceeded ? { deadlineExceeded: true } : {}),
    warnings: r.warnings,
    startedAt: secondsPrecision(r.startedAt),
    finishedAt: secondsPrecision(r.finishedAt),
  };
}
