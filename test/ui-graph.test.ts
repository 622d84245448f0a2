/**
 * The workflow graph end to end: a finished 10,000-pod workflow (Argo's shape, written straight
 * into the store — running 10,000 pods would take minutes) served by a real `argosy server`,
 * opened in a real chromium on the workflow's page. Needs the built UI (`npm run build`).
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultStorePath, openSqliteStore } from "../src/store/index.js";
import { loopWorkflow, nodeId } from "../ui/src/graph/testing.js";
import { launchChromium } from "./browser.js";
import { repo } from "./helpers.js";
import { api, type ServerProcess, startServerProcess, waitFor } from "./server-helpers.js";

const WF = "big";
const PODS = 10_000;
const podId = (i: number) => nodeId(WF, `${WF}[0].print(${i}:${i})`);

let home: string;
let server: ServerProcess;
let browser: Browser;
let page: Page;
let graph: Locator;

/** Clicks the centre of a drawn node, aiming with the graph's own positions. */
async function clickNode(id: string): Promise<void> {
  const at = await graph.evaluate(
    (el, nodeId) =>
      (
        el as unknown as { argosyGraph: { positionOf(id: string): { x: number; y: number } | null } }
      ).argosyGraph.positionOf(nodeId),
    id,
  );
  if (!at) throw new Error(`node ${id} is not laid out`);
  await page.mouse.click(at.x, at.y);
}

const announced = () => graph.locator('[role="status"]').textContent();

beforeAll(async () => {
  if (!existsSync(join(repo, "ui", "dist", "index.html")))
    throw new Error("ui/dist is missing: run `npm run build`");
  home = await mkdtemp(join(tmpdir(), "argosy-ui-graph-"));
  const wf = loopWorkflow(WF, PODS);
  wf.metadata.labels = {
    "workflows.argoproj.io/completed": "true",
    "workflows.argoproj.io/phase": "Succeeded",
  };
  const store = openSqliteStore({ path: defaultStorePath(home) });
  await store.create(wf);
  await store.close();
  server = await startServerProcess(home);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(30_000);
  graph = page.getByTestId("workflow-graph");
  await page.goto(`${server.url}/#/workflows/default/${WF}`);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (home) await rm(home, { recursive: true, force: true });
});

describe("the workflow graph of a 10,000-node workflow", () => {
  it("paints, and says what it shows", async () => {
    await expect.poll(async () => Number(await graph.getAttribute("data-nodes-drawn"))).toBeGreaterThan(0);
    // The loop starts collapsed: root, step group, first pod, the "9,998 nodes" box, last pod.
    expect(await graph.getAttribute("data-nodes-laid-out")).toBe("5");
    expect(Number(await graph.getAttribute("data-first-paint-ms"))).toBeGreaterThan(0);
    const canvas = graph.getByRole("img");
    expect(await canvas.getAttribute("aria-label")).toBe(
      "Workflow graph: 10,002 nodes, 10,002 succeeded; 9,998 in collapsed groups",
    );
    expect(await page.getByRole("button", { name: "Expand all groups" }).count()).toBe(1);
    expect(await page.getByRole("button", { name: "Fit graph to screen" }).count()).toBe(1);
  });

  it("selects a node on click: the page's node panel shows it and the live region announces it", async () => {
    await clickNode(podId(0));
    await page.getByText(`${WF}[0].print(0:0)`, { exact: true }).first().waitFor();
    expect(page.url()).toContain(`node=${podId(0)}`);
    await expect.poll(announced).toBe("Selected print(0:0), Succeeded");
    await expect.poll(() => graph.getAttribute("data-selected-drawn")).toBe(podId(0));
  });

  it("expands the collapsed group when its box is clicked", async () => {
    await clickNode(`${nodeId(WF, `${WF}[0]`)}/collapsed`);
    await expect.poll(() => graph.getAttribute("data-nodes-laid-out")).toBe(String(PODS + 2));
    const label = await graph.getByRole("img").getAttribute("aria-label");
    expect(label).toBe("Workflow graph: 10,002 nodes, 10,002 succeeded");
  });

  it("opens the group of a node selected elsewhere (a link) and shows it selected", async () => {
    const other = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    try {
      const id = podId(7777);
      await other.goto(`${server.url}/#/workflows/default/${WF}?node=${id}`);
      const g = other.getByTestId("workflow-graph");
      await expect.poll(() => g.getAttribute("data-selected-drawn"), { timeout: 30_000 }).toBe(id);
      expect(await g.getAttribute("data-nodes-laid-out")).toBe(String(PODS + 2));
    } finally {
      await other.close();
    }
  });

  it("moves between parent, child and sibling with the arrow keys, and selects with Enter", async () => {
    await graph.focus();
    await page.keyboard.press("Home");
    await expect.poll(announced).toMatch(/^big, Steps, Succeeded/);
    await page.keyboard.press("ArrowDown");
    await expect.poll(announced).toMatch(/^\[0\], StepGroup, Succeeded/);
    await page.keyboard.press("ArrowDown");
    await expect.poll(announced).toMatch(/^print\(\d+:\d+\), Pod, Succeeded, template print/);
    const child = Number(/print\((\d+):/.exec((await announced()) ?? "")?.[1]);
    await page.keyboard.press("ArrowRight");
    await expect.poll(announced).toContain(`print(${child + 1}:${child + 1}), Pod`);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.url()).toContain(`node=${podId(child + 1)}`);
    await expect.poll(announced).toBe(`Selected print(${child + 1}:${child + 1}), Succeeded`);
    await page.keyboard.press("ArrowUp");
    await expect.poll(announced).toMatch(/^\[0\], StepGroup/);
  });

  it("highlights the nodes the search matches", async () => {
    await page.getByPlaceholder("Search nodes").fill("print(4242:");
    await expect.poll(() => graph.getAttribute("data-search-matches")).toBe("1");
    await page.getByPlaceholder("Search nodes").fill("");
    await expect.poll(() => graph.getAttribute("data-search-matches")).toBe(null);
  });

  it("paints with the theme's colours, light and dark", async () => {
    // The canvas's top-left pixel is the background it painted, and the theme's --bg there.
    const corner = () =>
      graph.getByRole("img").evaluate((el) => {
        const canvas = el as unknown as {
          getContext(kind: "2d"): {
            getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
          };
        };
        const css = globalThis as unknown as {
          getComputedStyle(e: unknown): { getPropertyValue(name: string): string };
        };
        const [r, g, b] = canvas.getContext("2d").getImageData(4, 4, 1, 1).data;
        const hex = (v = 0) => v.toString(16).padStart(2, "0");
        return {
          pixel: `#${hex(r)}${hex(g)}${hex(b)}`,
          bg: css.getComputedStyle(el).getPropertyValue("--bg").trim(),
        };
      });
    await page.emulateMedia({ colorScheme: "dark" });
    await expect.poll(async () => (await corner()).pixel).toBe("#14181f");
    expect((await corner()).bg).toBe("#14181f");
    await page.emulateMedia({ colorScheme: "light" });
    await expect.poll(async () => (await corner()).pixel).toBe("#ffffff");
  });
});

describe("the workflow graph of a running workflow", () => {
  it("repaints phases and lays out a new step when it appears", async () => {
    // A 25-item loop, then a suspend step: the graph is open while the workflow waits, and the
    // step after the suspend appears only once the test resumes it.
    const live = {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Workflow",
      metadata: { name: "live", namespace: "default" },
      spec: {
        entrypoint: "main",
        templates: [
          {
            name: "main",
            steps: [
              [{ name: "fan", template: "work", withSequence: { count: "25" } }],
              [{ name: "approve", template: "approve" }],
              [{ name: "after", template: "work" }],
            ],
          },
          { name: "work", container: { image: "busybox", command: ["true"] } },
          { name: "approve", suspend: {} },
        ],
      },
    };
    const created = await api(server.url, "/api/v1/workflows/default", {
      method: "POST",
      body: { workflow: live },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    await page.goto(`${server.url}/#/workflows/default/live`);
    const label = () => graph.getByRole("img").getAttribute("aria-label");
    // Waiting at the suspend: root, [0], first pod, "23 nodes", last pod, [1], approve.
    await expect
      .poll(label, { timeout: 60_000 })
      .toBe("Workflow graph: 29 nodes, 3 running, 26 succeeded; 23 in collapsed groups");
    await expect.poll(() => graph.getAttribute("data-nodes-laid-out")).toBe("7");
    const resumed = await api(server.url, "/api/v1/workflows/default/live/resume", {
      method: "PUT",
      body: {},
    });
    expect(resumed.status, JSON.stringify(resumed.body)).toBe(200);
    await waitFor(server.url, "default", "live", (wf) => wf.status?.phase === "Succeeded");
    await expect.poll(() => graph.getAttribute("data-nodes-laid-out")).toBe("9");
    await expect.poll(label).toBe("Workflow graph: 31 nodes, 31 succeeded; 23 in collapsed groups");
  });
});
