import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpDriver, redactUrl } from "./http-driver.js";
import type { SecretRef } from "./types.js";

const secrets: Record<string, string> = { "web/user": "alice", "web/pass": "s3cr3t", "web/token": "tok-123" };
const resolveSecret = async (ref: SecretRef) => secrets[`${ref.name}/${ref.key}`] ?? "";
const basicAuth = {
  usernameSecret: { name: "web", key: "user" },
  passwordSecret: { name: "web", key: "pass" },
};

let server: Server;
let base = "";
let work = "";
const seen: IncomingMessage[] = [];
const uploads: Record<string, string> = {};

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "argosy-http-"));
  server = createServer((req, res) => {
    seen.push(req);
    if (
      req.url === "/private" &&
      req.headers.authorization !== `Basic ${Buffer.from("alice:s3cr3t").toString("base64")}`
    ) {
      res.writeHead(401).end();
      return;
    }
    if (req.method === "PUT") {
      let body = "";
      req.on("data", (c: Buffer) => {
        body += c.toString();
      });
      req.on("end", () => {
        uploads[req.url ?? ""] = body;
        res.writeHead(201).end();
      });
      return;
    }
    if (req.url === "/file.txt" || req.url === "/private") {
      res.writeHead(200, { "content-type": "text/plain" }).end(`content of ${req.url}`);
      return;
    }
    res.writeHead(404).end("nope");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await rm(work, { recursive: true, force: true });
});

describe("HttpDriver", () => {
  const driver = new HttpDriver({ resolveSecret });

  it("downloads with the given headers, including ones from secrets", async () => {
    const dest = path.join(work, "a/file.txt");
    await driver.load(
      {
        http: {
          url: `${base}/file.txt`,
          headers: [
            { name: "X-Plain", value: "v1" },
            { name: "X-Token", valueFrom: { secretKeyRef: { name: "web", key: "token" } } },
          ],
        },
      },
      dest,
    );
    expect(await readFile(dest, "utf8")).toBe("content of /file.txt");
    const req = seen.at(-1);
    expect(req?.headers["x-plain"]).toBe("v1");
    expect(req?.headers["x-token"]).toBe("tok-123");
  });

  it("sends basic auth from secrets, and fails without it", async () => {
    const dest = path.join(work, "private.txt");
    await driver.load({ http: { url: `${base}/private`, auth: { basicAuth } } }, dest);
    expect(await readFile(dest, "utf8")).toBe("content of /private");
    await expect(driver.load({ http: { url: `${base}/private` } }, dest)).rejects.toMatchObject({
      code: "Internal",
      message: expect.stringContaining("401"),
    });
  });

  it("reports 404 as NotFound and leaves no file", async () => {
    const dest = path.join(work, "missing.txt");
    await expect(driver.load({ http: { url: `${base}/missing` } }, dest)).rejects.toMatchObject({
      code: "NotFound",
      message: expect.stringContaining("404"),
    });
    await expect(readFile(dest)).rejects.toThrow();
  });

  it("uploads with PUT", async () => {
    const src = path.join(work, "up.txt");
    await writeFile(src, "uploaded bytes");
    await driver.save(src, { http: { url: `${base}/up/one`, auth: { basicAuth } } });
    expect(uploads["/up/one"]).toBe("uploaded bytes");
  });

  it("keeps credentials in URLs out of messages", async () => {
    expect(redactUrl("https://bob:hunter2@example.com/x")).toBe("https://example.com/x");
    const url = `http://bob:hunter2@127.0.0.1:${new URL(base).port}/missing`;
    const err = await driver.load({ http: { url } }, path.join(work, "m2")).then(
      () => new Error("unexpectedly succeeded"),
      (e: unknown) => e as Error,
    );
    expect(err).toMatchObject({ code: "NotFound" });
    expect(err.message).not.toContain("hunter2");
  });
});
