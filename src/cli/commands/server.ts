/**
 * `argosy server`: the controller, the cron and lifecycle controllers and the REST API in one
 * process, with its state in `<ARGOSY_HOME>/argosy.db` and pods under `<ARGOSY_HOME>/pods`.
 *
 * Pods are started durable: they outlive this process, so a server killed at any moment is started
 * again and re-adopts them (see src/controller/ARCHITECTURE.md, Durability). SIGINT/SIGTERM stop
 * taking work and close the store; running pods carry on and are adopted by the next start.
 */
import { join } from "node:path";
import { readRepositoryFile } from "../../artifacts/index.js";
import type { Config } from "../../config/config.js";
import { startController } from "../../controller/controller.js";
import { CronController } from "../../controller/cron/index.js";
import { LifecycleController } from "../../controller/lifecycle/index.js";
import { createSourceDrivers, EventsController } from "../../events/index.js";
import { createHostExecutor, loadImageProfiles } from "../../executor/host/index.js";
import { authMiddleware, checkBindAllowed, parseAuthMode, redact } from "../../server/auth/index.js";
import { MetricsRegistry, startServer } from "../../server/index.js";
import { openSqliteStore } from "../../store/index.js";
import { invalid } from "../../util/errors.js";
import { version } from "../version.js";

export interface ServerFlags {
  port?: string;
  host?: string;
  authMode?: string;
  namespaced?: boolean;
  managedNamespace?: string;
  accessLog?: boolean;
}

export async function serverCommand(
  flags: ServerFlags,
  config: Config,
  io: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream },
): Promise<number> {
  const port = Number(flags.port ?? 2746);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw invalid(`--port must be 0-65535, not '${flags.port}'`);
  const host = flags.host ?? "127.0.0.1";
  const mode = parseAuthMode(flags.authMode ?? "server");
  checkBindAllowed(mode, host);
  const managedNamespace = flags.managedNamespace ?? (flags.namespaced ? config.namespace : undefined);
  const log = (line: string) => io.stderr.write(`${new Date().toISOString()} ${redact(line)}\n`);

  const store = openSqliteStore({ path: join(config.home, "argosy.db") });
  const executor = createHostExecutor({
    home: config.home,
    sandbox: config.sandbox,
    strictImages: config.strictImages,
    durable: true,
    ...(config.imageProfilesFile ? { profiles: loadImageProfiles(config.imageProfilesFile) } : {}),
    onWarning: (message) => log(`warning: ${message}`),
  });
  const metrics = new MetricsRegistry();
  const controller = await startController({
    store,
    executor,
    config,
    ...(config.artifactRepositoryFile
      ? { artifactRepository: readRepositoryFile(config.artifactRepositoryFile) }
      : {}),
    onMetrics: (samples) => metrics.record(samples),
    log,
  });
  const cron = new CronController({
    store,
    submit: (wf) => controller.submit(wf),
    terminate: async (ns, name) => void (await controller.terminate(ns, name)),
    deleteWorkflow: async (ns, name) => void (await controller.deleteWorkflow(ns, name)),
    log,
  });
  const lifecycle = new LifecycleController({
    store,
    config,
    deleteWorkflow: (ns, name) => controller.deleteWorkflow(ns, name),
    removePod: (podName) => executor.remove(podName),
    log,
  });
  await cron.start();
  await lifecycle.start();
  const events = new EventsController({
    store,
    // The controller is the WorkflowOperations (and deleteWorkflow) the argoWorkflow and k8s triggers use.
    workflows: controller,
    drivers: createSourceDrivers({ webhookHost: config.webhookHost }),
    home: config.home,
  });
  await events.start();
  const server = await startServer({
    store,
    controller,
    events,
    metrics,
    version,
    host,
    port,
    ...(mode === "client"
      ? { auth: authMiddleware({ mode, tokenFile: config.tokenFile ?? join(config.home, "tokens.json") }) }
      : {}),
    ...(flags.accessLog !== false ? { log } : {}),
    ...(managedNamespace ? { managedNamespace } : {}),
  });
  io.stdout.write(
    `argosy server ${version} listening on ${server.url} (auth mode ${mode}, home ${config.home})\n`,
  );

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  log("shutting down: running pods carry on and are adopted at the next start");
  await server.close();
  await events.stop();
  cron.stop();
  lifecycle.stop();
  await controller.close();
  // Durable pods are not killed: close only stops following them.
  await executor.close();
  await store.close();
  return 0;
}
