/**
 * The main thread's side of the layout worker. One worker serves the whole page (it holds no
 * state between requests), started on first use or ahead of time with
 * {@link prewarmLayoutWorker} — booting a worker costs a few hundred milliseconds on a busy
 * machine, better spent while the workflow is still downloading. Small graphs skip the round trip
 * (see {@link INLINE_LAYOUT_MAX}). Where a worker cannot start (no module workers, a page that
 * blocks them) or dies, the same function runs on the main thread, so the graph still appears.
 */
import { type LayoutInput, type LayoutResult, layoutGraph } from "./layout.js";
import type { LayoutReply, LayoutRequest } from "./layout.worker.js";

/**
 * Graphs up to this many boxes are laid out on the main thread: that takes well under a
 * millisecond, less than a message to the worker and back. @default 1000
 */
export const INLINE_LAYOUT_MAX = 1000;

interface Waiting {
  resolve: (r: LayoutResult) => void;
  /** A copy of the request, to lay out here if the worker dies. */
  input: LayoutInput;
}

let worker: Worker | undefined;
let failed = false;
let nextId = 1;
const waiting = new Map<number, Waiting>();

function fallBack(): void {
  failed = true;
  worker?.terminate();
  worker = undefined;
  for (const [id, w] of waiting) {
    waiting.delete(id);
    w.resolve(layoutGraph(w.input));
  }
}

function start(): Worker | undefined {
  if (worker || failed || typeof Worker === "undefined") return worker;
  try {
    worker = new Worker(new URL("./layout.worker.ts", import.meta.url), { type: "module" });
    worker.addEventListener("message", (e: MessageEvent<LayoutReply>) => {
      const w = waiting.get(e.data.id);
      if (!w) return;
      waiting.delete(e.data.id);
      w.resolve("result" in e.data ? e.data.result : layoutGraph(w.input));
    });
    worker.addEventListener("error", fallBack);
  } catch {
    failed = true;
  }
  return worker;
}

/** Starts the layout worker now, so the first large graph does not wait for it to boot. */
export function prewarmLayoutWorker(): void {
  start();
}

export class LayoutClient {
  private readonly mine = new Set<number>();

  warm(): void {
    start();
  }

  /** Lays out `input`; its arrays are handed to the worker and must not be used afterwards. */
  layout(input: LayoutInput): Promise<LayoutResult> {
    if (input.width.length <= INLINE_LAYOUT_MAX) return Promise.resolve(layoutGraph(input));
    const w = start();
    if (!w) return new Promise((resolve) => setTimeout(() => resolve(layoutGraph(input)), 0));
    const id = nextId++;
    const keep: LayoutInput = {
      width: input.width.slice(),
      height: input.height.slice(),
      edgeSrc: input.edgeSrc.slice(),
      edgeDst: input.edgeDst.slice(),
    };
    this.mine.add(id);
    return new Promise((resolve) => {
      waiting.set(id, {
        resolve: (r) => {
          this.mine.delete(id);
          resolve(r);
        },
        input: keep,
      });
      const request: LayoutRequest = { id, input };
      w.postMessage(request, [
        input.width.buffer,
        input.height.buffer,
        input.edgeSrc.buffer,
        input.edgeDst.buffer,
      ]);
    });
  }

  /** Forgets this client's unanswered requests (the worker stays for the rest of the page). */
  dispose(): void {
    for (const id of this.mine) waiting.delete(id);
    this.mine.clear();
  }
}
