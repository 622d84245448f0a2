/**
 * Start→finish bars of every pod node on one time axis, sorted by start: where a workflow spent
 * its time. Virtualised (only rows in view are drawn), so 10,000 pods scroll smoothly.
 */
import { useMemo } from "react";
import { useNow } from "../../components/use-now.js";
import { VirtualList } from "../../components/virtual-list.js";
import type { NodeStatus, Workflow } from "../../types.js";
import { isCompleted, phaseColor } from "../../util/phase.js";
import { formatDuration } from "../../util/time.js";
import { matchesSearch } from "./node-order.js";

const leafTypes = new Set(["Pod", "Container", "HTTP", "Plugin"]);

/** Timestamps repeat (whole seconds) and Date.parse is slow: remember what was parsed. */
const parsed = new Map<string, number>();
function ms(s: string | undefined): number {
  if (!s) return Number.NaN;
  let t = parsed.get(s);
  if (t === undefined) {
    if (parsed.size > 50_000) parsed.clear();
    t = Date.parse(s);
    parsed.set(s, t);
  }
  return t;
}

/** Axis labels: tenths of a second for short spans (a whole-second duration would repeat). */
const axisLabel = (seconds: number, spanMs: number) =>
  spanMs < 10_000 ? `${seconds.toFixed(1)}s` : formatDuration(seconds);

interface Row {
  node: NodeStatus;
  start: number;
  /** NaN while running. */
  end: number;
}

export function Timeline({
  workflow,
  selectedNodeId,
  onSelect,
  search,
}: {
  workflow: Workflow;
  selectedNodeId?: string | undefined;
  onSelect: (id: string) => void;
  search?: string | undefined;
}) {
  const running = !isCompleted(workflow.status?.phase);
  const now = useNow(running);
  const pods = useMemo(() => {
    const rows: Row[] = [];
    const nodes = workflow.status?.nodes ?? {};
    for (const id in nodes) {
      const node = nodes[id] as NodeStatus;
      const start = ms(node.startedAt);
      if (leafTypes.has(node.type) && !Number.isNaN(start))
        rows.push({ node, start, end: ms(node.finishedAt) });
    }
    return rows.sort((a, b) => a.start - b.start || (a.node.name < b.node.name ? -1 : 1));
  }, [workflow]);
  const shown = useMemo(
    () => (search ? pods.filter((r) => matchesSearch(r.node, search)) : pods),
    [pods, search],
  );
  const start = pods[0]?.start ?? 0;
  const end = useMemo(() => {
    let max = start;
    for (const r of pods) max = Math.max(max, Number.isNaN(r.end) ? now : r.end);
    return max;
  }, [pods, start, now]);
  const span = Math.max(1000, end - start);
  if (shown.length === 0)
    return <p className="empty">{search ? "No pod matches the search." : "No pods have started yet."}</p>;

  const bar = ({ node: n, start: s, end: finished }: Row) => {
    const e = Math.max(s, Number.isNaN(finished) ? now : finished);
    return {
      left: `${((s - start) / span) * 100}%`,
      width: `max(2px, ${((e - s) / span) * 100}%)`,
      background: phaseColor(n.phase),
      title: `${n.displayName}: ${n.phase}, ${formatDuration((e - s) / 1000)}`,
    };
  };
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  return (
    <div className="timeline">
      <div className="timeline-axis" aria-hidden="true">
        <span className="timeline-names">Pod</span>
        <span className="timeline-scale">
          {ticks.map((t) => (
            <span key={t} style={{ left: `${t * 100}%` }}>
              +{axisLabel((span * t) / 1000, span)}
            </span>
          ))}
        </span>
      </div>
      <VirtualList
        label="Timeline of pods"
        role="list"
        count={shown.length}
        rowHeight={26}
        scrollToIndex={shown.findIndex((r) => r.node.id === selectedNodeId)}
        renderRow={(i) => {
          const row = shown[i] as Row;
          const n = row.node;
          const b = bar(row);
          return (
            <button
              type="button"
              className={n.id === selectedNodeId ? "timeline-row selected" : "timeline-row"}
              onClick={() => onSelect(n.id)}
              aria-label={b.title}
              data-node-id={n.id}
            >
              <span className="timeline-names" title={n.name}>
                {n.displayName}
              </span>
              <span className="timeline-scale">
                <span
                  className="timeline-bar"
                  style={{ left: b.left, width: b.width, background: b.background }}
                />
              </span>
            </button>
          );
        }}
      />
    </div>
  );
}
