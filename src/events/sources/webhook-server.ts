/**
 * One HTTP(S) server per webhook port, shared by every webhook event (of any EventSource) that
 * names that port, as Argo's webhook controller shares one mux per port. Routes are found by exact
 * path; `/health` answers `OK`; an unknown path gets Go's 404 text, and a path that is not clean is
 * redirected, as gorilla/mux does. Servers are reference-counted: the last route to detach closes
 * its server. A stopped route stays on a server that other routes keep open and answers
 * `endpoint is inactive`, as Argo's deactivated routes do.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createTlsServer, type Server as TlsServer } from "node:https";
import { type ArgosyError, conflict, internal, invalid } from "../../util/errors.js";
import { escapeGoPath, goUnescape, muxCleanPath, sendText, splitTarget } from "./webhook-http.js";

/** One webhook event's endpoint on a port. */
export interface WebhookRoute {
  endpoint: string;
  /** `namespace/eventSource/event`, for conflict messages. */
  owner: string;
  /** False once its event stopped; it then answers `endpoint is inactive`. */
  active: boolean;
  handle(req: IncomingMessage, res: ServerResponse, rawQuery: string): Promise<void>;
}

/** A certificate and key (PEM) for a port served over TLS (`serverCertSecret`/`serverKeySecret`). */
export interface TlsMaterial {
  cert: string;
  key: string;
}

export interface AttachedRoute {
  /** The port the server is bound to (the real one when `port` was "0"). */
  port: number;
  /** Marks the route inactive and releases the server; resolves once a closing server has closed. */
  detach(): Promise<void>;
}

interface PortServer {
  server: Server | TlsServer;
  routes: Map<string, WebhookRoute>;
  refs: number;
  listening: Promise<number>;
  closing: boolean;
  /** The port strings it is known by: the manifest's, and the bound port when that was "0". */
  keys: Set<string>;
}

/** Go's message for a port `net.Listen` cannot use. */
function listenError(host: string, port: string, error: NodeJS.ErrnoException): ArgosyError {
  const address = `${host}:${port}`;
  if (error.code === "EADDRINUSE") {
    return conflict(`listen tcp ${address}: bind: address already in use`, { cause: error });
  }
  if (error.code === "EACCES") {
    return invalid(`listen tcp ${address}: bind: permission denied`, { cause: error });
  }
  return internal(`listen tcp ${address}: ${error.message}`, { cause: error });
}

export class WebhookServers {
  private readonly byPort = new Map<string, PortServer>();
  private readonly closing = new Map<string, Promise<void>>();

  constructor(private readonly host: string) {}

  /**
   * Adds `route` to the server of `port`, starting the server when it is the first. Throws
   * `Conflict` when another running event already serves that endpoint on that port, or when the
   * port is taken by something else.
   */
  async attach(port: string, route: WebhookRoute, tls?: () => Promise<TlsMaterial>): Promise<AttachedRoute> {
    await this.closing.get(port);
    // The first event on a port decides whether it speaks TLS, as in Argo.
    const material = !this.byPort.has(port) && tls ? await tls() : undefined;
    const entry = this.byPort.get(port) ?? this.open(port, material);
    const existing = entry.routes.get(route.endpoint);
    if (existing?.active) {
      throw conflict(`endpoint ${route.endpoint} on port ${port} is already served by ${existing.owner}`);
    }
    entry.routes.set(route.endpoint, route);
    entry.refs++;
    const server = entry;
    let bound: number;
    try {
      bound = await server.listening;
    } catch (e) {
      server.refs--;
      if (server.routes.get(route.endpoint) === route) server.routes.delete(route.endpoint);
      throw e;
    }
    let detached = false;
    return {
      port: bound,
      detach: async () => {
        if (detached) return;
        detached = true;
        route.active = false;
        server.refs--;
        if (server.refs === 0) await this.close(server);
      },
    };
  }

  private open(port: string, tls: TlsMaterial | undefined): PortServer {
    const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
      if (entry.closing) res.setHeader("Connection", "close");
      this.dispatch(entry, req, res).catch(() => {
        if (!res.headersSent) sendText(res, 500, "Internal Server Error");
        else res.destroy();
      });
    };
    const server = tls
      ? createTlsServer({ cert: tls.cert, key: tls.key }, onRequest)
      : createServer(onRequest);
    const listening = new Promise<number>((resolve, reject) => {
      // Kept for the server's life: a later server error must not become an uncaught exception.
      server.on("error", (e: NodeJS.ErrnoException) => reject(listenError(this.host, port, e)));
      server.listen(Number(port), this.host, () => {
        const address = server.address();
        resolve(typeof address === "object" && address ? address.port : Number(port));
      });
    });
    const entry: PortServer = {
      server,
      routes: new Map(),
      refs: 0,
      listening,
      closing: false,
      keys: new Set([port]),
    };
    listening.then(
      (bound) => {
        // Port "0" picked a free port: events naming that port share this server too.
        const key = String(bound);
        if (!entry.closing && !this.byPort.has(key)) {
          entry.keys.add(key);
          this.byPort.set(key, entry);
        }
      },
      () => this.forget(entry),
    );
    this.byPort.set(port, entry);
    return entry;
  }

  private async dispatch(entry: PortServer, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { rawPath, rawQuery } = splitTarget(req.url ?? "/");
    let path: string;
    try {
      path = goUnescape(rawPath, "path");
    } catch {
      sendText(res, 400, "400 Bad Request", true);
      return;
    }
    const clean = muxCleanPath(path);
    if (clean !== path) {
      res.statusCode = 301;
      res.setHeader("Location", escapeGoPath(clean) + (rawQuery === "" ? "" : `?${rawQuery}`));
      res.end();
      return;
    }
    const route = entry.routes.get(path);
    if (route) {
      await route.handle(req, res, rawQuery);
      return;
    }
    if (path === "/health") {
      sendText(res, 200, "OK");
      return;
    }
    res.setHeader("X-Content-Type-Options", "nosniff");
    sendText(res, 404, "404 page not found\n");
  }

  private forget(entry: PortServer): void {
    for (const key of entry.keys) if (this.byPort.get(key) === entry) this.byPort.delete(key);
  }

  private async close(entry: PortServer): Promise<void> {
    this.forget(entry);
    entry.closing = true;
    const closed = new Promise<void>((resolve) => {
      entry.listening.then(
        () => {
          entry.server.close(() => resolve());
          entry.server.closeIdleConnections();
        },
        () => resolve(),
      );
    });
    for (const key of entry.keys) this.closing.set(key, closed);
    await closed;
    for (const key of entry.keys) if (this.closing.get(key) === closed) this.closing.delete(key);
  }
}
