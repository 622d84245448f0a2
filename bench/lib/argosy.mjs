/**
 * Running workloads through Argosy as a user does: `argosy run FILE -o json` (one process, a
 * private store, pods under /dev/shm) and a real `argosy server` on a temporary ARGOSY_HOME,
 * talked to over its Argo REST API. The sandbox is chosen with ARGOSY_SANDBOX (bwrap | none).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import { peakRssMB, runTimed } from "./measure.mjs";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
// dist/ directly: bin/argosy would rebuild inside a timed run whenever a source file is newer than
// the build (other work in the checkout). `npm run bench` builds first.
const bin = join(root, "dist", "cli", "bin.js");

/** A Workflow object with the given templates; `entrypoint` is the first template. */
export function workflow(name, templates, extra = {}) {
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Workflow",
    metadata: { name },
    spec: { entrypoint: templates[0].name, ...extra, templates },
  };
}

/** A busybox container template running `command`. */
export const container = (name, command, more = {}) => ({
  name,
  ...more,
  container: { image: "busybox", command },
});

/** Writes the workflow as YAML into `dir` (as `<base>.yaml`, by default its name) and returns the path. */
export function writeManifest(dir, wf, base = wf.metadata.name) {
  const file = join(dir, `${base}.yaml`);
  writeFileSync(file, stringify(wf, { lineWidth: 0, aliasDuplicateObjects: false }));
  return file;
}

const envFor = (sandbox, home) => ({ ...process.env, ARGOSY_SANDBOX: sandbox, ARGOSY_HOME: home });

/**
 * `argosy run FILE -o json` with the given sandbox. Resolves with the timing, the peak RSS of the
 * argosy process and the final Workflow; throws when it did not succeed.
 */
export async function argosyRun(file, sandbox) {
  const home = mkdtempSync(join(tmpdir(), "argosy-bench-home-"));
  try {
    const r = await runTimed(process.execPath, [bin, "run", file, "-o", "json"], {
      env: envFor(sandbox, home),
      node: true,
    });
    let wf;
    try {
      wf = JSON.parse(r.stdout);
    } catch {
      throw new Error(`argosy run ${file} (${sandbox}) exited ${r.code}: ${r.stderr.slice(-2000)}`);
    }
    if (wf.status?.phase !== "Succeeded") {
      throw new Error(`argosy run ${file} (${sandbox}): ${wf.status?.phase} ${wf.status?.message ?? ""}`);
    }
    return { ms: r.ms, rssMB: r.rssMB, workflow: wf };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/**
 * Starts `argosy server --port 0` on a fresh ARGOSY_HOME (on disk, as a user's would be). Resolves
 * with `{url, pid, rssMB(), stop()}` once it listens.
 */
export async function startArgosyServer(sandbox) {
  const home = mkdtempSync(join(tmpdir(), "argosy-bench-server-"));
  const child = spawn(process.execPath, [bin, "server", "--port", "0", "--no-access-log"], {
    env: envFor(sandbox, home),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d) => {
    stderr = (stderr + d).slice(-4000);
  });
  const url = await new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m) resolve(m[1]);
    });
    child.once("exit", (code) => reject(new Error(`argosy server exited ${code}: ${stderr}`)));
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  return {
    url,
    pid: child.pid,
    rssMB: () => peakRssMB(child.pid),
    async stop() {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** POSTs a workflow to the server; resolves with its name. */
export async function submit(url, wf, namespace = "default") {
  const res = await fetch(`${url}/api/v1/workflows/${namespace}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ workflow: wf }),
  });
  const body = await res.json();
  if (!res.ok) throw new Error(`submit: HTTP ${res.status} ${JSON.stringify(body)}`);
  return body.metadata.name;
}

const DONE = new Set(["Succeeded", "Failed", "Error"]);

/** Polls one workflow's phase (cheap: status fields only) until it has ended. */
export async function waitDone(url, name, { pollMs = 2, namespace = "default" } = {}) {
  for (;;) {
    const res = await fetch(
      `${url}/api/v1/workflows/${namespace}/${name}?fields=status.phase,status.message`,
    );
    const wf = await res.json();
    const phase = wf.status?.phase;
    if (DONE.has(phase)) return wf;
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/**
 * Follows the server's workflow watch (phases only) until `names` have all ended. Resolves with
 * the phase of each, in a Map.
 */
export async function watchUntilDone(url, names, namespace = "default") {
  const waiting = new Set(names);
  const phases = new Map();
  const controller = new AbortController();
  const fields = "result.type,result.object.metadata.name,result.object.status.phase";
  const res = await fetch(`${url}/api/v1/workflow-events/${namespace}?fields=${fields}`, {
    signal: controller.signal,
  });
  const decoder = new TextDecoder();
  let buffered = "";
  try {
    for await (const chunk of res.body) {
      buffered += decoder.decode(chunk, { stream: true });
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        if (!line.trim()) continue;
        const obj = JSON.parse(line).result?.object;
        const name = obj?.metadata?.name;
        if (name && DONE.has(obj.status?.phase) && waiting.delete(name)) phases.set(name, obj.status.phase);
      }
      if (waiting.size === 0) break;
    }
  } finally {
    controller.abort();
  }
  return phases;
}

/** The CLI's entry point, for commands run as a user would (`node <cli> submit …`). */
export const cliEntry = bin;
