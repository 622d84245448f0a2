/**
 * An EventSource's or Sensor's log: its journal streamed live (the server's last 200 entries, then
 * each new one), newest at the bottom. Each row shows the time, the level (coloured), the
 * dependency / trigger / event it is about and the message. A filter box and, for sensors, a
 * trigger choice narrow it on the client. The stream is closed on error or unmount instead of
 * reconnecting (a reconnect would replay the backlog); "Reconnect" starts over on request.
 */
import { useCallback, useId, useMemo, useRef, useState } from "react";
import { type EventKind, eventLogUrl, type JournalEntry } from "../../api/events.js";
import { parseMessage } from "../../api/stream.js";
import { useEventStream } from "../../components/use-event-stream.js";
import { VirtualList } from "../../components/virtual-list.js";
import { formatTime } from "../../util/time.js";
import { entryMatches } from "./events-model.js";
import "./events.css";

const maxEntries = 20_000;
const rowHeight = 24;

/** `14:03:07.123` in local time. */
function clock(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

function Row({ e }: { e: JournalEntry }) {
  return (
    <span className="event-log-row" data-level={e.level} title={e.eventId ? `event ${e.eventId}` : undefined}>
      <time dateTime={e.time} title={formatTime(e.time)} className="event-log-time">
        {clock(e.time)}
      </time>
      <span className="event-log-level">{e.level}</span>
      <span className="event-log-tags">
        {e.eventName ? <span className="event-log-tag">event: {e.eventName}</span> : null}
        {e.dependencyName ? <span className="event-log-tag">dependency: {e.dependencyName}</span> : null}
        {e.triggerName ? <span className="event-log-tag">trigger: {e.triggerName}</span> : null}
      </span>
      <span className="event-log-msg">{e.msg}</span>
    </span>
  );
}

interface LogProps {
  kind: EventKind;
  namespace: string;
  name: string;
  /** A sensor's trigger names, for the trigger choice. */
  triggers?: string[];
}

function LogStream({ kind, namespace, name, triggers, onReconnect }: LogProps & { onReconnect: () => void }) {
  const id = useId();
  const [entries, setEntries] = useState<JournalEntry[]>([]);
  const [filter, setFilter] = useState("");
  const [trigger, setTrigger] = useState("");
  const [follow, setFollow] = useState(true);
  const buffer = useRef<JournalEntry[]>([]);
  const onFlush = useCallback(
    (messages: string[]) => {
      const add: JournalEntry[] = [];
      for (const m of messages) {
        try {
          add.push(parseMessage<JournalEntry>(m));
        } catch (e) {
          add.push({
            namespace,
            level: "error",
            time: new Date().toISOString(),
            msg: `[stream] ${e instanceof Error ? e.message : String(e)}`,
          });
        }
      }
      buffer.current = buffer.current.concat(add).slice(-maxEntries);
      setEntries(buffer.current);
    },
    [namespace],
  );
  const stream = useEventStream(eventLogUrl(kind, namespace, name), onFlush, { reconnect: false });
  const shown = useMemo(
    () => (filter || trigger ? entries.filter((e) => entryMatches(e, filter, trigger)) : entries),
    [entries, filter, trigger],
  );
  const ended = !stream.live && stream.message !== undefined;
  return (
    <div className="logs">
      <search className="logs-toolbar" aria-label="Filter the log">
        <label htmlFor={`${id}-f`} className="sr-only">
          Filter log entries
        </label>
        <input
          id={`${id}-f`}
          type="search"
          placeholder="Filter entries"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        {triggers?.length ? (
          <>
            <label htmlFor={`${id}-t`}>Trigger</label>
            <select id={`${id}-t`} value={trigger} onChange={(e) => setTrigger(e.target.value)}>
              <option value="">All</option>
              {triggers.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </>
        ) : null}
        <label className="inline">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} />
          Follow
        </label>
        <span className="muted" aria-live="polite">
          {shown.length === entries.length
            ? `${entries.length} entries`
            : `${shown.length} of ${entries.length} entries`}
          {stream.live ? " · streaming" : ended ? " · stream ended" : " · connecting…"}
        </span>
        {ended ? (
          <button type="button" className="small" onClick={onReconnect}>
            Reconnect
          </button>
        ) : null}
      </search>
      {shown.length === 0 ? (
        <p className="empty">
          {entries.length ? "No entries match." : ended ? "No log entries." : "Waiting for log entries…"}
        </p>
      ) : (
        // As tall as the entries, up to most of the window; the list scrolls beyond that.
        <div className="event-log-frame" style={{ height: `calc(${shown.length * rowHeight + 2}px + 1rem)` }}>
          <VirtualList
            className="log-lines event-log"
            label={`Log of ${name}`}
            role="log"
            count={shown.length}
            rowHeight={rowHeight}
            stickToEnd={follow}
            renderRow={(i) => <Row e={shown[i] as JournalEntry} />}
          />
        </div>
      )}
    </div>
  );
}

export function EventLog(props: LogProps) {
  const [attempt, setAttempt] = useState(0);
  return <LogStream key={attempt} {...props} onReconnect={() => setAttempt((a) => a + 1)} />;
}
