/**
 * Which workflow events matter to the cron controller. Every workflow commit is a watch event, so
 * this stays cheap: a workflow no cron made is read once and then ignored; a cron's child is
 * re-read on each change (one row) and its cron is synced only when the child appears, finishes
 * (or stops being finished) or is deleted — not on every reconcile turn of a running child.
 */
import type { Workflow } from "../../spec/types.js";
import type { Store, WatchEvent } from "../../store/types.js";
import type { KeyedQueue } from "./keyed-queue.js";
import { cronKey, labelCronWorkflow } from "./types.js";

interface Known {
  cron: string;
  finished: boolean;
}

const isFinished = (wf: Workflow): boolean =>
  ["Succeeded", "Failed", "Error"].includes(wf.status?.phase ?? "");

export class ChildWatch {
  /** Workflow `ns/name` → its cron and whether it had finished, or null when no cron made it. */
  private readonly known = new Map<string, Known | null>();

  constructor(
    private readonly store: Store,
    private readonly queue: KeyedQueue,
    /** Called with the cron key whose children changed. */
    private readonly changed: (cronKey: string) => void,
  ) {}

  handle(e: WatchEvent): void {
    const wfKey = `${e.namespace}/${e.name}`;
    if (e.type === "DELETED") {
      this.known.delete(wfKey);
      const cron = e.object?.metadata.labels?.[labelCronWorkflow];
      if (typeof cron === "string") this.changed(cronKey(e.namespace, cron));
      return;
    }
    if (this.known.get(wfKey) === null) return;
    this.queue.add(`Workflow:${wfKey}`, "check", () => this.check(wfKey, e.namespace, e.name));
  }

  private async check(wfKey: string, namespace: string, name: string): Promise<void> {
    const wf = await this.store.get<Workflow>("Workflow", namespace, name);
    if (!wf) return;
    const label = wf.metadata.labels?.[labelCronWorkflow];
    if (!label) {
      this.known.set(wfKey, null);
      return;
    }
    const now: Known = { cron: cronKey(namespace, label), finished: isFinished(wf) };
    const before = this.known.get(wfKey);
    this.known.set(wfKey, now);
    if (!before || before.finished !== now.finished || before.cron !== now.cron) this.changed(now.cron);
  }
}
