/**
 * Starting a pod whose directory already exists: the pod ran before, under this or an earlier
 * executor instance. It is never run again; its recorded result is reported instead.
 */
import { posix } from "node:path";
import { assertNever } from "../../util/errors.js";
import type { PodResult, PodSpec } from "../types.js";
import { collectOutputParameters, readResult } from "./outputs.js";
import { hostPathInRoot, type PodPaths, readRecordedState, writeRecordedResult } from "./pod-dir.js";
import { failedResult } from "./pod-run.js";
import type { SandboxState } from "./sandbox-state.js";

/**
 * The result of an earlier run of `pod`, or undefined when it never ran:
 * - finished: the recorded result;
 * - exited but outputs never collected (the executor stopped in between): collected now;
 * - started but no exit code: the process was lost with its supervisor, reported as an error.
 */
export async function recoverPod(opts: {
  pod: PodSpec;
  paths: PodPaths;
  startedAt: string;
  sandbox: () => Promise<SandboxState>;
}): Promise<PodResult | undefined> {
  const { pod, paths, startedAt } = opts;
  const state = await readRecordedState(paths);
  switch (state.kind) {
    case "absent":
      return undefined;
    case "finished":
      return state.result;
    case "exited": {
      const sandboxed = (await opts.sandbox()).kind === "bwrap";
      const workingDir = posix.resolve("/", pod.main.workingDir ?? "/");
      const params = await collectOutputParameters({
        params: pod.outputParameters ?? [],
        root: sandboxed ? paths.root : undefined,
        cwd: sandboxed ? workingDir : hostPathInRoot(paths.root, workingDir),
      });
      const result: PodResult = {
        podName: pod.podName,
        exitCode: state.exitCode,
        result: await readResult(paths.stdout),
        ...params,
        warnings: [],
        startedAt,
        finishedAt: startedAt,
      };
      await writeRecordedResult(paths, result);
      return result;
    }
    case "interrupted": {
      const message = "pod was interrupted: its executor stopped before it finished";
      const result = failedResult(pod.podName, message, startedAt);
      await writeRecordedResult(paths, result);
      return result;
    }
    default:
      return assertNever(state, "recorded state");
  }
}
