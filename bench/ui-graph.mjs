#!/usr/bin/env node
// ui-graph: the workflow graph of a finished 10,000-pod workflow in a real chromium.
//   Puts a Succeeded workflow in Argo's exact shape (Steps root → StepGroup → 10,000 `print(i:i)`
//   pods, ids `<wf>-<fnv32a(name)>`) into a fresh store, starts `bin/argosy server` on it, opens
//   `#/workflows/default/<wf>` and reports: time to the graph's first frame (from navigation start,
//   from the component's mount, and on this process's clock), click → selection drawn, and with
//   every group expanded (10,002 boxes): expand → first frame, layout time, draw time of a frame,
//   click → selection drawn. Needs `npm run build` (dist/ and ui/dist). Prints one JSON line.
// Usage: node bench/ui-graph.mjs [--pods 10000] [--json FILE]
import { spawn } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const pods = Number(opt("pods") ?? 10_000);
if (!existsSync(join(root, "ui/dist/index.html")) || !existsSync(join(root, "dist/store/index.js"))) {
  console.error("ui-graph: run `npm run build` first (needs dist/ and ui/dist/)");
  process.exit(2);
}
const { openSqliteStore } = await import(join(root, "dist/store/index.js"));
const { fnv32a } = await import(join(root, "dist/engine/index.js"));
const { chromium } = await import("playwright-core");

/** A finished `withSequence` loop of `count` pods, as Argo's controller would have left it. */
function loopWorkflow(wf, count) {
  const id = (name) => (name === wf ? wf : `${wf}-${fnv32a(name)}`);
  const t0 = Date.parse("2024-05-01T10:00:00Z");
  const at = (s) => new Date(t0 + s * 1000).toISOString().replace(/\.\d+Z$/, "Z");
  const nodes = {};
  const group = id(`${wf}[0]`);
  const podIds = [];
  for (let i = 0; i < count; i++) {
    const name = `${wf}[0].print(${i}:${i})`;
    const pid = id(name);
    podIds.push(pid);
    nodes[pid] = {
      id: pid,
      name,
      displayName: `print(${i}:${i})`,
      type: "Pod",
      templateName: "print",
      templateScope: "local/",
      phase: "Succeeded",
      boundaryID: wf,
      startedAt: at(1 + (i % 60)),
      finishedAt: at(5 + (i % 60)),
      progress: "1/1",
      inputs: { parameters: [{ name: "i", value: String(i) }] },
      outputs: { exitCode: "0" },
      hostNodeName: "localhost",
    };
  }
  nodes[wf] = {
    id: wf,
    name: wf,
    displayName: wf,
    type: "Steps",
    templateName: "main",
    templateScope: "local/",
    phase: "Succeeded",
    startedAt: at(0),
    finishedAt: at(70),
    progress: `${count}/${count}`,
    children: [group],
    outboundNodes: podIds,
  };
  nodes[group] = {
    id: group,
    name: `${wf}[0]`,
    displayName: "[0]",
    type: "StepGroup",
    templateScope: "local/",
    phase: "Succeeded",
    boundaryID: wf,
    startedAt: at(0),
    finishedAt: at(70),
    progress: `${count}/${count}`,
    children: podIds,
  };
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Workflow",
    metadata: {
      name: wf,
      namespace: "default",
      labels: { "workflows.argoproj.io/completed": "true", "workflows.argoproj.io/phase": "Succeeded" },
    },
    spec: {
      entrypoint: "main",
      templates: [
        {
          name: "main",
          steps: [
            [
              {
                name: "print",
                template: "print",
                arguments: { parameters: [{ name: "i", value: "{{item}}" }] },
                withSequence: { count: String(count) },
              },
            ],
          ],
        },
        {
          name: "print",
          inputs: { parameters: [{ name: "i" }] },
          container: { image: "busybox", command: ["echo", "{{inputs.parameters.i}}"] },
        },
      ],
    },
    status: {
      phase: "Succeeded",
      startedAt: at(0),
      finishedAt: at(70),
      progress: `${count}/${count}`,
      nodes,
    },
  };
}

/** Argo's DAG shape of bench/run.mjs's layered DAG: task (l, i) depends on (l-1, i) and (l-1, (i+1) % width). */
function layeredDagWorkflow(wf, layers, width) {
  const id = (name) => (name === wf ? wf : `${wf}-${fnv32a(name)}`);
  const task = (l, i) => id(`${wf}.t${l}-${i}`);
  const nodes = {};
  for (let l = 0; l < layers; l++) {
    for (let i = 0; i < width; i++) {
      const children =
        l + 1 < layers ? [...new Set([task(l + 1, i), task(l + 1, (i - 1 + width) % width)])] : undefined;
      nodes[task(l, i)] = {
        id: task(l, i),
        name: `${wf}.t${l}-${i}`,
        displayName: `t${l}-${i}`,
        type: "Pod",
        templateName: "noop",
        phase: "Succeeded",
        boundaryID: wf,
        ...(children ? { children } : {}),
      };
    }
  }
  const range = (l) => Array.from({ length: width }, (_, i) => task(l, i));
  nodes[wf] = {
    id: wf,
    name: wf,
    displayName: wf,
    type: "DAG",
    templateName: "main",
    phase: "Succeeded",
    children: range(0),
    outboundNodes: range(layers - 1),
  };
  const wfObj = loopWorkflow(wf, 0);
  wfObj.status.nodes = nodes;
  wfObj.status.progress = `${layers * width}/${layers * width}`;
  return wfObj;
}

function startServer(home) {
  const proc = spawn(join(root, "bin", "argosy"), ["server", "--port", "0"], {
    cwd: root,
    env: { ...process.env, ARGOSY_HOME: home },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${text}`)), 60_000);
    const onData = (d) => {
      text += d;
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(text);
      if (!m) return;
      clearTimeout(timer);
      resolve({ proc, url: m[1] });
    };
    proc.stdout.on("data", onData);
    proc.stderr.on("data", onData);
    proc.once("exit", (code) => reject(new Error(`server exited with ${code}:\n${text}`)));
  });
}

/** A page that records the graph's first-paint event. */
async function newGraphPage(browser) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(60_000);
  await page.addInitScript(() => {
    window.addEventListener("argosy-graph-painted", (e) => {
      window.__painted = { ...e.detail, eventAt: performance.now() };
    });
  });
  return page;
}

/** Opens a workflow's page and waits for the graph's first frame; the figures of that first paint. */
async function firstPaint(page, url, name, expectLaidOut) {
  const t0 = performance.now();
  await page.goto(`${url}/#/workflows/default/${name}`);
  await page.waitForFunction(() => window.__painted !== undefined, undefined, { polling: "raf" });
  const testClock = performance.now() - t0;
  const painted = await page.evaluate(() => window.__painted);
  const graph = page.getByTestId("workflow-graph");
  const fetched = await page.evaluate(
    (n) =>
      performance
        .getEntriesByType("resource")
        .map((r) => ({ name: r.name, duration: r.duration, size: r.encodedBodySize }))
        .find((r) => r.name.includes(`/api/v1/workflows/default/${n}`) && !r.name.includes("watch")),
    name,
  );
  const laidOut = Number(await graph.getAttribute("data-nodes-laid-out"));
  if (expectLaidOut !== undefined && laidOut !== expectLaidOut)
    throw new Error(`${name}: ${laidOut} nodes laid out`);
  return {
    fromNavigationMs: +painted.at.toFixed(1),
    fromMountMs: +painted.firstPaintMs.toFixed(1),
    testClockMs: Math.round(testClock),
    nodesLaidOut: laidOut,
    nodesDrawn: painted.nodesDrawn,
    layoutMs: Number(await graph.getAttribute("data-layout-ms")),
    drawMs: Number(await graph.getAttribute("data-draw-ms")),
    getWorkflowMs: fetched ? Math.round(fetched.duration) : undefined,
    getWorkflowBytes: fetched?.size,
  };
}

/** Clicks the node `id` for real and waits until a frame shows it selected; ms in the page and here. */
async function clickAndWaitSelected(page, id) {
  const graph = page.getByTestId("workflow-graph");
  const pos = await graph.evaluate((el, nodeId) => el.argosyGraph.positionOf(nodeId), id);
  if (!pos) throw new Error(`node ${id} is not laid out`);
  await page.evaluate((nodeId) => {
    window.__selection = new Promise((resolve) => {
      const el = document.querySelector('[data-testid="workflow-graph"]');
      let downAt = 0;
      window.addEventListener("pointerdown", () => (downAt = performance.now()), {
        capture: true,
        once: true,
      });
      new MutationObserver((_, obs) => {
        if (el.dataset.selectedDrawn === nodeId) {
          obs.disconnect();
          resolve(performance.now() - downAt);
        }
      }).observe(el, { attributes: true, attributeFilter: ["data-selected-drawn"] });
    });
  }, id);
  const t = performance.now();
  await page.mouse.click(pos.x, pos.y);
  const inPage = await page.evaluate(() =>
    Promise.race([
      window.__selection,
      new Promise((_, reject) => setTimeout(() => reject(new Error("selection not drawn")), 20_000)),
    ]),
  );
  return { inPageMs: +inPage.toFixed(1), testClockMs: Math.round(performance.now() - t) };
}

const home = await mkdtemp(join(tmpdir(), "argosy-bench-ui-"));
const wfName = `graph-${pods}`;
const dagName = "dag-100x100";
const store = openSqliteStore({ path: join(home, "argosy.db") });
await store.create(loopWorkflow(wfName, pods));
await store.create(layeredDagWorkflow(dagName, 100, 100));
await store.close();
const server = await startServer(home);
const browser = await chromium.launch({
  executablePath: process.env.ARGOSY_CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
const result = { bench: "ui-graph", pods, nodes: pods + 2 };
try {
  const page = await newGraphPage(browser);
  result.firstPaint = await firstPaint(page, server.url, wfName, 5);
  const graph = page.getByTestId("workflow-graph");
  const firstPod = `${wfName}-${fnv32a(`${wfName}[0].print(0:0)`)}`;
  result.clickCollapsed = await clickAndWaitSelected(page, firstPod);
  // Every group open: 10,002 boxes in one layout.
  const t1 = performance.now();
  await page.evaluate((all) => {
    const el = document.querySelector('[data-testid="workflow-graph"]');
    window.__expanded = new Promise((resolve) => {
      const start = performance.now();
      new MutationObserver((_, obs) => {
        if (el.dataset.nodesLaidOut === String(all)) {
          obs.disconnect();
          resolve({ ms: performance.now() - start, drawn: Number(el.dataset.nodesDrawn) });
        }
      }).observe(el, { attributes: true, attributeFilter: ["data-draw-ms"] });
    });
  }, pods + 2);
  await page.getByRole("button", { name: "Expand all groups" }).click();
  const expanded = await page.evaluate(() => window.__expanded);
  await graph.evaluate(
    (el) => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(el)))),
  );
  result.expandAll = {
    inPageMs: +expanded.ms.toFixed(1),
    testClockMs: Math.round(performance.now() - t1),
    layoutMs: Number(await graph.getAttribute("data-layout-ms")),
    nodesLaidOut: Number(await graph.getAttribute("data-nodes-laid-out")),
    nodesDrawn: Number(await graph.getAttribute("data-nodes-drawn")),
    drawMs: Number(await graph.getAttribute("data-draw-ms")),
  };
  // The whole 10,002-node graph in one frame.
  await page.getByRole("button", { name: "Fit graph to screen" }).click();
  await graph.evaluate(
    (el) => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(el)))),
  );
  result.expandAll.fitNodesDrawn = Number(await graph.getAttribute("data-nodes-drawn"));
  result.expandAll.fitDrawMs = Number(await graph.getAttribute("data-draw-ms"));
  // Zoom in on the loop's middle pod with the wheel, aiming at it as a user would, then click it.
  const half = Math.floor(pods / 2);
  const target = `${wfName}-${fnv32a(`${wfName}[0].print(${half}:${half})`)}`;
  for (let i = 0; i < 40 && Number(await graph.getAttribute("data-zoom")) < 0.9; i++) {
    const p = await graph.evaluate((el, id) => el.argosyGraph.positionOf(id), target);
    await page.mouse.move(p.x, p.y);
    await page.mouse.wheel(0, -400);
    await graph.evaluate((el) => new Promise((r) => requestAnimationFrame(() => r(el))));
  }
  result.expandAll.zoomedDrawMs = Number(await graph.getAttribute("data-draw-ms"));
  result.clickExpanded = await clickAndWaitSelected(page, target);
  result.clickExpanded.nodesDrawn = Number(await graph.getAttribute("data-nodes-drawn"));

  // A 100 × 100 DAG: nothing to collapse, all 10,001 boxes in the first layout (a fresh page).
  result.dag100x100FirstPaint = await firstPaint(await newGraphPage(browser), server.url, dagName, 10_001);
} finally {
  await browser.close();
  server.proc.kill("SIGTERM");
  await new Promise((r) => server.proc.once("exit", r));
  await rm(home, { recursive: true, force: true });
}
console.log(JSON.stringify(result));
const json = opt("json");
if (json) writeFileSync(json, JSON.stringify(result, null, 2));
