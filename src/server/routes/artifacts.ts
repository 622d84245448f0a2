/**
 * Artifact downloads, on Argo's paths:
 * - `/artifact-files/{ns}/workflows/{name}/{nodeId}/{outputs|inputs}/{artifact}[/{file…}]` and
 *   `/artifact-files/{ns}/archived-workflows/{uid}/…`: the stored object as it is (a `.tgz` for the
 *   default tar+gzip archive); a key holding several objects (archive `none` of a directory) is a
 *   directory: without a trailing `/` it redirects to it, with one it lists its entries as HTML (or
 *   redirects to its `index.html`), and `…/{artifact}/{file}` serves one file of it.
 * - `/artifacts/{ns}/{name}/{nodeId}/{artifact}`, `/input-artifacts/…`, `/artifacts-by-uid/{uid}/…`.
 * Answers are plain text on errors, as Argo's artifact server's are.
 */
import { createReadStream } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { basename, extname, join } from "node:path";
import { Readable } from "node:stream";
import type { Context, Hono } from "hono";
import type { FetchedArtifact } from "../../controller/api.js";
import type { Artifact, Workflow } from "../../spec/types.js";
import { isArgosyError } from "../../util/errors.js";
import { authorize, type ServerEnv } from "../authorize.js";
import type { ServerDeps } from "../deps.js";
import { ApiError, GrpcCode } from "../errors.js";
import { readWorkflow } from "../workflow-read.js";

const securityHeaders = {
  "Content-Security-Policy":
    "sandbox allow-same-origin; base-uri 'none'; default-src 'none'; img-src 'self'; style-src 'self' 'unsafe-inline'",
  "X-Frame-Options": "SAMEORIGIN",
};

const contentTypes: Record<string, string> = {
  ".txt": "text/plain; charset=utf-8",
  ".log": "text/plain; charset=utf-8",
  ".json": "application/json",
  ".html": "text/html; charset=utf-8",
  ".csv": "text/csv",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".svg": "image/svg+xml",
  ".tgz": "application/gzip",
  ".gz": "application/gzip",
  ".zip": "application/zip",
};

const notFoundText = (what: string) => new ApiError(GrpcCode.NotFound, what);

function findArtifact(wf: Workflow, nodeId: string, name: string, input: boolean): Artifact {
  const node = wf.status?.nodes?.[nodeId];
  if (!node) throw notFoundText("was not able to retrieve node");
  const list = (input ? node.inputs?.artifacts : node.outputs?.artifacts) ?? [];
  const artifact = list.find((a) => a.name === name);
  if (!artifact) throw notFoundText(`artifact not found: ${name}`);
  return artifact;
}

async function serveArtifact(
  c: Context<ServerEnv>,
  deps: ServerDeps,
  req: { wf: Workflow; nodeId: string; name: string; input: boolean; file: string; listing: boolean },
): Promise<Response> {
  const artifact = findArtifact(req.wf, req.nodeId, req.name, req.input);
  let fetched: FetchedArtifact;
  try {
    fetched = await deps.controller.fetchArtifact(req.wf, artifact, req.file);
  } catch (e) {
    if (isArgosyError(e) && e.code === "NotFound")
      throw notFoundText(`artifact ${req.name} not found in the repository`);
    if (isArgosyError(e) && e.code === "Invalid") throw new ApiError(GrpcCode.InvalidArgument, e.message);
    throw e;
  }
  const target = fetched.path;
  const cleanup = () => void fetched.cleanup();
  const info = await stat(target);
  if (info.isDirectory()) {
    const entries = await readdir(target, { recursive: true, withFileTypes: true });
    cleanup();
    if (!req.listing) return c.redirect(`${new URL(c.req.url).pathname}/`, 307);
    const files = entries
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name).slice(target.length + 1));
    if (files.includes("index.html")) return c.redirect(`${new URL(c.req.url).pathname}index.html`, 307);
    return c.html(listing(files), 200, securityHeaders);
  }
  const key = fetched.key || req.name;
  const body = Readable.toWeb(createReadStream(target).on("close", cleanup)) as ReadableStream;
  return c.body(body, 200, {
    ...securityHeaders,
    "Content-Disposition": `filename="${basename(key).replace(/"/g, "")}"`,
    "Content-Type": contentTypes[extname(key).toLowerCase()] ?? "application/octet-stream",
    "Content-Length": String(info.size),
  });
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function listing(files: string[]): string {
  const seen = new Set<string>();
  const items = ['<li><a href="..">..</a></li>'];
  for (const f of files.sort()) {
    const slash = f.indexOf("/");
    const entry = slash < 0 ? f : `${f.slice(0, slash)}/`;
    if (seen.has(entry)) continue;
    seen.add(entry);
    items.push(`<li><a href="./${escapeHtml(encodeURI(entry))}">${escapeHtml(entry)}</a></li>`);
  }
  return `<html><body><ul>\n${items.join("\n")}\n</ul></body></html>`;
}

async function archivedByUid(deps: ServerDeps, uid: string): Promise<Workflow> {
  const wf = await deps.store.getArchivedWorkflow(uid).catch(() => undefined);
  if (!wf) throw notFoundText("workflow not yet archived");
  return wf;
}

function errorText(c: Context, e: unknown): Response {
  const status =
    e instanceof ApiError && e.grpcCode === GrpcCode.NotFound
      ? 404
      : e instanceof ApiError && e.grpcCode === GrpcCode.InvalidArgument
        ? 400
        : e instanceof ApiError && e.grpcCode === GrpcCode.PermissionDenied
          ? 403
          : isArgosyError(e) && e.code === "NotFound"
            ? 404
            : 500;
  const message = e instanceof Error ? e.message : String(e);
  return c.text(status === 500 ? "Internal Server Error" : message, status);
}

export function registerArtifactRoutes(app: Hono<ServerEnv>, deps: ServerDeps): void {
  app.get("/artifact-files/:namespace/:disc/:id/:nodeId/:direction/:artifact/*", (c) =>
    artifactFile(c, deps),
  );
  app.get("/artifact-files/:namespace/:disc/:id/:nodeId/:direction/:artifact", (c) => artifactFile(c, deps));
  for (const [prefix, input] of [
    ["/artifacts", false],
    ["/input-artifacts", true],
  ] as const) {
    app.get(`${prefix}/:namespace/:name/:nodeId/:artifact`, async (c) => {
      try {
        const { namespace = "", name = "", nodeId = "", artifact = "" } = c.req.param();
        authorize(c, namespace, "read");
        const wf = await readWorkflow(deps.store, namespace, name);
        return await serveArtifact(c, deps, { wf, nodeId, name: artifact, input, file: "", listing: false });
      } catch (e) {
        return errorText(c, e);
      }
    });
  }
  for (const [prefix, input] of [
    ["/artifacts-by-uid", false],
    ["/input-artifacts-by-uid", true],
  ] as const) {
    app.get(`${prefix}/:uid/:nodeId/:artifact`, async (c) => {
      try {
        const { uid = "", nodeId = "", artifact = "" } = c.req.param();
        const wf = await archivedByUid(deps, uid);
        authorize(c, wf.metadata.namespace ?? "", "read");
        return await serveArtifact(c, deps, { wf, nodeId, name: artifact, input, file: "", listing: false });
      } catch (e) {
        return errorText(c, e);
      }
    });
  }
}

async function artifactFile(c: Context<ServerEnv>, deps: ServerDeps): Promise<Response> {
  try {
    const { namespace = "", disc = "", id = "", nodeId = "", direction = "", artifact = "" } = c.req.param();
    if (direction !== "outputs" && direction !== "inputs") return c.text("Bad Request", 400);
    authorize(c, namespace, "read");
    const path = new URL(c.req.url).pathname;
    const prefix = `/artifact-files/${namespace}/${disc}/${id}/${nodeId}/${direction}/${artifact}`;
    const rest = decodeURIComponent(path.slice(prefix.length)).replace(/^\/+/, "");
    let wf: Workflow;
    if (disc === "workflows") wf = await readWorkflow(deps.store, namespace, id);
    else if (disc === "archived-workflows") {
      wf = await archivedByUid(deps, id);
      if (wf.metadata.namespace !== namespace) return c.text("Bad Request", 400);
    } else return c.text("Bad Request", 400);
    return await serveArtifact(c, deps, {
      wf,
      nodeId,
      name: artifact,
      input: direction === "inputs",
      file: rest.replace(/\/$/, ""),
      listing: path.endsWith("/"),
    });
  } catch (e) {
    return errorText(c, e);
  }
}
