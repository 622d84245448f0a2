import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { HttpTrigger, Trigger } from "../types.js";
import { runTrigger, runWithPolicy } from "./index.js";
import { cloudEvent, firing, type TestDeps, testDeps } from "./testing.js";

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

let server: Server;
let base: string;
const received: Received[] = [];
/** Statuses to answer, in order; 200 once they run out. */
let statuses: number[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      if (req.url === "/hang") return; // never answers
      res.statusCode = statuses.shift() ?? 200;
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

let deps: TestDeps;
afterEach(async () => {
  received.length = 0;
  statuses = [];
  await deps?.store.close();
});

const events = { dep: cloudEvent({ body: { user: "ada", count: 2 } }) };
const http = (spec: Partial<HttpTrigger>) => ({ name: "t1", http: { url: `${base}/hook`, ...spec } });

describe("http trigger", () => {
  it("POSTs the payload as JSON with headers, secure headers and basic auth", async () => {
    deps = testDeps();
    deps.secrets["tokens/api"] = "s3cr3t-token";
    deps.secrets["auth/user"] = "bob";
    deps.secrets["auth/pass"] = "hunter2";
    const result = await runTrigger(
      http({
        payload: [
          { src: { dependencyName: "dep", dataKey: "body.user" }, dest: "who" },
          { src: { dependencyName: "dep", dataKey: "body.count", useRawData: true }, dest: "n" },
        ],
        headers: { "X-Plain": "yes" },
        secureHeaders: [{ name: "X-Token", valueFrom: { secretKeyRef: { name: "tokens", key: "api" } } }],
        basicAuth: { username: { name: "auth", key: "user" }, password: { name: "auth", key: "pass" } },
      }),
      firing(events),
      deps,
    );
    expect(result).toMatchObject({ message: `POST ${base}/hook answered 200`, status: 200 });
    const [req] = received;
    expect(req?.method).toBe("POST");
    expect(JSON.parse(req?.body ?? "")).toEqual({ who: "ada", n: 2 });
    expect(req?.headers["content-type"]).toBe("application/json");
    expect(req?.headers["x-plain"]).toBe("yes");
    expect(req?.headers["x-token"]).toBe("s3cr3t-token");
    expect(req?.headers.authorization).toBe(`Basic ${Buffer.from("bob:hunter2").toString("base64")}`);
    const logged = JSON.stringify(deps.lines) + result.message;
    expect(logged).not.toContain("s3cr3t-token");
    expect(logged).not.toContain("hunter2");
  });

  it("applies parameters to its own fields (url, method) and sends dynamic headers", async () => {
    deps = testDeps();
    await runTrigger(
      http({
        method: "put",
        parameters: [
          { src: { dependencyName: "dep", dataKey: "body.user" }, dest: "url", operation: "append" },
        ],
        dynamicHeaders: [{ src: { dependencyName: "dep", dataKey: "body.user" }, dest: "X-User" }],
        payload: [{ src: { dependencyName: "dep", value: "fixed" }, dest: "v" }],
      } as Partial<HttpTrigger>),
      firing(events),
      deps,
    );
    expect(received[0]).toMatchObject({ method: "PUT", url: "/hookada" });
    expect(received[0]?.headers["x-user"]).toBe("ada");
  });

  it("sends the value of an empty-dest payload parameter verbatim", async () => {
    deps = testDeps();
    await runTrigger(
      http({ payload: [{ src: { dependencyName: "dep", value: "plain text" }, dest: "" }] }),
      firing(events),
      deps,
    );
    expect(received[0]?.body).toBe("plain text");
    expect(received[0]?.headers["content-type"]).not.toBe("application/json");
  });

  it("sends an empty body without payload and warns", async () => {
    deps = testDeps();
    await runTrigger(http({}), firing(events), deps);
    expect(received[0]?.body).toBe("");
    expect(deps.lines.some((l) => l.level === "warn" && /payload is not specified/.test(l.message))).toBe(
      true,
    );
  });

  it("counts any status as success without a status policy", async () => {
    deps = testDeps();
    statuses = [500];
    const trigger: Trigger = { template: http({}) };
    const result = await runWithPolicy(
      trigger,
      () => runTrigger(trigger.template, firing(events), deps),
      deps,
    );
    expect(result.message).toMatch(/answered 500$/);
  });

  it("fails a status outside policy.status.allow", async () => {
    deps = testDeps();
    statuses = [500];
    const trigger: Trigger = { template: http({}), policy: { status: { allow: [200, 201] } } };
    await expect(
      runWithPolicy(trigger, () => runTrigger(trigger.template, firing(events), deps), deps),
    ).rejects.toThrow(/http response status 500 is not allowed/);
  });

  it("retries with the retryStrategy's backoff until the status is allowed", async () => {
    deps = testDeps();
    statuses = [503, 502, 200];
    const trigger: Trigger = {
      template: http({}),
      policy: { status: { allow: [200] } },
      retryStrategy: { steps: 4, duration: "1s", factor: 2, jitter: 0 },
    };
    const result = await runWithPolicy(
      trigger,
      () => runTrigger(trigger.template, firing(events), deps),
      deps,
    );
    expect(result.message).toMatch(/answered 200$/);
    expect(received).toHaveLength(3);
    expect(deps.sleeps).toEqual([1000, 2000]);
  });

  it("gives up after the retryStrategy's steps", async () => {
    deps = testDeps();
    statuses = [500, 500, 500, 500];
    const trigger: Trigger = {
      template: http({}),
      policy: { status: { allow: [200] } },
      retryStrategy: { steps: 2, duration: "10ms", jitter: 0 },
    };
    await expect(
      runWithPolicy(trigger, () => runTrigger(trigger.template, firing(events), deps), deps),
    ).rejects.toThrow(/failed after 2 attempts/);
    expect(received).toHaveLength(2);
  });

  it("fails with a clear message when the server does not answer within timeout", async () => {
    deps = testDeps();
    await expect(runTrigger(http({ url: `${base}/hang`, timeout: 1 }), firing(events), deps)).rejects.toThrow(
      `trigger "t1": POST ${base}/hang timed out after 1s`,
    );
  });

  it("refuses a URL that is not http(s) and a missing secret", async () => {
    deps = testDeps();
    await expect(runTrigger(http({ url: "file:///etc/passwd" }), firing(events), deps)).rejects.toMatchObject(
      {
        code: "Invalid",
        message: /http.url "file:\/\/\/etc\/passwd" must be http or https/,
      },
    );
    await expect(
      runTrigger(
        http({ secureHeaders: [{ name: "X", valueFrom: { secretKeyRef: { name: "missing", key: "k" } } }] }),
        firing(events),
        deps,
      ),
    ).rejects.toMatchObject({ code: "NotFound" });
    expect(received).toHaveLength(0);
  });
});
