/**
 * Following workflows until they end, for `wait`, `watch`, `logs -f` and the `--wait`, `--watch`
 * and `--log` flags of `submit`, `retry` and `resubmit`. Updates come from the server's event
 * stream; a stream the server closes is opened again, and the workflow is read once after each
 * (re)connection so a workflow that finished meanwhile is not waited on forever.
 */
import type { Workflow } from "../spec/types.js";
import type { ArgoApi } from "./client/api.js";
import { isNotFound } from "./client/errors.js";
import type { LogOptions } from "./client/types.js";
import type { CliIo } from "./context.js";
import { paintFor, podColor } from "./format/color.js";
import { goTime } from "./format/humanize.js";
import { LiveView } from "./live-view.js";
import { renderGet } from "./render-get.js";
import type { TreeOptions } from "./render-tree.js";

const isFinished = (wf: Workflow | undefined): boolean => Boolean(wf?.status?.finishedAt);

/** Is `next` older than `prev` by resource version (when both are numbers)? */
function isStale(prev: Workflow | undefined, next: Workflow): boolean {
  const a = Number(prev?.metadata.resourceVersion);
  const b = Number(next.metadata.resourceVersion);
  return Number.isFinite(a) && Number.isFinite(b) && b < a;
}

/**
 * Calls `onUpdate` with each new state of the workflow until it has finished; returns the last
 * state. Throws ApiError NotFound when the workflow does not exist or is deleted.
 */
export async function followWorkflow(
  api: ArgoApi,
  namespace: string,
  name: string,
  onUpdate: (wf: Workflow) => void,
): Promise<Workflow> {
  let latest: Workflow | undefined;
  const accept = (wf: Workflow) => {
    if (isStale(latest, wf)) return;
    latest = wf;
    onUpdate(wf);
  };
  for (let attempt = 0; ; attempt++) {
    const controller = new AbortController();
    const events = await api.watchWorkflows(namespace, { name, signal: controller.signal });
    try {
      accept(await api.getWorkflow(namespace, name));
      if (isFinished(latest)) return latest as Workflow;
      for await (const event of events) {
        if (event.object?.metadata?.name !== name) continue;
        // A deletion ends the wait with NotFound, unless the name was taken again meanwhile.
        accept(event.type === "DELETED" ? await api.getWorkflow(namespace, name) : event.object);
        if (isFinished(latest)) return latest as Workflow;
      }
    } finally {
      controller.abort();
    }
    // The server ended the stream: open it again, slowly if it keeps doing so.
    await new Promise((r) => setTimeout(r, Math.min(2000, 100 * attempt)));
  }
}

/**
 * `argo wait`: waits for every workflow; prints `<name> <phase> at <time>` for each unless
 * `quiet`. Resolves true when none failed or errored. `ignoreNotFound` counts a missing one as done.
 */
export async function waitWorkflows(p: {
  api: ArgoApi;
  namespace: string;
  names: string[];
  io: CliIo;
  quiet?: boolean;
  ignoreNotFound?: boolean;
}): Promise<boolean> {
  const results = await Promise.all(
    p.names.map(async (name) => {
      try {
        const wf = await followWorkflow(p.api, p.namespace, name, () => {});
        const phase = wf.status?.phase ?? "";
        if (!p.quiet) p.io.stdout.write(`${name} ${phase} at ${goTime(wf.status?.finishedAt)}\n`);
        return phase !== "Failed" && phase !== "Error";
      } catch (e) {
        if (isNotFound(e) && p.ignoreNotFound) return true;
        p.io.stderr.write(`${name}: ${e instanceof Error ? e.message : String(e)}\n`);
        return false;
      }
    }),
  );
  return results.every(Boolean);
}

/**
 * `argo watch`: shows the get view until the workflow completes. On a terminal it is redrawn in
 * place (and every second, so durations move); otherwise it is printed once per change.
 */
export async function watchWorkflow(p: {
  api: ArgoApi;
  namespace: string;
  name: string;
  io: CliIo;
  tree?: TreeOptions;
}): Promise<Workflow> {
  const out = p.io.stdout;
  const render = (wf: Workflow) => renderGet(wf, { ...p.tree, paint: paintFor(out) });
  if (out.isTTY) {
    const live = new LiveView(out, 200, render);
    const ticker = setInterval(() => live.refresh(), 1000);
    try {
      const wf = await followWorkflow(p.api, p.namespace, p.name, (w) => live.update(w));
      live.finish();
      return wf;
    } finally {
      clearInterval(ticker);
    }
  }
  let printed = "";
  return followWorkflow(p.api, p.namespace, p.name, (wf) => {
    const key = JSON.stringify([wf.status, wf.spec.suspend, wf.spec.shutdown]);
    if (key === printed) return;
    printed = key;
    out.write(`${render(wf)}\n`);
  });
}

/** `argo logs`: prints each line as `<pod>: <text>`, each pod in its own colour on a terminal. */
export async function logWorkflow(p: {
  api: ArgoApi;
  namespace: string;
  name: string;
  io: CliIo;
  podName?: string;
  grep?: string;
  selector?: string;
  options: LogOptions;
  noColor?: boolean;
}): Promise<void> {
  const paint = paintFor(p.io.stdout, p.noColor);
  const entries = await p.api.workflowLogs(p.namespace, p.name, {
    ...p.options,
    ...(p.podName ? { podName: p.podName } : {}),
    ...(p.grep ? { grep: p.grep } : {}),
    ...(p.selector ? { selector: p.selector } : {}),
  });
  for await (const e of entries) {
    const pod = e.podName ?? "";
    p.io.stdout.write(`${paint(`${pod}: ${e.content ?? ""}`, podColor(pod))}\n`);
  }
}

export interface FollowFlags {
  wait?: boolean;
  watch?: boolean;
  log?: boolean;
  output?: string;
}

/**
 * After `submit`, `retry` or `resubmit`: `--log` streams the logs, then `--wait` waits (quiet
 * when `-o` asks for machine output) or `--watch` watches. Resolves with the exit code.
 */
export async function waitWatchOrLog(p: {
  api: ArgoApi;
  namespace: string;
  names: string[];
  io: CliIo;
  flags: FollowFlags;
  tree?: TreeOptions;
}): Promise<number> {
  if (p.flags.log) {
    for (const name of p.names) {
      await logWorkflow({ ...p, name, options: { container: "main", follow: true } });
    }
  }
  if (p.flags.wait) {
    const quiet = Boolean(p.flags.output) && p.flags.output !== "wide";
    return (await waitWorkflows({ ...p, quiet })) ? 0 : 1;
  }
  if (p.flags.watch) {
    for (const name of p.names) await watchWorkflow({ ...p, name, ...(p.tree ? { tree: p.tree } : {}) });
  }
  return 0;
}
