import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { notFound } from "../../util/errors.js";
import type { KeySelector, SourceContext, SourceEntry } from "../types.js";
import { createWebhookDriver, type RunningWebhook } from "./webhook.js";

interface Reply {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

interface Sent {
  method?: string;
  path: string;
  body?: string | Buffer;
  headers?: Record<string, string | string[]>;
  tls?: boolean;
}

function send(port: number, sent: Sent): Promise<Reply> {
  const request = sent.tls ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path: sent.path,
        method: sent.method ?? "POST",
        headers: sent.headers,
        rejectUnauthorized: false,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString(),
            headers: res.headers,
          }),
        );
      },
    );
    req.on("error", reject);
    req.end(sent.body);
  });
}

interface Harness {
  context: SourceContext;
  emitted: unknown[];
  logs: string[];
}

function harness(options: {
  event?: string;
  source?: string;
  emit?: (data: unknown) => Promise<void>;
  secrets?: Record<string, string>;
}): Harness {
  const emitted: unknown[] = [];
  const logs: string[] = [];
  const context: SourceContext = {
    namespace: "default",
    eventSourceName: options.source ?? "webhook",
    eventName: options.event ?? "example",
    async emit(data) {
      if (options.emit) await options.emit(data);
      emitted.push(data);
      return { duplicate: false };
    },
    log: (level, message, fields) => logs.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`),
    async secret(selector: KeySelector) {
      const value = options.secrets?.[`${selector.name}/${selector.key}`];
      if (value === undefined) throw notFound(`secret ${selector.name}`);
      return value;
    },
    state: { get: async () => undefined, put: async () => {}, delete: async () => {} },
    now: () => new Date(),
    signal: new AbortController().signal,
  };
  return { context, emitted, logs };
}

const running: RunningWebhook[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop()));
});

const driver = createWebhookDriver();

async function start(entry: SourceEntry, h: Harness): Promise<RunningWebhook> {
  const r = (await driver.start(entry, h.context)) as RunningWebhook;
  running.push(r);
  return r;
}

const json = { "Content-Type": "application/json" };

describe("webhook event source", () => {
  it("drops what filter.expression rejects and still answers success; takes ce-id as the event id", async () => {
    const ids: (string | undefined)[] = [];
    const h = harness({});
    const emit = h.context.emit;
    h.context.emit = async (data, options) => {
      ids.push(options?.id);
      return emit(data, options);
    };
    const r = await start(
      { endpoint: "/f", port: "0", method: "POST", filter: { expression: "body.n > 1" } },
      h,
    );
    const low = await send(r.port, { path: "/f", body: '{"n": 1}', headers: json });
    const high = await send(r.port, { path: "/f", body: '{"n": 2}', headers: { ...json, "ce-id": "abc" } });
    expect([low.status, low.body, high.status, high.body]).toEqual([200, "success", 200, "success"]);
    expect(h.emitted).toEqual([expect.objectContaining({ body: { n: 2 } })]);
    expect(ids).toEqual(["abc"]);
    expect(h.logs.some((l) => l.includes("dropped by the event source filter"))).toBe(true);
  });

  it("publishes header, body and metadata, and replies success once the event is durable", async () => {
    let release: () => void = () => {};
    let emitCalled: () => void = () => {};
    const called = new Promise<void>((r) => {
      emitCalled = r;
    });
    const h = harness({
      emit: async () => {
        emitCalled();
        await new Promise<void>((r) => {
          release = r;
        });
      },
    });
    const { port } = await start(
      { endpoint: "/example", port: "0", method: "POST", metadata: { zeta: "z", alpha: "a" } },
      h,
    );
    let replied = false;
    const reply = send(port, {
      path: "/example",
      body: '{"message": "hello", "n": 1}',
      headers: { ...json, "X-Custom-thing": ["one", "two"] },
    }).then((r) => {
      replied = true;
      return r;
    });
    await called;
    expect(replied).toBe(false);
    release();
    const r = await reply;
    expect(r).toMatchObject({ status: 200, body: "success" });
    expect(r.headers["content-type"]).toBe("text/plain; charset=utf-8");
    const data = h.emitted[0] as { header: Record<string, string[]>; body: unknown; metadata: unknown };
    expect(data.body).toEqual({ message: "hello", n: 1 });
    expect(data.metadata).toEqual({ alpha: "a", zeta: "z" });
    expect(Object.keys(data.metadata as object)).toEqual(["alpha", "zeta"]);
    expect(data.header["Content-Type"]).toEqual(["application/json"]);
    expect(data.header["X-Custom-Thing"]).toEqual(["one", "two"]);
    expect(data.header.Host).toBeUndefined();
    expect(Object.keys(data.header)).toEqual([...Object.keys(data.header)].sort());
  });

  it("answers every refusal with Argo's status and text", async () => {
    const h = harness({});
    const { port } = await start({ endpoint: "/hook", port: "0", method: "POST", maxPayloadSize: 16 }, h);
    expect(await send(port, { path: "/hook", method: "GET" })).toMatchObject({
      status: 400,
      body: "http method does not match",
    });
    const missing = await send(port, { path: "/nope", body: "{}" });
    expect(missing).toMatchObject({ status: 404, body: "404 page not found\n" });
    expect(missing.headers["x-content-type-options"]).toBe("nosniff");
    const large = "failed to parse request body, http: request body too large";
    expect(await send(port, { path: "/hook", body: JSON.stringify({ a: "x".repeat(40) }) })).toMatchObject({
      status: 400,
      body: large + large,
    });
    expect(
      await send(port, { path: "/hook", body: "hello world", headers: { "Content-Type": "text/plain" } }),
    ).toMatchObject({
      status: 400,
      body: "json: error calling MarshalJSON for type *json.RawMessage: invalid character 'h' looking for beginning of value",
    });
    expect(await send(port, { path: "/hook" })).toMatchObject({
      status: 400,
      body: "json: error calling MarshalJSON for type *json.RawMessage: unexpected end of JSON input",
    });
    expect(await send(port, { path: "/health", method: "GET" })).toMatchObject({ status: 200, body: "OK" });
    const redirect = await send(port, { path: "/a/../hook?x=1", body: "{}" });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.location).toBe("/hook?x=1");
    // Nothing above was published, and the server still serves.
    expect(h.emitted).toEqual([]);
    expect(await send(port, { path: "/hook", body: "[1,2]" })).toMatchObject({
      status: 200,
      body: "success",
    });
    expect(h.emitted).toEqual([{ header: expect.any(Object), body: [1, 2] }]);
  });

  it("reads a GET's query and a form's fields as lists of values, and refuses other methods", async () => {
    const h = harness({});
    const get = await start({ endpoint: "/get", port: "0", method: "GET" }, h);
    await start({ endpoint: "/form", port: String(get.port), method: "POST" }, h);
    await start({ endpoint: "/put", port: String(get.port), method: "PUT" }, h);
    const port = get.port;
    expect(await send(port, { path: "/get?b=2&a=1&a=x+y&bad=%zz", method: "GET" })).toMatchObject({
      status: 200,
    });
    expect((h.emitted[0] as { body: unknown }).body).toEqual({ a: ["1", "x y"], b: ["2"] });
    const form = { "Content-Type": "application/x-www-form-urlencoded" };
    expect(
      await send(port, { path: "/form", body: "name=argo&tag=a&tag=b%21", headers: form }),
    ).toMatchObject({
      status: 200,
    });
    expect((h.emitted[1] as { body: unknown }).body).toEqual({ name: ["argo"], tag: ["a", "b!"] });
    const bad = 'invalid URL escape "%zz"';
    expect(await send(port, { path: "/form", body: "a=%zz", headers: form })).toMatchObject({
      status: 500,
      body: bad + bad,
    });
    expect(await send(port, { path: "/put", method: "PUT", body: "{}" })).toMatchObject({
      status: 400,
      body: "unsupoorted method: PUT",
    });
    expect(h.emitted).toHaveLength(2);
  });

  it("checks the bearer token, masks it in the event, and never logs it", async () => {
    const token = "s3cr3t-token";
    const h = harness({ secrets: { "auth/token": `${token}\n` } });
    const secret = { name: "auth", key: "token" };
    const { port } = await start({ endpoint: "/secure", port: "0", method: "POST", authSecret: secret }, h);
    expect(await send(port, { path: "/secure", body: "{}" })).toMatchObject({
      status: 401,
      body: "Invalid Authorization Header",
    });
    expect(
      await send(port, { path: "/secure", body: "{}", headers: { Authorization: "Bearer wrong" } }),
    ).toMatchObject({ status: 401, body: "Invalid Auth token" });
    expect(
      await send(port, { path: "/secure", body: "{}", headers: { Authorization: `Bearer ${token}` } }),
    ).toMatchObject({ status: 200, body: "success" });
    const data = h.emitted[0] as { header: Record<string, string[]> };
    expect(data.header.Authorization).toEqual(["*** Masked Auth Secret ***"]);
    expect(h.emitted).toHaveLength(1);

    const broken = harness({ event: "broken" });
    const other = await start(
      { endpoint: "/broken", port: String(port), method: "POST", authSecret: { name: "missing", key: "k" } },
      broken,
    );
    expect(
      await send(other.port, { path: "/broken", body: "{}", headers: { Authorization: `Bearer ${token}` } }),
    ).toMatchObject({ status: 500, body: "Error loading auth token" });
    expect([...h.logs, ...broken.logs].join("\n")).not.toContain(token);
  });

  it("answers 500 when the bus refuses an event, and keeps serving", async () => {
    let fail = true;
    const h = harness({
      emit: async () => {
        if (fail) throw new Error("bus is down");
      },
    });
    const { port } = await start({ endpoint: "/x", port: "0", method: "POST" }, h);
    expect(await send(port, { path: "/x", body: "{}" })).toMatchObject({
      status: 500,
      body: "failed to record event",
    });
    fail = false;
    expect(await send(port, { path: "/x", body: '{"ok":true}' })).toMatchObject({ status: 200 });
    expect(h.emitted).toEqual([{ header: expect.any(Object), body: { ok: true } }]);
  });

  it("shares one server per port across event sources, and closes it after the last stop", async () => {
    const a = harness({ source: "first", event: "a" });
    const b = harness({ source: "second", event: "b" });
    const ra = await start({ endpoint: "/a", port: "0", method: "POST" }, a);
    const port = String(ra.port);
    const rb = await start({ endpoint: "/b", port, method: "POST" }, b);
    expect(rb.port).toBe(ra.port);
    await expect(
      driver.start({ endpoint: "/a", port, method: "POST" }, harness({ event: "dup" }).context),
    ).rejects.toThrow(`endpoint /a on port ${port} is already served by default/first/a`);
    expect(await send(ra.port, { path: "/a", body: '"to a"' })).toMatchObject({ status: 200 });
    expect(await send(ra.port, { path: "/b", body: '"to b"' })).toMatchObject({ status: 200 });
    expect(a.emitted).toEqual([{ header: expect.any(Object), body: "to a" }]);
    expect(b.emitted).toEqual([{ header: expect.any(Object), body: "to b" }]);

    await ra.stop();
    expect(await send(rb.port, { path: "/a", body: "{}" })).toMatchObject({
      status: 400,
      body: "endpoint is inactive",
    });
    expect(await send(rb.port, { path: "/b", body: "{}" })).toMatchObject({ status: 200 });
    await rb.stop();
    await expect(send(rb.port, { path: "/b", body: "{}" })).rejects.toThrow(/ECONNREFUSED/);
    // The port can be served again, by a new event on the same endpoint.
    const again = await start({ endpoint: "/a", port, method: "POST" }, harness({}));
    expect(again.port).toBe(ra.port);
  });

  it("refuses bad entries with Argo's messages", async () => {
    const h = harness({});
    await expect(driver.start({ port: "1", method: "POST" }, h.context)).rejects.toThrow(
      "endpoint can't be empty",
    );
    await expect(driver.start({ endpoint: "/x", method: "POST" }, h.context)).rejects.toThrow(
      "port can't be empty",
    );
    await expect(driver.start({ endpoint: "/x", port: "http", method: "POST" }, h.context)).rejects.toThrow(
      'failed to parse server port http. err: strconv.Atoi: parsing "http": invalid syntax',
    );
    await expect(driver.start({ endpoint: "x", port: "0", method: "POST" }, h.context)).rejects.toThrow(
      'mux: path must start with a slash, got "x"',
    );
  });

  const hasOpenssl = existsSync("/usr/bin/openssl");
  it.skipIf(!hasOpenssl)("serves HTTPS with serverCertSecret and serverKeySecret", async () => {
    const dir = mkdtempSync(join(tmpdir(), "argosy-webhook-tls-"));
    try {
      execFileSync(
        "openssl",
        [
          ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost"],
          ...["-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")],
        ],
        { stdio: "ignore" },
      );
      const h = harness({
        secrets: {
          "tls/crt": readFileSync(join(dir, "cert.pem"), "utf8"),
          "tls/key": readFileSync(join(dir, "key.pem"), "utf8"),
        },
      });
      const { port } = await start(
        {
          endpoint: "/tls",
          port: "0",
          method: "POST",
          serverCertSecret: { name: "tls", key: "crt" },
          serverKeySecret: { name: "tls", key: "key" },
        },
        h,
      );
      expect(await send(port, { path: "/tls", body: "{}", tls: true })).toMatchObject({ status: 200 });
      expect(h.emitted).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
