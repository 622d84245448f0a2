/**
 * The executor contract: run one pod from a fully resolved template and report what happened.
 *
 * An executor never writes workflow state. It reports a {@link PodResult}; the controller merges it.
 * Every operation is idempotent by `podName`: starting a pod that is already running or finished
 * does not run it again, and killing a finished pod is a no-op.
 */

export type { ContainerSpec, ResourceList, VolumeMount } from "../spec/pod.js";

import type { ContainerSpec } from "../spec/pod.js";

/** A sidecar or init container; `mirrorVolumeMounts` adds main's mounts to its own (Argo's `UserContainer`). */
export type UserContainerSpec = ContainerSpec & { mirrorVolumeMounts?: boolean };

/** A container of a `containerSet`: it starts once every container named in `dependencies` exited 0. */
export type ContainerSetContainerSpec = ContainerSpec & { dependencies?: string[] };

/**
 * A pod volume, already mapped to the host by the controller. Exactly one source is set:
 * - `emptyDir`: a fresh folder per pod, shared by all its containers, removed with the pod;
 * - `hostPath`: a host path (`type` `DirectoryOrCreate`/`FileOrCreate` create it, any other must exist);
 * - `persistent`: a workflow `volumeClaimTemplate` or claim, as the host folder the controller chose;
 * - `files`: a configMap or secret volume, its files' contents (relative path → text); always mounted read-only.
 */
export interface Volume {
  name: string;
  emptyDir?: { medium?: string; sizeLimit?: string };
  hostPath?: { path: string; type?: string };
  persistent?: { hostDir: string };
  files?: Record<string, string>;
  /** Permission bits of `files` (Kubernetes' `defaultMode`). @default 0o644 */
  defaultMode?: number;
}

/** A Kubernetes readiness probe; the host executor probes from the host (pods share its network). */
export interface ReadinessProbe {
  httpGet?: { path?: string; port: number | string; host?: string; scheme?: string };
  tcpSocket?: { port: number | string; host?: string };
  /** Run in a fresh process with main's image, filesystem and environment; ready when it exits 0. */
  exec?: { command: string[] };
  /** @default 0 */
  initialDelaySeconds?: number;
  /** Upper bound between probes (failed probes are retried sooner, see ARCHITECTURE.md). @default 10 */
  periodSeconds?: number;
  /** @default 1 */
  timeoutSeconds?: number;
  /** Accepted for completeness: a pod that never becomes ready simply stays not ready. @default 3 */
  failureThreshold?: number;
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
  volumes?: Volume[];
  /** Run one after another before everything else; one that fails fails the pod and nothing else runs. */
  initContainers?: UserContainerSpec[];
  /** Started with main, sharing its volumes and network; stopped once main exits; never change the result. */
  sidecars?: UserContainerSpec[];
  /**
   * Several containers in one pod, run as their `dependencies` allow; `main` is then not run. The
   * pod's result and outputs come from the container named `main`; `PodResult.containers` has each one.
   */
  containerSet?: { containers: ContainerSetContainerSpec[] };
  /** A daemon pod: `start` resolves once it is ready (its probe succeeds, or without one once it runs). */
  daemon?: { readinessProbe?: ReadinessProbe };
  /** Files or directories to find after main exits, for the controller to save as artifacts. */
  outputArtifacts?: { name: string; path: string }[];
}

/** What happened to one container of a `containerSet`. */
export interface ContainerResult {
  /** Its exit code, as {@link PodResult.exitCode}; -1 when it never ran. */
  exitCode: number;
  startedAt: string;
  finishedAt: string;
  /** Its stdout as Argo's `outputs.result`. */
  result?: string;
  /** It never ran because a dependency failed or was skipped (or the pod was stopped first). */
  skipped?: boolean;
  /** Why it could not be started. */
  error?: string;
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
  /** For a `containerSet` pod: each container by name. */
  containers?: Record<string, ContainerResult>;
  /** Where each found output artifact lies on the host (it stays there until the pod directory goes). */
  outputArtifacts?: Record<string, { hostPath: string; isDirectory: boolean }>;
  /** Why an output artifact was not found, by name. */
  artifactErrors?: Record<string, string>;
}

export interface Executor {
  /**
   * Starts the pod; resolves once it is running (its first container has started), not when it
   * finishes. A daemon pod resolves once it is ready. Resolves anyway when the pod ends first.
   */
  start(pod: PodSpec): Promise<void>;
  /** Resolves when the pod has finished and its outputs are collected. */
  wait(podName: string): Promise<PodResult>;
  /** Stops the pod (SIGTERM, then SIGKILL after a grace period). */
  kill(podName: string): Promise<void>;
  /** Where a container's combined log lines are, for `--log` and `argosy logs`. @default container "main" */
  logPath(podName: string, container?: string): string;
  /** The address other pods reach this pod at, once started; undefined for a pod it does not know. */
  podIP?(podName: string): string | undefined;
  /**
   * Forgets a finished pod: removes its directory and logs (podGC, retry, delete). Killing first
   * is the caller's business; removing an unknown pod is a no-op.
   */
  remove(podName: string): Promise<void>;
  /**
   * Releases everything and kills running pods, unless the executor's pods are meant to outlive
   * it (the host executor's `durable` option): those are left running for the next instance to
   * adopt, and their pending `wait`s never settle.
   */
  close(): Promise<void>;
}
