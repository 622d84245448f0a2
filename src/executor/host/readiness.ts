/**
 * Readiness probes of daemon pods, run from the host: pods share its network, so `httpGet` and
 * `tcpSocket` reach the pod at 127.0.0.1 (or the probe's `host`). An `exec` probe runs through the
 * `exec` callback, which starts the command in a fresh process with main's image and filesystem.
 */
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { connect } from "node:net";
import type { ContainerSpec, ReadinessProbe } from "../types.js";

/** The address of every pod: they share the host's network namespace. */
export const POD_IP = "127.0.0.1";

/**
 * How long to wait before probing again after a failure. Kubernetes waits `periodSeconds`
 * (default 10 s); a local pod is ready within milliseconds, so a failed probe is retried after at
 * most this long. Readiness only ever turns on earlier, never on a different condition.
 */
export const RETRY_MS = 200;

/** A probe's port: a number, a numeric string, or the name of one of the container's `ports`. */
export function resolvePort(port: number | string, container: ContainerSpec): number | undefined {
  if (typeof port === "number") return port;
  if (/^\d+$/.test(port)) return Number(port);
  return container.ports?.find((p) => p.name === port)?.containerPort;
}

/**
 * Resolves true once the probe succeeds (at once without a probe), false when `gone` resolves
 * first (the pod exited or is being stopped). Probes start after `initialDelaySeconds`.
 */
export async function waitUntilReady(opts: {
  probe: ReadinessProbe | undefined;
  container: ContainerSpec;
  gone: Promise<unknown>;
  exec: (command: string[], timeoutMs: number) => Promise<boolean>;
}): Promise<boolean> {
  const { probe } = opts;
  if (!probe) return true;
  let over = false;
  void opts.gone.then(() => {
    over = true;
  });
  const timeoutMs = (probe.timeoutSeconds ?? 1) * 1000;
  const retryMs = Math.min(RETRY_MS, (probe.periodSeconds ?? 10) * 1000);
  await Promise.race([sleep((probe.initialDelaySeconds ?? 0) * 1000), opts.gone]);
  while (!over) {
    if (await probeOnce(probe, opts, timeoutMs).catch(() => false)) return !over;
    await Promise.race([sleep(retryMs), opts.gone]);
  }
  return false;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function probeOnce(
  probe: ReadinessProbe,
  opts: { container: ContainerSpec; exec: (command: string[], timeoutMs: number) => Promise<boolean> },
  timeoutMs: number,
): Promise<boolean> {
  if (probe.exec) return opts.exec(probe.exec.command, timeoutMs);
  if (probe.tcpSocket) {
    const port = resolvePort(probe.tcpSocket.port, opts.container);
    if (port === undefined) return Promise.resolve(false);
    return tcpProbe(probe.tcpSocket.host ?? POD_IP, port, timeoutMs);
  }
  if (probe.httpGet) {
    const port = resolvePort(probe.httpGet.port, opts.container);
    if (port === undefined) return Promise.resolve(false);
    const { host = POD_IP, path = "/", scheme = "HTTP" } = probe.httpGet;
    return httpProbe({ host, port, path, https: scheme.toUpperCase() === "HTTPS", timeoutMs });
  }
  // A probe with no handler never fails in Kubernetes' validation sense; treat it as no probe.
  return Promise.resolve(true);
}

function tcpProbe(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: timeoutMs });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once("connect", () => done(true));
    socket.once("timeout", () => done(false));
    socket.once("error", () => done(false));
  });
}

/** Kubernetes counts 200–399 as success and does not verify HTTPS certificates. */
function httpProbe(target: {
  host: string;
  port: number;
  path: string;
  https: boolean;
  timeoutMs: number;
}): Promise<boolean> {
  return new Promise((resolve) => {
    const request = target.https ? httpsRequest : httpRequest;
    const req = request(
      {
        host: target.host,
        port: target.port,
        path: target.path,
        method: "GET",
        timeout: target.timeoutMs,
        headers: { "User-Agent": "kube-probe/1.30" },
        ...(target.https ? { rejectUnauthorized: false } : {}),
      },
      (res) => {
        res.resume();
        const status = res.statusCode ?? 0;
        resolve(status >= 200 && status < 400);
      },
    );
    req.once("timeout", () => req.destroy());
    req.once("error", () => resolve(false));
    req.end();
  });
}
