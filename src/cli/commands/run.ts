/**
 * `argosy run`: load, validate, and run one workflow to completion in this process on a private
 * temporary store, then print the final Workflow. Exit codes: 0 Succeeded, 1 Failed or Error,
 * 2 invalid input (nothing was run).
 */
import { spawn } from "node:child_process";
import { accessSync, constants, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type ArtifactRepositoryRef,
  artifactRepositoryFor,
  type ConfigMapLike,
  readRepositoryFile,
} from "../../artifacts/index.js";
import type { Config } from "../../config/config.js";
import { LockManager } from "../../controller/locks.js";
import { MemoCaches } from "../../controller/memo-cache.js";
import { type ArtifactIO, secretResolver } from "../../controller/pod-artifacts.js";
import { applySubmitOptions, parseFrom, workflowFrom } from "../../controller/prepare.js";
import { WorkflowRunner } from "../../controller/runner.js";
import { podNameFor } from "../../engine/index.js";
import { createHostExecutor, loadImageProfiles } from "../../executor/host/index.js";
import type { Executor } from "../../executor/types.js";
import { formatProblem, type LoadedDocument } from "../../spec/index.js";
import { configMapLimit } from "../../spec/lock-keys.js";
import type { Workflow } from "../../spec/types.js";
import { openSqliteStore } from "../../store/index.js";
import type { Store, StoredObject } from "../../store/types.js";
import { invalid } from "../../util/errors.js";
import { LiveView } from "../live-view.js";
import {
  hasErrors,
  lintDocuments,
  loadManifests,
  objectKinds,
  templateResolver,
  workflowsIn,
} from "../manifests.js";
import { printWorkflow } from "../output.js";

export interface RunFlags {
  load: string[];
  from?: string;
  parameter: string[];
  parameterFile?: string;
  entrypoint?: string;
  output?: string;
  log?: boolean;
  namespace?: string;
  keep?: boolean;
}

export interface Io {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

export async function runCommand(
  file: string | undefined,
  flags: RunFlags,
  config: Config,
  io: Io,
): Promise<number> {
  const files = [...flags.load, ...(file ? [file] : [])];
  if (files.length === 0) throw invalid("argosy run needs a FILE or --load FILE with --from KIND/NAME");
  const namespace = flags.namespace ?? config.namespace;
  const { documents, problems } = await loadManifests(files);
  problems.push(...lintDocuments(documents, namespace));
  if (hasErrors(problems)) {
    for (const p of problems) io.stderr.write(`${formatProblem(p)}\n`);
    return 2;
  }
  const workflow = chooseWorkflow(documents, file, flags, namespace);
  const home = mkdtempSync(join(tmpdir(), "argosy-run-"));
  const podsHome = mkdtempSync(join(fastTempDir(), "argosy-pods-"));
  const store = openSqliteStore({ path: join(home, "argosy.db") });
  const executor = createHostExecutor({
    home: podsHome,
    sandbox: config.sandbox,
    strictImages: config.strictImages,
    ...(config.imageProfilesFile ? { profiles: loadImageProfiles(config.imageProfilesFile) } : {}),
    onWarning: (message) => io.stderr.write(`warning: ${message}\n`),
  });
  try {
    for (const doc of documents) {
      if (doc.kind && objectKinds.has(doc.kind))
        await store.create(withNamespace(doc.object as StoredObject, doc.kind, namespace));
    }
    const created = await store.create(workflow);
    const configMaps = configMapData(documents, namespace);
    const wfNamespace = created.metadata.namespace ?? namespace;
    const memo = new MemoCaches(store, wfNamespace);
    const repo = artifactRepositoryFor({
      ...(created.spec.artifactRepositoryRef
        ? { ref: created.spec.artifactRepositoryRef as ArtifactRepositoryRef }
        : {}),
      namespace: wfNamespace,
      configMaps: await store.list<StoredObject & ConfigMapLike>("ConfigMap", wfNamespace),
      ...(config.artifactRepositoryFile
        ? { configured: readRepositoryFile(config.artifactRepositoryFile) }
        : {}),
    });
    await memo.load();
    const final = await drive(created, {
      store,
      executor,
      config,
      io,
      flags,
      resolve: templateResolver(documents, namespace),
      locks: new LockManager({ limitOf: semaphoreLimits(configMaps) }),
      configMaps,
      memo,
      home,
      artifacts: { home, repository: repo.repository, resolveSecret: secretResolver(store, wfNamespace) },
      artifactRepositoryRef: { ...repo.status },
    });
    printWorkflow(final, flags.output, io.stdout);
    return final.status?.phase === "Succeeded" ? 0 : 1;
  } finally {
    await executor.close();
    await store.close();
    if (!flags.keep) removeLater([home, podsHome]);
    else io.stderr.write(`kept ${home} (pods in ${podsHome})\n`);
  }
}

/**
 * Removes the run's private directories without making the user wait: the result is printed, and a
 * thousand pod directories take ~0.15 s to delete. A detached `rm` does it after we exit; if it
 * cannot be started, they are removed here.
 */
function removeLater(dirs: string[]): void {
  try {
    const rm = spawn("rm", ["-rf", "--", ...dirs], { detached: true, stdio: "ignore" });
    rm.on("error", () => removeNow(dirs));
    rm.unref();
  } catch {
    removeNow(dirs);
  }
}

function removeNow(dirs: string[]): void {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}

/**
 * Where a private run keeps its pod directories: RAM-backed /dev/shm when there is one. Creating
 * the few files each pod needs costs about a millisecond apiece on a disk and microseconds there,
 * which more than halves the cost of a short step. Artifacts and the store stay on disk.
 */
function fastTempDir(): string {
  try {
    accessSync("/dev/shm", constants.W_OK);
    return "/dev/shm";
  } catch {
    return tmpdir();
  }
}

/** The data of the loaded ConfigMaps, by `namespace/name`. */
function configMapData(documents: LoadedDocument[], namespace: string): Map<string, Record<string, string>> {
  const data = new Map<string, Record<string, string>>();
  for (const doc of documents) {
    if (doc.kind !== "ConfigMap") continue;
    const cm = doc.object as {
      metadata?: { name?: string; namespace?: string };
      data?: Record<string, string>;
    };
    data.set(`${cm.metadata?.namespace ?? namespace}/${cm.metadata?.name ?? ""}`, cm.data ?? {});
  }
  return data;
}

/** Semaphore limits from the loaded ConfigMaps (`ns/ConfigMap/<name>/<key>`). */
function semaphoreLimits(data: Map<string, Record<string, string>>): (key: string) => number | Error {
  return (key) => {
    const [ns = "", , name = ""] = key.split("/");
    return configMapLimit(key, data.get(`${ns}/${name}`));
  };
}

function withNamespace(obj: StoredObject, kind: string, namespace: string): StoredObject {
  const clusterScoped = kind === "ClusterWorkflowTemplate";
  return {
    ...obj,
    metadata: { ...obj.metadata, namespace: clusterScoped ? "" : (obj.metadata.namespace ?? namespace) },
  };
}

function chooseWorkflow(
  documents: Awaited<ReturnType<typeof loadManifests>>["documents"],
  file: string | undefined,
  flags: RunFlags,
  namespace: string,
): Workflow {
  let base: Workflow;
  if (flags.from) {
    const { kind, name } = parseFrom(flags.from);
    const source = documents.find(
      (d) => d.kind === kind && (d.object as { metadata?: { name?: string } }).metadata?.name === name,
    );
    if (!source) throw invalid(`${kind} ${name} was not loaded (give its file with --load)`);
    base = workflowFrom(source.object as Parameters<typeof workflowFrom>[0], namespace);
  } else {
    const own = workflowsIn(documents.filter((d) => d.file === file));
    if (own.length !== 1) throw invalid(`${file} must hold exactly one Workflow (it holds ${own.length})`);
    base = own[0] as Workflow;
  }
  return applySubmitOptions(base, {
    parameters: flags.parameter,
    ...(flags.parameterFile ? { parameterFile: flags.parameterFile } : {}),
    ...(flags.entrypoint ? { entrypoint: flags.entrypoint } : {}),
    namespace: flags.namespace ?? base.metadata.namespace ?? namespace,
  });
}

interface DriveOptions {
  store: Store;
  executor: Executor;
  config: Config;
  io: Io;
  flags: RunFlags;
  resolve: ReturnType<typeof templateResolver>;
  locks: LockManager;
  memo: MemoCaches;
  home: string;
  configMaps: Map<string, Record<string, string>>;
  artifacts?: ArtifactIO;
  artifactRepositoryRef?: Record<string, unknown>;
}

async function drive(workflow: Workflow, o: DriveOptions, child = false): Promise<Workflow> {
  const live = o.io.stderr.isTTY && !o.flags.log && !child ? new LiveView(o.io.stderr) : undefined;
  const printed = new Set<string>();
  const runner = new WorkflowRunner(workflow, {
    runChild: (wf) => drive(wf, o, true),
    store: o.store,
    executor: o.executor,
    maxPods: o.config.maxPods,
    engine: {
      resolveTemplateRef: o.resolve,
      configMapValue: ({ namespace, name, key }) => o.configMaps.get(`${namespace}/${name}`)?.[key],
      artifactRepositoryRef: o.artifactRepositoryRef,
    },
    locks: o.locks,
    home: o.home,
    memo: o.memo,
    ...(o.artifacts ? { artifacts: o.artifacts } : {}),
    onUpdate: (wf, changed) => {
      live?.update(wf);
      if (o.flags.log) printLogs({ wf, changed, executor: o.executor, printed, out: o.io.stderr });
    },
  });
  const final = await runner.run();
  live?.finish();
  return final;
}

/** `--log`: each finished pod's log lines, prefixed with the pod name as `argo logs` does. */
function printLogs(p: {
  wf: Workflow;
  changed: string[];
  executor: Executor;
  printed: Set<string>;
  out: NodeJS.WriteStream;
}) {
  for (const id of p.changed) {
    const node = p.wf.status?.nodes?.[id];
    if (node?.type !== "Pod" || p.printed.has(id) || !node.finishedAt) continue;
    p.printed.add(id);
    const podName = podNameFor(
      p.wf.metadata.name ?? "",
      node.name,
      node.templateRef?.template ?? node.templateName ?? "",
    );
    let text = "";
    try {
      text = readFileSync(p.executor.logPath(podName), "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n")) {
      if (line) p.out.write(`${podName}: ${line.replace(/^\S+Z /, "")}\n`);
    }
  }
}
