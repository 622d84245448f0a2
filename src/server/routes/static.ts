/**
 * The web UI: files of the built UI folder at `/`, with `index.html` for any other page path (the
 * UI routes on the client). Without a built UI, `/` answers a small page saying where the API is.
 * Paths are resolved below the folder only (no `..` escapes).
 */
import { existsSync, readFileSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { dirname, extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { Hono } from "hono";
import type { ServerEnv } from "../authorize.js";
import type { ServerDeps } from "../deps.js";

/** `<package root>/ui/dist`, found by walking up from this module to Argosy's package.json. */
export function defaultUiDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "argosy")
          return join(dir, "ui", "dist");
      } catch {
        // not ours; keep walking
      }
    }
    dir = dirname(dir);
  }
  return join(process.cwd(), "ui", "dist");
}

const types: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".map": "application/json",
};

const placeholder = (version: string) => `<!doctype html>
<html><head><meta charset="utf-8"><title>Argosy</title></head>
<body style="font-family: sans-serif; margin: 3em">
<h1>Argosy ${version}</h1>
<p>The web UI is not built in this installation. The Argo Server API is at <a href="/api/v1/info">/api/v1/info</a>;
point the <code>argo</code> CLI here with <code>ARGO_SERVER</code>, <code>ARGO_HTTP1=true</code> and <code>ARGO_SECURE=false</code>.</p>
</body></html>
`;

async function fileBelow(root: string, urlPath: string): Promise<string | undefined> {
  const target = resolve(root, `.${decodeURIComponent(urlPath)}`);
  if (target !== root && !target.startsWith(root + sep)) return undefined;
  const info = await stat(target).catch(() => undefined);
  return info?.isFile() ? target : undefined;
}

export function registerStaticRoutes(app: Hono<ServerEnv>, deps: ServerDeps): void {
  const root = resolve(deps.uiDir ?? defaultUiDir());
  app.get("*", async (c, next) => {
    const path = new URL(c.req.url).pathname;
    if (path.startsWith("/api/") || path === "/metrics") return next();
    if (!existsSync(join(root, "index.html"))) {
      return path === "/" ? c.html(placeholder(`v${deps.version}`)) : next();
    }
    let file: string | undefined;
    try {
      file = await fileBelow(root, path === "/" ? "/index.html" : path);
    } catch {
      return c.text("Bad Request", 400);
    }
    // A path without a file extension is a page of the single-page app.
    if (!file && extname(path) === "") file = join(root, "index.html");
    if (!file) return next();
    return c.body(await readFile(file), 200, {
      "Content-Type": types[extname(file)] ?? "application/octet-stream",
    });
  });
}
