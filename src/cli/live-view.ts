/**
 * A live `argo get` view on a terminal: redraws the text in place at most a few times a second,
 * and once more at the end. The text comes from `render` (the get view by default).
 */
import type { Workflow } from "../spec/types.js";
import { renderGet } from "./render-get.js";

export interface LiveOut {
  write(text: string): unknown;
  columns?: number;
}

export class LiveView {
  private lines = 0;
  private last = 0;
  private timer: NodeJS.Timeout | undefined;
  private latest: Workflow | undefined;

  constructor(
    private readonly out: LiveOut,
    private readonly intervalMs = 200,
    private readonly render: (wf: Workflow) => string = (wf) => renderGet(wf),
  ) {}

  update(wf: Workflow): void {
    this.latest = wf;
    const wait = this.last + this.intervalMs - Date.now();
    if (wait <= 0) {
      this.draw();
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.draw();
    }, wait);
  }

  /** Redraws the latest state now (e.g. so durations tick). */
  refresh(): void {
    this.draw();
  }

  /** Draws the final state and stops. */
  finish(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.draw();
  }

  private draw(): void {
    if (!this.latest) return;
    this.last = Date.now();
    const text = this.render(this.latest);
    const columns = this.out.columns || 200;
    const rows = text
      .trimEnd()
      .split("\n")
      .map((l) => ([...l].length > columns ? [...l].slice(0, columns).join("") : l));
    const clear = this.lines > 0 ? `\x1b[${this.lines}A\x1b[0J` : "";
    this.out.write(`${clear}${rows.join("\n")}\n`);
    this.lines = rows.length;
  }
}
