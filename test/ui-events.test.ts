/**
 * The Argo Events pages end to end: a real `argosy server` process (with its events controller)
 * serving the built UI, a real webhook, a real chromium. A sensor with a data filter and a `log`
 * trigger gets one body its filter rejects and one it accepts; the sensor's page must say both
 * (with the filter's reason), the lists must show what each object runs, and Delete must work.
 */
import { spawnSync } from "node:child_process";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../src/events/testing/process.js";
import { launchBrowser, type TestBrowser } from "./browser.js";
import { repo } from "./helpers.js";
import { api, type ServerProcess, startServerProcess } from "./server-helpers.js";

const ns = "default";
let home: string;
let server: ServerProcess;
let browser: TestBrowser;
let port: number;

async function newest(dir: string): Promise<number> {
  let max = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    max = Math.max(max, entry.isDirectory() ? await newest(path) : (await stat(path)).mtimeMs);
  }
  return max;
}

/** Builds ui/dist when it is missing or older than the sources (the server serves ui/dist). */
async function ensureUiBuilt(): Promise<void> {
  const built = await stat(join(repo, "ui", "dist", "index.html")).then(
    (s) => s.mtimeMs,
    () => 0,
  );
  const sources = Math.max(
    await newest(join(repo, "ui", "src")),
    (await stat(join(repo, "ui", "index.html"))).mtimeMs,
  );
  if (built >= sources) return;
  const vite = join(repo, "node_modules", ".bin", "vite");
  const r = spawnSync(vite, ["build", "--config", "ui/vite.config.ts", "--logLevel", "warn"], {
    cwd: repo,
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`vite build failed:\n${r.stdout}\n${r.stderr}`);
}

/** Polls `get` until `ok` holds (what the server does takes its own time; nothing is timed). */
async function until<T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  const end = Date.now() + 30_000;
  let last: T | undefined;
  while (Date.now() < end) {
    last = await get();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${what}: not reached; last ${JSON.stringify(last)?.slice(0, 1000)}\n${server.output()}`);
}

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
