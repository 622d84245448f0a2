/**
 * The hono app: request log, auth, every route group, and one error handler that answers Argo's
 * error JSON. Built from injected dependencies so tests run it on a real store and controller.
 */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { ServerEnv } from "./authorize.js";
import type { ServerDeps } from "./deps.js";
import { errorResponse, GrpcCode, httpStatusFor } from "./errors.js";
import { registerArchiveRoutes } from "./routes/archive.js";
import { registerArtifactRoutes } from "./routes/artifacts.js";
import { registerEventKindRoutes } from "./routes/event-kinds.js";
import { registerEventRoutes } from "./routes/events.js";
import { registerInfoRoutes } from "./routes/info.js";
import { registerLogRoutes } from "./routes/logs.js";
import { PhaseCounter, registerMetricsRoute } from "./routes/metrics.js";
import { registerResourceRoutes, templateKinds } from "./routes/resources.js";
import { registerStaticRoutes } from "./routes/static.js";
import { registerWatchRoutes } from "./routes/watch.js";
import { registerWorkflowActionRoutes } from "./routes/workflow-actions.js";
import { registerWorkflowRoutes } from "./routes/workflows.js";

/** Request bodies above this are refused (Argo's gRPC limit is of the same order). */
const maxBodyBytes = 64 * 1024 * 1024;

/** Paths that need a token when auth is on; the UI's static files do not (its login page is one). */
const protectedPrefixes = [
  "/api/",
  "/metrics",
  "/artifact-files/",
  "/artifacts/",
  "/input-artifacts/",
  "/artifacts-by-uid/",
  "/input-artifacts-by-uid/",
];

export interface ServerApp {
  app: Hono<ServerEnv>;
  /** Stops the background work the app started (the phase counter's watch). */
  dispose(): void;
}

/** The app and what to stop with it; `createApp` returns just the app. */
export function buildApp(deps: ServerDeps): ServerApp {
  const app = new Hono<ServerEnv>();
  const log = deps.log;
  if (log) {
    app.use("*", async (c, next) => {
      const started = performance.now();
      await next();
      const ms = (performance.now() - started).toFixed(1);
      // Path only: query strings may carry selectors with names, and headers carry tokens.
      log(`${c.req.method} ${new URL(c.req.url).pathname} ${c.res.status} ${ms}ms`);
    });
  }
  const auth = deps.auth;
  if (auth) {
    app.use("*", async (c, next) => {
      const path = new URL(c.req.url).pathname;
      if (!protectedPrefixes.some((p) => path.startsWith(p) || `${path}/` === p)) return next();
      c.set("authRequired", true);
      return auth(c, next);
    });
  }
  const managed = deps.managedNamespace;
  if (managed) {
    app.use("*", async (c, next) => {
      c.set("managedNamespace", managed);
      return next();
    });
  }
  app.use(
    "/api/*",
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: (c) => c.json({ code: GrpcCode.ResourceExhausted, message: "request body too large" }, 413),
    }),
  );

  const counter = new PhaseCounter(deps.store);
  registerInfoRoutes(app, deps);
  registerWorkflowRoutes(app, deps);
  registerWorkflowActionRoutes(app, deps);
  registerWatchRoutes(app, deps);
  registerLogRoutes(app, deps);
  for (const kind of templateKinds) registerResourceRoutes(app, deps, kind);
  registerArchiveRoutes(app, deps);
  registerEventRoutes(app, deps);
  registerEventKindRoutes(app, deps);
  registerArtifactRoutes(app, deps);
  registerMetricsRoute(app, deps, counter);
  registerStaticRoutes(app, deps);

  app.notFound((c) => {
    const path = new URL(c.req.url).pathname;
    if (path.startsWith("/api/")) {
      return c.json({ code: GrpcCode.NotFound, message: "Not Found" }, httpStatusFor(GrpcCode.NotFound));
    }
    return c.text("404 page not found", 404);
  });
  app.onError((e, c) => errorResponse(c, e));
  return { app, dispose: () => counter.stop() };
}

/** The Argo-Server-compatible app. Prefer `startServer`, which also stops its background work. */
export function createApp(deps: ServerDeps): Hono<ServerEnv> {
  return buildApp(deps).app;
}
