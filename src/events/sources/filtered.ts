/**
 * Argo's event source `filter.expression` for the drivers that have no per-message loop of their
 * own (webhook, calendar, file): a context whose `emit` drops an event the expression rejects (or
 * fails on) before the bus, logging why, and resolves as if it was sent, so a webhook still answers
 * `success` as Argo does. The message-queue drivers apply the same `sourceFilter` in their loop.
 */
import type { SourceContext, SourceEntry } from "../types.js";
import { sourceFilter } from "./mq-common.js";

export function withSourceFilter(entry: SourceEntry, context: SourceContext): SourceContext {
  const filter = sourceFilter(entry);
  if (filter === undefined) return context;
  return {
    ...context,
    emit: async (data, options) => {
      let pass = false;
      try {
        pass = filter(data);
      } catch (e) {
        context.log("error", "event source filter failed; event dropped", {
          error: e instanceof Error ? e.message : String(e),
        });
        return { duplicate: false };
      }
      if (!pass) {
        context.log("info", "event dropped by the event source filter");
        return { duplicate: false };
      }
      return context.emit(data, options);
    },
  };
}
