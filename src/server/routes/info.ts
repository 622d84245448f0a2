/**
 * Argo's InfoService: `/api/v1/info` (UI settings), `/api/v1/version`, `/api/v1/userinfo`, and the
 * UI's usage-tracking call `/api/v1/tracking/event`, which is accepted and dropped.
 */
import type { Hono } from "hono";
import type { ServerEnv } from "../authorize.js";
import type { ServerDeps } from "../deps.js";

/** Go's names for Node's architectures, so `platform` reads as Argo's (`linux/amd64`). */
const goArch: Record<string, string> = { x64: "amd64", ia32: "386", arm64: "arm64", arm: "arm" };

export function versionInfo(version: string) {
  return {
    version: `v${version}`,
    buildDate: "",
    gitCommit: "",
    gitTag: `v${version}`,
    gitTreeState: "",
    goVersion: process.version,
    compiler: "node",
    platform: `${process.platform}/${goArch[process.arch] ?? process.arch}`,
  };
}

export function registerInfoRoutes(app: Hono<ServerEnv>, deps: ServerDeps): void {
  app.get("/api/v1/info", (c) =>
    c.json({
      ...(deps.managedNamespace ? { managedNamespace: deps.managedNamespace } : {}),
      links: [],
      columns: [],
      // Argo's UI shows these pop-ups when true; they advertise Argo's own surveys and releases.
      modals: { feedback: false, firstTimeUser: false, newVersion: false },
      navColor: "",
    }),
  );
  app.get("/api/v1/version", (c) => c.json(versionInfo(deps.version)));
  app.get("/api/v1/userinfo", (c) => {
    const auth = c.get("auth");
    return c.json(auth?.subject ? { subject: auth.subject, name: auth.subject } : {});
  });
  app.post("/api/v1/tracking/event", (c) => c.json({}));
}
