/**
 * Serving the app over HTTP with @hono/node-server. Binds 127.0.0.1 unless told otherwise; port 0
 * picks a free port (tests). `close` stops accepting, ends open streams (watches and followed logs
 * would otherwise keep the server open forever) and stops the app's background work.
 */
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { buildApp } from "./app.js";
import type { ServerDeps } from "./deps.js";

export interface StartServerOptions extends ServerDeps {
  /** @default "127.0.0.1" */
  host?: string;
  /** @default 2746 (Argo Server's port) */
  port?: number;
}

export interface RunningServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

export function startServer(options: StartServerOptions): Promise<RunningServer> {
  const host = options.host ?? "127.0.0.1";
  const { app, dispose } = buildApp(options);
  return new Promise((resolve, reject) => {
    const server = serve(
      { fetch: app.fetch, hostname: host, port: options.port ?? 2746 },
      (info: AddressInfo) => {
        const shownHost = host.includes(":") ? `[${host}]` : host;
        resolve({
          port: info.port,
          url: `http://${shownHost}:${info.port}`,
          close: () =>
            new Promise<void>((done) => {
              dispose();
              server.close(() => done());
              const http = server as unknown as { closeAllConnections?: () => void };
              http.closeAllConnections?.();
            }),
        });
      },
    );
    server.once("error", reject);
  });
}
