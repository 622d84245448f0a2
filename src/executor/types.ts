/**
 * The executor contract: run one pod from a fully resolved template and report what happened.
 *
 * An executor never writes workflow state. It reports a {@link PodResult}; the controller merges it.
 * Every operation is idempotent by `podName`: starting a pod that is already running or finished
 * does not run it again, and killing a finished pod is a no-op.
 */

/** One container, with every `{{…}}` tag already substituted. */
export interface ContainerSpec {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: { name: string; value: string }[];
  workingDir?: string;
}

/** A pod to run: the main container and what to collect from it afterwards. */
export interface PodSpec {
  /** Argo's pod name (v2 format), unique within the executor's home. */
  podName: string;
  nodeId: string;
  workflowName: string;
  namespace: string;
  templateName: string;
  main: ContainerSpec;
  /** For script templates: the source, written to a file whose path is appended to `command`. */
  script?: { source: string };
  /** Output parameters read from files in the container after it exits. */
  outputParameters?: { name: string; path: string }[];
  /** Seconds after which the pod is killed (template `activeDeadlineSeconds`). */
  activeDeadlineSeconds?: number;
}

export interface PodResult {
  podName: string;
  /** Exit code of main; 128 + the signal number when killed by a signal (as container runtimes report it); -1 when it never started. */
  exitCode: number;
  /** Main's stdout, trimmed of one trailing newline, at most its last 256 kB (Argo's `outputs.result`). */
  result: string;
  /** Output parameter values keyed by name; absent when the file could not be read. */
  outputParameters: Record<string, string>;
  /** Why an output parameter could not be read, keyed by name. */
  outputErrors: Record<string, string>;
  /** Set when the executor itself failed (image rejected, spawn error, deadline): the node becomes Error/Failed with it. */
  error?: string;
  /** Set when the pod was killed because its deadline passed. */
  deadlineExceeded?: boolean;
  /** Notes for the node message, e.g. an image with no profile. */
  warnings: string[];
  startedAt: string;
  finishedAt: string;
}

export interface Executor {
  /** Starts the pod; resolves once it is running (not when it finishes). */
  start(pod: PodSpec): Promise<void>;
  /** Resolves when the pod has finished and its outputs are collected. */
  wait(podName: string): Promise<PodResult>;
  /** Stops the pod (SIGTERM, then SIGKILL after a grace period). */
  kill(podName: string): Promise<void>;
  /** Where the pod's combined log lines are, for `--log` and `argosy logs`. */
  logPath(podName: string): string;
  /** Releases everything (kills running pods). */
  close(): Promise<void>;
}
