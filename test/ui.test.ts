import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CronWorkflow, Workflow } from "../src/spec/types.js";
import { launchChromium as launchBrowser } from "./browser.js";
import { api, type ServerProcess, startServerProcess, waitFor } from "./server-helpers.js";
import { ensureUiBuilt } from "./ui-build.js";

const manifest = (name: string, text: string) => `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: ${name}-
spec:
  entrypoint: main
  templates:
    - name: main
      steps:
        - - name: say
            template: say
    - name: say
      container:
        image: busybox
        command: [sh, -c, "echo ${text}; echo second line"]
`;

let home: string;
let server: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  await ensureUiBuilt();
  home = await mkdtemp(join(tmpdir(), "argosy-ui-"));
  server = await startServerProcess(home);
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (home) await rm(home, { recursive: true, force: true });
});

async function open(hash: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(20_000);
  await page.goto(`${server.url}/#${hash}`);
  // Marks this document: if the page reloads, the mark is gone.
  await page.evaluate(() => {
    (globalThis as unknown as { argosyMark: number }).argosyMark = 1;
  });
  return page;
}

const notReloaded = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { argosyMark?: number }).argosyMark === 1);

const workflowNameOf = (page: Page) =>
  decodeURIComponent(/#\/workflows\/default\/([^?/]+)/.exec(page.url())?.[1] ?? "");

async function submitFromEditor(page: Page, text: string): Promise<string> {
  await page.getByLabel("Workflow manifest (YAML)").fill(text);
  await page.getByText("The manifest is valid.").waitFor();
  await page.getByRole("button", { name: "Submit", exact: true }).click();
  await page.waitForURL(/#\/workflows\/default\/[^?]+/);
  return workflowNameOf(page);
}

describe("the web UI", () => {
  let submitted = "";
  let page: Page;

  it("submits a workflow from the YAML editor and shows it reach Succeeded without a reload", async () => {
    page = await open("/submit");
    submitted = await submitFromEditor(page, manifest("ui-hello", "hello from the ui"));
    expect(submitted).toMatch(/^ui-hello-/);
    await page.locator('.page-header .phase-text[data-phase="Succeeded"]').waitFor({ timeout: 60_000 });
    expect(await notReloaded(page)).toBe(true);
    const wf = await api<Workflow>(server.url, `/api/v1/workflows/default/${submitted}`);
    expect(wf.body.status?.phase).toBe("Succeeded");
  }, 90_000);

  it("opens a node and reads its log", async () => {
    await page.getByRole("tab", { name: "Nodes" }).click();
    await page.locator(".node-row", { hasText: "say" }).click();
    const panel = page.getByRole("complementary", { name: "Node say" });
    await panel.waitFor();
    expect(await panel.getByText(`${submitted}-say-`).count()).toBe(1);
    await panel.getByRole("tab", { name: "Logs" }).click();
    await panel.getByRole("log").getByText("hello from the ui").waitFor();
    // The filter keeps matching lines only.
    await panel.getByLabel("Filter log lines").fill("second");
    await panel.getByText("1 of 2 lines").waitFor();
    expect(await panel.getByRole("log").getByText("hello from the ui").count()).toBe(0);
  }, 60_000);

  it("resubmits the workflow from its page", async () => {
    await page.getByRole("toolbar", { name: "Actions" }).getByRole("button", { name: "Resubmit" }).click();
    const dialog = page.getByRole("dialog", { name: `Resubmit ${submitted}` });
    await dialog.waitFor();
    await dialog.getByRole("button", { name: "Resubmit" }).click();
    await page.waitForURL(
      (url) => !url.hash.includes(submitted) && /#\/workflows\/default\/ui-hello-/.test(url.hash),
    );
    const again = workflowNameOf(page);
    const wf = await waitFor(server.url, "default", again, (w) => w.status?.phase === "Succeeded");
    expect(wf.metadata.labels?.["workflows.argoproj.io/resubmitted-from-workflow"]).toBe(submitted);
    await page.locator('.page-header .phase-text[data-phase="Succeeded"]').waitFor({ timeout: 60_000 });
    await page.close();
  }, 90_000);

  it("suspends and resumes a cron workflow from its page", async () => {
    const created = await api<CronWorkflow>(server.url, "/api/v1/cron-workflows/default", {
      method: "POST",
      body: {
        cronWorkflow: {
          metadata: { name: "ui-cron" },
          spec: {
            schedules: ["0 3 1 1 *"],
            workflowSpec: {
              entrypoint: "main",
              templates: [{ name: "main", container: { image: "busybox", command: ["true"] } }],
            },
          },
        },
      },
    });
    expect(created.status).toBe(200);
    const cron = await open("/cron-workflows/default/ui-cron");
    const state = cron.getByTestId("cron-state");
    await state.getByText("Active").waitFor();
    // The next runs are computed in the page: 03:00 on the first of January.
    await cron.getByText("Next runs").waitFor();
    await cron.getByRole("button", { name: "Suspend" }).click();
    await state.getByText("Suspended").waitFor();
    const suspended = await api<CronWorkflow>(server.url, "/api/v1/cron-workflows/default/ui-cron");
    expect(suspended.body.spec.suspend).toBe(true);
    await cron.getByRole("button", { name: "Resume" }).click();
    await state.getByText("Active").waitFor();
    const resumed = await api<CronWorkflow>(server.url, "/api/v1/cron-workflows/default/ui-cron");
    expect(resumed.body.spec.suspend).toBe(false);
    await cron.close();
  }, 60_000);

  it("adds a workflow submitted through the API to the open list without a reload", async () => {
    const list = await open("/workflows");
    await list.locator(".live.on").waitFor();
    const created = await api<Workflow>(server.url, "/api/v1/workflows/default", {
      method: "POST",
      body: {
        workflow: {
          metadata: { generateName: "ui-live-" },
          spec: {
            entrypoint: "main",
            templates: [{ name: "main", container: { image: "busybox", command: ["true"] } }],
          },
        },
      },
    });
    const name = created.body.metadata.name ?? "";
    const row = list.locator(`tr[data-workflow="${name}"]`);
    await row.waitFor();
    // It keeps updating: the row's status icon turns to Succeeded.
    await row.getByRole("img", { name: "Succeeded" }).waitFor({ timeout: 60_000 });
    expect(await notReloaded(list)).toBe(true);
    await list.close();
  }, 90_000);

  it("shows lint problems of a broken manifest with their lines", async () => {
    const submit = await open("/submit");
    const editor = submit.getByLabel("Workflow manifest (YAML)");
    await editor.fill(`apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: broken-
spec:
  entrypoint: main
  templates:
    - name: main
      container:
        image: busybox
      steps: []
`);
    const problem = submit.locator(".lint-problem", { hasText: "multiple template types" });
    await problem.waitFor();
    expect(await problem.locator(".lint-path").textContent()).toMatch(/^spec\.templates\[0\]/);
    expect(await problem.getByRole("button", { name: /^line \d+$/ }).textContent()).toMatch(/line (8|11)/);
    // A YAML syntax error is reported by the page itself, with its line.
    await editor.fill("kind: Workflow\nspec: [unclosed\n");
    await submit.locator(".lint-problem").first().waitFor();
    expect(await submit.locator(".lint-problem").first().getByRole("button").textContent()).toMatch(
      /line \d/,
    );
    expect(await submit.getByText("The manifest is valid.").count()).toBe(0);
    await submit.close();
  }, 60_000);
});
