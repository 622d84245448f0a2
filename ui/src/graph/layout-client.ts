/**
 * The main thread's side of the layout worker: one worker per graph, requests answered in order
 * by id. Where a worker cannot start (a browser without module workers, a test page that blocks
 * them) the same function runs on the main thread after a tick, so the graph still appears.
 */
import { type LayoutInput, type LayoutResult, layoutGraph } from "./layout.js";
import type { LayoutReply, LayoutRequest } from "./layout.worker.js";

export class LayoutClient {
  private worker: Worker | undefined;
  private failed = false;
  private next = 1;
  private readonly waiting = new Map<number, { resolve: (r: LayoutResult) => void; input: LayoutInput }>();

  private start(): Worker | undefined {
    if (this.worker || this.failed) return this.worker;
    try {
      this.worker = new Worker(new URL("./layout.worker.ts", import.meta.url), { type: "module" });
      this.worker.addEventListener("message", (e: MessageEvent<LayoutReply>) => this.answer(e.data));
      this.worker.addEventListener("error", () => this.fallBack());
    } catch {
      this.failed = true;
    }
    return this.worker;
  }

  private answer(reply: LayoutReply): void {
    const w = this.waiting.get(reply.id);
    if (!w) return;
    this.waiting.delete(reply.id);
    w.resolve("result" in reply ? reply.result : layoutGraph(w.input));
  }

  /** The worker died: answer what it had on this thread, and stop using it. */
  private fallBack(): void {
    this.failed = true;
    this.worker?.terminate();
    this.worker = undefined;
    for (const [id, w] of this.waiting) {
      this.waiting.delete(id);
      w.resolve(layoutGraph(w.input));
    }
  }

  /** Lays out `input`; its arrays are handed to the worker and must not be used afterwards. */
  layout(input: LayoutInput): Promise<LayoutResult> {
    const worker = this.start();
    if (!worker) return new Promise((resolve) => setTimeout(() => resolve(layoutGraph(input)), 0));
    const id = this.next++;
    const keep: LayoutInput = {
      width: input.width.slice(),
      height: input.height.slice(),
      edgeSrc: input.edgeSrc.slice(),
      edgeDst: input.edgeDst.slice(),
    };
    return new Promise((resolve) => {
      this.waiting.set(id, { resolve, input: keep });
      const request: LayoutRequest = { id, input };
      worker.postMessage(request, [
        input.width.buffer,
        input.height.buffer,
        input.edgeSrc.buffer,
        input.edgeDst.buffer,
      ]);
    });
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = undefined;
    this.waiting.clear();
  }
}
