import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../src/events/testing/process.js";
import { launchBrowser, type TestBrowser } from "./browser.js";
import { api, pollUntil, type ServerProcess, startServerProcess } from "./server-helpers.js";
import { ensureUiBuilt } from "./ui-build.js";

const ns = "default";
let home: string;
let server: ServerProcess;
let browser: TestBrowser;
let port: number;

/** Polls until `ok` holds; on failure the error shows the server's last output. */
const until = <T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000) =>
  pollUntil(what, get, ok, { timeoutMs, context: () => server.output().slice(-2000) });

async function create(kind: "event-sources" | "sensors", field: string, object: object): Promise<void> {
  const r = await api(server.url, `/api/v1/${kind}/${ns}`, {
    method: "POST",
    body: { namespace: ns, [field]: object },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

const sensorLog = async (name: string) =>
  (await fetch(`${server.url}/api/v1/stream/sensors/${ns}/logs?name=${name}`)).text();

const post = (body: object) =>
  fetch(`http://127.0.0.1:${port}/push`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  }).catch(() => undefined);

async function open(hash: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`${server.url}/#${hash}`);
  return page;
}

beforeAll(async () => {
  await ensureUiBuilt();
  home = await mkdtemp(join(tmpdir(), "argosy-ui-events-"));
  server = await startServerProcess(home);
  browser = await launchBrowser();
  port = await freePort();
  await create("event-sources", "eventSource", {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "EventSource",
    metadata: { name: "hooks" },
    spec: { webhook: { push: { endpoint: "/push", port: String(port), method: "POST" } } },
  });
  await create("sensors", "sensor", {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Sensor",
    metadata: { name: "go-sensor" },
    spec: {
      dependencies: [
        {
          name: "push-dep",
          eventSourceName: "hooks",
          eventName: "push",
          filters: { data: [{ path: "body.kind", type: "string", value: ["go"] }] },
        },
      ],
      triggers: [{ template: { name: "say", log: {} } }],
    },
  });
  await until(
    "sensor started",
    () => sensorLog("go-sensor"),
    (log) => log.includes("started"),
  );
  // The first body the filter rejects; it is also how we learn the webhook listens.
  await until(
    "webhook up",
    () => post({ kind: "skip" }),
    (r) => r?.status === 200,
  );
  expect((await post({ kind: "go" }))?.status).toBe(200);
  await until(
    "sensor triggered",
    () => sensorLog("go-sensor"),
    (log) => log.includes("successfully processed"),
  );
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (home) await rm(home, { recursive: true, force: true });
});

describe("the events pages", () => {
  it("lists the event source with what it runs and shows its page", async () => {
    const page = await open("/event-sources");
    const row = page.getByRole("row", { name: /hooks/ });
    await row.getByText("webhook(push)").waitFor();
    // One created while the page is open appears through the watch stream.
    await create("event-sources", "eventSource", {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "EventSource",
      metadata: { name: "ticks" },
      spec: { calendar: { tick: { interval: "1h" } } },
    });
    await page.getByRole("row", { name: /ticks/ }).getByText("calendar(tick)").waitFor();
    // Its page says where the webhook listens, and its log shows what it published.
    await row.getByRole("link", { name: "hooks" }).click();
    await page.getByText(`POST :${port}/push`).waitFor();
    const log = page.getByRole("log", { name: "Log of hooks" });
    await log.getByText("succeeded to publish an event").first().waitFor();
    expect(await log.getByText("event: push").count()).toBeGreaterThan(0);
    expect(
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sensors" }).count(),
    ).toBe(1);
    await page.close();
  }, 60_000);

  it("lists the sensor, shows why events were discarded or triggered, and deletes it", async () => {
    const page = await open("/sensors");
    const row = page.getByRole("row", { name: /go-sensor/ });
    await row.getByText("hooks/push").waitFor();
    expect(await row.getByText("say log").count()).toBe(1);

    await row.getByRole("link", { name: "go-sensor" }).click();
    await page.waitForURL(/#\/sensors\/default\/go-sensor$/);
    const log = page.getByRole("log", { name: "Log of go-sensor" });
    const discarded = log.locator(".event-log-row", { hasText: "event discarded by filters" });
    await discarded.waitFor();
    expect(await discarded.textContent()).toMatch(/body\.kind.*is not one of/);
    expect(await discarded.textContent()).toContain("dependency: push-dep");
    await log.getByText(/successfully processed trigger/).waitFor();
    await page.getByText(/^\d+ entries · streaming$/).waitFor();
    await page.screenshot({ path: join(tmpdir(), "argosy-ui-events-sensor.png"), fullPage: true });

    // The trigger choice keeps the trigger's entries only; the filter box narrows by text.
    await page.getByLabel("Trigger").selectOption("say");
    await log.getByText(/successfully processed trigger/).waitFor();
    expect(await log.getByText("event discarded by filters", { exact: false }).count()).toBe(0);
    await page.getByLabel("Trigger").selectOption("");
    await page.getByLabel("Filter log entries").fill("discarded");
    await page.getByText(/^1 of \d+ entries/).waitFor();

    await page.getByRole("toolbar", { name: "Actions" }).getByRole("button", { name: "Delete" }).click();
    const dialog = page.getByRole("dialog", { name: "Delete go-sensor" });
    await dialog.getByRole("button", { name: "Delete" }).click();
    await page.waitForURL(/#\/sensors$/);
    await page.getByText("No sensors in namespace default.").waitFor();
    const left = await api<{ items: unknown[] | null }>(server.url, `/api/v1/sensors/${ns}`);
    expect(left.body.items ?? []).toEqual([]);
    await page.close();
  }, 90_000);
});
