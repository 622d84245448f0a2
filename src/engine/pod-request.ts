/**
 * The pod a container, script or containerSet template asks for: main (or the containerSet's
 * containers), init containers, sidecars, volumes (the workflow's, the template's and one per
 * `volumeClaimTemplate`, as Kubernetes objects the controller maps to host directories and files),
 * the daemon's readiness probe, and the deadline.
 */
import { parseDuration } from "../expr/index.js";
import type { Container, NodeStatus, Template } from "../spec/types.js";
import type { EngineContext } from "./context.js";
import { podNameFor, templateNameForPod } from "./node-id.js";
import type { PodContainer, PodRequest } from "./types.js";

type K8sContainer = Container & {
  tty?: boolean;
  ports?: { name?: string; containerPort: number }[];
  mirrorVolumeMounts?: boolean;
  dependencies?: string[];
  readinessProbe?: unknown;
  resources?: { limits?: Record<string, string | number>; requests?: Record<string, string | number> };
};

/** One container as the executor takes it; `extraMounts` are the containerSet's shared mounts. */
function containerOf(
  c: K8sContainer,
  name: string,
  extraMounts: Container["volumeMounts"] = [],
): PodContainer {
  const env = (c.env ?? [])
    .filter((e) => e.value !== undefined)
    .map((e) => ({ name: e.name, value: String(e.value) }));
  const mounts = [...(c.volumeMounts ?? []), ...extraMounts];
  return {
    name,
    image: c.image ?? "",
    ...(c.command ? { command: c.command.map(String) } : {}),
    ...(c.args ? { args: c.args.map(String) } : {}),
    ...(env.length ? { env } : {}),
    ...(c.workingDir ? { workingDir: c.workingDir } : {}),
    ...(mounts.length ? { volumeMounts: mounts } : {}),
    ...(c.tty ? { tty: true } : {}),
    ...(c.ports ? { ports: c.ports } : {}),
    ...(c.mirrorVolumeMounts ? { mirrorVolumeMounts: true } : {}),
    ...(c.dependencies ? { dependencies: c.dependencies } : {}),
    ...(c.resources ? { resources: c.resources } : {}),
  };
}

/** The workflow's volumes, the template's, and a claim per `volumeClaimTemplate` (`<wf>-<claim>`). */
function volumesFor(ctx: EngineContext, template: Template): unknown[] {
  const claims = ((ctx.spec.volumeClaimTemplates ?? []) as { metadata?: { name?: string } }[])
    .map((t) => t.metadata?.name)
    .filter((n): n is string => Boolean(n))
    .map((name) => ({ name, persistentVolumeClaim: { claimName: `${ctx.state.name}-${name}` } }));
  return [...((ctx.spec.volumes ?? []) as unknown[]), ...((template.volumes ?? []) as unknown[]), ...claims];
}

/**
 * Raw input artifacts become files mounted at their paths (a one-file volume and a `subPath`
 * mount), which needs nothing from an artifact repository.
 */
function rawArtifacts(template: Template): {
  volumes: unknown[];
  mounts: NonNullable<Container["volumeMounts"]>;
} {
  const volumes: unknown[] = [];
  const mounts: NonNullable<Container["volumeMounts"]> = [];
  for (const a of template.inputs?.artifacts ?? []) {
    if (!a.raw || !a.path) continue;
    const name = `input-artifact-${a.name}`;
    volumes.push({
      name,
      files: { data: a.raw.data },
      ...(a.mode !== undefined ? { defaultMode: a.mode } : {}),
    });
    mounts.push({ name, mountPath: a.path, subPath: "data" });
  }
  return { volumes, mounts };
}

/** Whether main's log is archived: the template's `archiveLocation.archiveLogs`, else the workflow's. */
function archiveLogsOf(ctx: EngineContext, template: Template): boolean {
  const own = (template.archiveLocation as { archiveLogs?: boolean } | undefined)?.archiveLogs;
  return own ?? ctx.spec.archiveLogs === true;
}

/** Input artifacts to fetch (all but raw ones) and output artifacts to collect. */
function artifactsOf(template: Template): Pick<PodRequest, "inputArtifacts" | "outputArtifacts"> {
  const inputs = (template.inputs?.artifacts ?? []).filter((a) => a.path && !a.raw);
  const outputs = (template.outputs?.artifacts ?? []).filter((a) => a.path);
  return {
    ...(inputs.length ? { inputArtifacts: inputs } : {}),
    ...(outputs.length ? { outputArtifacts: outputs } : {}),
  };
}

/** Builds the pod for a processed container/script/containerSet template. */
export function podRequestFor(ctx: EngineContext, node: NodeStatus, template: Template): PodRequest {
  const container: K8sContainer = (template.script ?? template.container ?? {}) as K8sContainer;
  const outputParameters = (template.outputs?.parameters ?? [])
    .filter((p) => p.valueFrom?.path)
    .map((p) => ({ name: p.name, path: p.valueFrom?.path ?? "" }));
  const deadline = podDeadlineSeconds(template);
  const raw = rawArtifacts(template);
  const volumes = [...volumesFor(ctx, template), ...raw.volumes];
  const set = template.containerSet as
    | { containers?: K8sContainer[]; volumeMounts?: Container["volumeMounts"] }
    | undefined;
  const init = (template.initContainers ?? []) as K8sContainer[];
  const sidecars = (template.sidecars ?? []) as K8sContainer[];
  return {
    podName: podNameFor(ctx.state.name, node.name, templateNameForPod(node)),
    nodeId: node.id,
    workflowName: ctx.state.name,
    namespace: ctx.state.workflow.metadata.namespace ?? "default",
    templateName: template.name,
    main: containerOf(set ? { image: "" } : container, "main", raw.mounts),
    ...(template.script ? { script: { source: template.script.source } } : {}),
    ...(outputParameters.length ? { outputParameters } : {}),
    ...(deadline !== undefined ? { activeDeadlineSeconds: deadline } : {}),
    ...(volumes.length ? { volumes } : {}),
    ...(init.length ? { initContainers: init.map((c, i) => containerOf(c, c.name ?? `init-${i}`)) } : {}),
    ...(sidecars.length
      ? { sidecars: sidecars.map((c, i) => containerOf(c, c.name ?? `sidecar-${i}`)) }
      : {}),
    ...(set
      ? {
          containerSet: {
            containers: (set.containers ?? []).map((c) => containerOf(c, c.name ?? "", set.volumeMounts)),
          },
        }
      : {}),
    ...artifactsOf(template),
    ...(archiveLogsOf(ctx, template) ? { archiveLogs: true } : {}),
    ...(template.daemon
      ? { daemon: container.readinessProbe ? { readinessProbe: container.readinessProbe } : {} }
      : {}),
  };
}

/** The pod's deadline: the smaller of `activeDeadlineSeconds` and `timeout` (a Go duration or seconds). */
function podDeadlineSeconds(template: Template): number | undefined {
  const candidates: number[] = [];
  const active = Number(template.activeDeadlineSeconds);
  if (template.activeDeadlineSeconds !== undefined && Number.isFinite(active) && active > 0)
    candidates.push(active);
  if (typeof template.timeout === "string" && template.timeout.trim()) {
    const text = template.timeout.trim();
    const seconds = /^\d+$/.test(text) ? Number(text) : parseDuration(text) / 1000;
    if (seconds > 0) candidates.push(seconds);
  }
  return candidates.length ? Math.min(...candidates) : undefined;
}
