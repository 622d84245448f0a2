/**
 * `#/event-sources` and `#/sensors`: the namespace's EventSources (what each runs, e.g.
 * `webhook(push)`) and Sensors (dependencies `eventSourceName/eventName`, triggers and their
 * kinds), kept live by the watch stream.
 */
import type { EventKind, EventObject, EventSource, Sensor } from "../../api/events.js";
import { LiveState } from "../../components/live-state.js";
import { Empty, PageHeader } from "../../components/page-header.js";
import { Time } from "../../components/time.js";
import { useNamespace } from "../../namespace.js";
import { href } from "../../router.js";
import { dependenciesOf, keyOf, kindTitle, sourcesOf, triggersOf } from "./events-model.js";
import { useLiveObjects } from "./use-live-objects.js";

export const objectHref = (kind: EventKind, o: EventObject) =>
  href([kind, o.metadata.namespace ?? "", o.metadata.name ?? ""]);

function SourceCells({ es }: { es: EventSource }) {
  const sources = sourcesOf(es);
  return (
    <td>
      {sources.length ? (
        <ul className="chips" aria-label="sources">
          {sources.map((s) => (
            <li key={s.type} className="chip">
              {s.type}
              <span className="chip-key">({s.events.join(",")})</span>
            </li>
          ))}
        </ul>
      ) : (
        <span className="muted">none</span>
      )}
    </td>
  );
}

function SensorCells({ sensor }: { sensor: Sensor }) {
  return (
    <>
      <td>
        <ul className="chips" aria-label="dependencies">
          {dependenciesOf(sensor).map((d) => (
            <li key={d.name} className="chip" title={`dependency ${d.name}`}>
              {d.source}
            </li>
          ))}
        </ul>
      </td>
      <td>
        <ul className="chips" aria-label="triggers">
          {triggersOf(sensor).map((t) => (
            <li key={t.name} className="chip">
              {t.name} <span className="chip-key">{t.kind}</span>
            </li>
          ))}
        </ul>
      </td>
    </>
  );
}

export function EventListPage({ kind }: { kind: EventKind }) {
  const namespace = useNamespace();
  const { items, loading, stream } = useLiveObjects(kind, namespace);
  const sensors = kind === "sensors";
  const title = kindTitle(kind);
  return (
    <>
      <PageHeader
        title={title}
        aside={namespace ? <LiveState live={stream.live} message={stream.message} /> : undefined}
      />
      {items.length === 0 ? (
        <Empty>
          {loading
            ? "Loading…"
            : `No ${title.toLowerCase()} ${namespace ? `in namespace ${namespace}` : "in any namespace"}.`}{" "}
          {loading ? null : (
            <span className="muted">
              Create one with <code>argosy {sensors ? "sensor" : "eventsource"} create FILE</code>.
            </span>
          )}
        </Empty>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="sr-only">{title}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Namespace</th>
                <th scope="col">Created</th>
                {sensors ? (
                  <>
                    <th scope="col">Dependencies</th>
                    <th scope="col">Triggers</th>
                  </>
                ) : (
                  <th scope="col">Event sources</th>
                )}
              </tr>
            </thead>
            <tbody>
              {items.map((o) => (
                <tr key={keyOf(o)}>
                  <td className="name">
                    <a href={objectHref(kind, o)}>{o.metadata.name}</a>
                  </td>
                  <td>{o.metadata.namespace}</td>
                  <td>
                    <Time iso={o.metadata.creationTimestamp} />
                  </td>
                  {sensors ? <SensorCells sensor={o as Sensor} /> : <SourceCells es={o as EventSource} />}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
