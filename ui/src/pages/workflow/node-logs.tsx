/**
 * A pod's log, streamed live (`logOptions.follow=true`) over SSE: a container choice, a follow
 * toggle (stay at the newest line), and a filter that keeps matching lines. Lines are appended in
 * batches at most five times a second and drawn virtualised, so long logs stay cheap.
 */
import { useCallback, useId, useMemo, useRef, useState } from "react";
import { parseMessage } from "../../api/stream.js";
import { logUrl } from "../../api/workflows.js";
import { useEventStream } from "../../components/use-event-stream.js";
import { VirtualList } from "../../components/virtual-list.js";
import type { LogEntry, NodeStatus, Workflow } from "../../types.js";
import { isCompleted } from "../../util/phase.js";
import { podNameFor } from "../../util/pod-name.js";
import { templateOf } from "./node-template.js";

const maxLines = 200_000;

export function NodeLogs({ workflow, node }: { workflow: Workflow; node: NodeStatus }) {
  const id = useId();
  const name = workflow.metadata.name ?? "";
  const podName = podNameFor(name, node);
  const template = templateOf(workflow, node);
  const containers = ["main", ...(template?.sidecars ?? []).map((s) => s.name ?? "").filter(Boolean)];
  const [container, setContainer] = useState("main");
  const [follow, setFollow] = useState(true);
  const [filter, setFilter] = useState("");
  const [lines, setLines] = useState<string[]>([]);
  const buffer = useRef<string[]>([]);

  const onFlush = useCallback((messages: string[]) => {
    const add: string[] = [];
    for (const m of messages) {
      try {
        add.push(...parseMessage<LogEntry>(m).content.split("\n"));
      } catch (e) {
        add.push(`[error] ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    buffer.current = buffer.current.concat(add).slice(-maxLines);
    setLines(buffer.current);
  }, []);
  const running = !isCompleted(node.phase);
  const url = logUrl(workflow.metadata.namespace ?? "", name, { podName, container, follow: true });
  const stream = useEventStream(url, onFlush, { reconnect: false });
  const shown = useMemo(() => {
    if (!filter) return lines;
    const f = filter.toLowerCase();
    return lines.filter((l) => l.toLowerCase().includes(f));
  }, [lines, filter]);

  return (
    <div className="logs">
      <div className="logs-toolbar">
        {containers.length > 1 ? (
          <>
            <label htmlFor={`${id}-c`}>Container</label>
            <select
              id={`${id}-c`}
              value={container}
              onChange={(e) => {
                buffer.current = [];
                setLines([]);
                setContainer(e.target.value);
              }}
            >
              {containers.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </>
        ) : null}
        <label htmlFor={`${id}-f`} className="sr-only">
          Filter log lines
        </label>
        <input
          id={`${id}-f`}
          type="search"
          placeholder="Filter lines"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        <label className="inline">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} />
          Follow
        </label>
        <span className="muted" aria-live="polite">
          {filter ? `${shown.length} of ${lines.length} lines` : `${lines.length} lines`}
          {stream.live
            ? running
              ? " · streaming"
              : ""
            : stream.message
              ? " · end of log"
              : " · connecting…"}
        </span>
      </div>
      {shown.length === 0 ? (
        <p className="empty">{stream.live || !stream.message ? "Waiting for log lines…" : "No log lines."}</p>
      ) : (
        <VirtualList
          className="log-lines"
          label={`Log of ${podName}`}
          role="log"
          count={shown.length}
          rowHeight={20}
          stickToEnd={follow}
          renderRow={(i) => <span className="log-line">{shown[i]}</span>}
        />
      )}
    </div>
  );
}
