/**
 * `#/event-sources/{ns}/{name}` and `#/sensors/{ns}/{name}`: an EventSource's sources or a
 * Sensor's dependencies and triggers, its live log (why an event was published, filtered out,
 * held or triggered), the manifest as YAML, and Delete.
 */
import { useState } from "react";
import {
  deleteEventObject,
  type EventKind,
  type EventObject,
  type EventSource,
  getEventObject,
  type Sensor,
} from "../../api/events.js";
import { ConfirmDialog } from "../../components/confirm-dialog.js";
import { type DetailRow, Details, Labels } from "../../components/details.js";
import { Empty, PageHeader } from "../../components/page-header.js";
import { Time } from "../../components/time.js";
import { useAsync } from "../../components/use-async.js";
import { YamlView } from "../../components/yaml-view.js";
import { reportError } from "../../errors.js";
import { navigate } from "../../router.js";
import { EventLog } from "./event-log.js";
import { dependenciesOf, kindName, kindTitle, sourcesOf, triggersOf } from "./events-model.js";

/** What one source entry listens to, where that is short to say (webhook address, schedule). */
function entryDetail(type: string, entry: unknown): string {
  const e = (entry ?? {}) as Record<string, unknown>;
  if (type === "webhook" && e.port !== undefined)
    return `${String(e.method ?? "POST")} :${String(e.port)}${String(e.endpoint ?? "")}`;
  if (type === "calendar") return String(e.schedule ?? (e.interval ? `every ${String(e.interval)}` : ""));
  return "";
}

function sourceRows(es: EventSource): DetailRow[] {
  return [
    [
      "Events",
      <table key="s" className="table compact events-table">
        <caption className="sr-only">Events this source publishes</caption>
        <thead>
          <tr>
            <th scope="col">Type</th>
            <th scope="col">Event name</th>
            <th scope="col">Listens to</th>
          </tr>
        </thead>
        <tbody>
          {sourcesOf(es).flatMap((s) =>
            s.events.map((ev) => (
              <tr key={`${s.type}/${ev}`}>
                <td>{s.type}</td>
                <td>
                  <code>{ev}</code>
                </td>
                <td>{entryDetail(s.type, (es.spec[s.type] as Record<string, unknown>)[ev])}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>,
    ],
  ];
}

function sensorRows(s: Sensor): DetailRow[] {
  return [
    [
      "Dependencies",
      <table key="d" className="table compact events-table">
        <caption className="sr-only">Dependencies</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Event</th>
            <th scope="col">Filters</th>
          </tr>
        </thead>
        <tbody>
          {dependenciesOf(s).map((d) => (
            <tr key={d.name}>
              <td>{d.name}</td>
              <td>
                <code>{d.source}</code>
              </td>
              <td>{d.filters.join(", ") || <span className="muted">none</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>,
    ],
    [
      "Triggers",
      <table key="t" className="table compact events-table">
        <caption className="sr-only">Triggers</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Kind</th>
            <th scope="col">Conditions</th>
          </tr>
        </thead>
        <tbody>
          {triggersOf(s).map((t) => (
            <tr key={t.name}>
              <td>{t.name}</td>
              <td>{t.kind}</td>
              <td>
                {t.conditions ? <code>{t.conditions}</code> : <span className="muted">all dependencies</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>,
    ],
  ];
}

function conditionsOf(o: EventObject): string | undefined {
  const list = (o.status as { conditions?: unknown } | undefined)?.conditions;
  if (!Array.isArray(list) || list.length === 0) return undefined;
  return list
    .map((c: { type?: string; status?: string; message?: string }) => `${c.type}: ${c.message || c.status}`)
    .join("; ");
}

export function EventObjectPage({
  kind,
  namespace,
  name,
}: {
  kind: EventKind;
  namespace: string;
  name: string;
}) {
  const obj = useAsync(
    (s) => getEventObject(kind, namespace, name, s),
    [kind, namespace, name],
    `Loading ${name}`,
  );
  const [deleting, setDeleting] = useState(false);
  const o = obj.data;
  const sensor = kind === "sensors";
  const header = (
    <PageHeader
      title={name}
      crumbs={[{ label: kindTitle(kind), href: `#/${kind}` }, { label: namespace }]}
      actions={
        <button type="button" className="danger-outline" disabled={!o} onClick={() => setDeleting(true)}>
          Delete
        </button>
      }
    />
  );
  if (!o)
    return (
      <>
        {header}
        <Empty>{obj.loading ? "Loading…" : `This ${kindName(kind)} could not be loaded.`}</Empty>
      </>
    );
  return (
    <>
      {header}
      <section className="panel" aria-label="Summary">
        <Details
          rows={[
            ["Namespace", o.metadata.namespace],
            ["Created", <Time key="c" iso={o.metadata.creationTimestamp} />],
            ["Event bus", o.spec?.eventBusName || "default"],
            ...(sensor ? sensorRows(o as Sensor) : sourceRows(o as EventSource)),
            ["Conditions", conditionsOf(o)],
            ["Labels", o.metadata.labels ? <Labels key="l" labels={o.metadata.labels} /> : undefined],
          ]}
        />
      </section>
      <section aria-label="Log">
        <h2>Log</h2>
        <EventLog
          kind={kind}
          namespace={namespace}
          name={name}
          {...(sensor ? { triggers: triggersOf(o as Sensor).map((t) => t.name) } : {})}
        />
      </section>
      <section aria-label="Manifest">
        <h2>Manifest</h2>
        <YamlView value={o} label={`${kindName(kind)} ${name} as YAML`} />
      </section>
      <ConfirmDialog
        open={deleting}
        title={`Delete ${name}`}
        confirmLabel="Delete"
        danger
        onClose={() => setDeleting(false)}
        onConfirm={async () => {
          try {
            await deleteEventObject(kind, namespace, name);
            navigate(`#/${kind}`);
          } catch (e) {
            reportError(`Deleting ${name}`, e);
          }
        }}
      >
        <p>
          Delete {kindName(kind)} <strong>{name}</strong>?{" "}
          {sensor
            ? "It stops listening and forgets the events its triggers were holding."
            : "It stops listening; sensors that depend on it get no more events from it."}
        </p>
      </ConfirmDialog>
    </>
  );
}
