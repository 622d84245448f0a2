/**
 * What the main container runs and with which environment, worked out the way Kubernetes and Argo
 * do it. Pure functions: no I/O.
 */
import type { ContainerSpec, PodSpec } from "../types.js";
import type { ImageProfile } from "./image-profiles.js";

/** The PATH every pod starts with: Docker's default for Linux images. */
export const DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/** Where Argo stages a script template's source inside the container. */
export const SCRIPT_SANDBOX_PATH = "/argo/staging/script";

/**
 * The main container's argv, following Kubernetes: `command` replaces the image's entrypoint and
 * `args` its default command; with neither, the image's entrypoint and default command run. For a
 * script template Argo appends the staged script's path as the last argument.
 */
export function containerArgv(opts: {
  container: ContainerSpec;
  profile: ImageProfile | undefined;
  scriptPath?: string;
}): string[] {
  const { container, profile } = opts;
  const head = container.command ?? profile?.entrypoint ?? [];
  const tail = container.args ?? (container.command ? [] : (profile?.defaultCommand ?? []));
  const argv = [...head, ...tail];
  if (opts.scriptPath !== undefined) argv.push(opts.scriptPath);
  return argv;
}

/**
 * A container's environment, built from nothing (the host's environment never leaks in): a fixed
 * PATH, HOME and HOSTNAME as a container runtime sets them, the container's `env` (main's unless
 * `container` is given), then the variables Argo's executor gives every container it runs.
 */
export function podEnvironment(opts: {
  pod: PodSpec;
  container?: ContainerSpec;
  path: string;
  home: string;
  hostname: string;
}): Record<string, string> {
  const { pod } = opts;
  const container = opts.container ?? pod.main;
  const env: Record<string, string> = { PATH: opts.path, HOME: opts.home, HOSTNAME: opts.hostname };
  for (const { name, value } of container.env ?? []) env[name] = value;
  env.ARGO_WORKFLOW_NAME = pod.workflowName;
  env.ARGO_POD_NAME = pod.podName;
  env.ARGO_NODE_ID = pod.nodeId;
  env.ARGO_TEMPLATE = JSON.stringify({ name: pod.templateName });
  env.ARGO_CONTAINER_NAME = container.name;
  return env;
}
