/**
 * A live `argo get` view on a terminal: redraws the summary in place at most a few times a
 * second, and once more at the end.
 */
import type { Workflow } from "../spec/types.js";
import { renderGet } from "./render-get.js";

export class LiveView {
  private lines = 0;
  private last = 0;
  private timer: NodeJS.Timeout | undefined;
  private latest: Workflow | undefined;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly intervalMs = 200,
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

  /** Draws the final state and stops. */
  finish(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.draw();
  }

  private draw(): void {
    if (!this.latest) return;
    this.last = Date.now();
    const text = renderGet(this.latest);
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
