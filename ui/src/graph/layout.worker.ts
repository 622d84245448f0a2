/**
 * The layout worker: runs {@link layoutGraph} off the main thread, so laying out 10,000 nodes
 * never blocks scrolling, typing or the live updates. Arrays travel as transferables (no copies).
 */
import { type LayoutInput, type LayoutResult, layoutGraph } from "./layout.js";

export interface LayoutRequest {
  id: number;
  input: LayoutInput;
}

export type LayoutReply = { id: number; result: LayoutResult } | { id: number; error: string };

/** The arrays of a result, to hand over instead of copying. */
export function transferablesOf(r: LayoutResult): ArrayBuffer[] {
  return [
    r.x,
    r.y,
    r.width,
    r.height,
    r.rank,
    r.rankOrder,
    r.rankStart,
    r.edgePoints,
    r.edgeStart,
    r.edgeSrc,
    r.edgeDst,
  ].map((a) => a.buffer as ArrayBuffer);
}

const scope = globalThis as unknown as {
  addEventListener(type: "message", listener: (e: MessageEvent<LayoutRequest>) => void): void;
  postMessage(message: LayoutReply, transfer: Transferable[]): void;
};

scope.addEventListener("message", (e) => {
  const { id, input } = e.data;
  try {
    const result = layoutGraph(input);
    scope.postMessage({ id, result }, transferablesOf(result));
  } catch (err) {
    scope.postMessage({ id, error: err instanceof Error ? err.message : String(err) }, []);
  }
});
