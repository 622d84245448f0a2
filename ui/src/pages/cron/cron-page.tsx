/**
 * `#/cron-workflows/{ns}/{name}`: a cron workflow's schedules and state, the next run times,
 * its active and recent workflows, the spec as YAML; suspend/resume, submit now, delete.
 */
import { useState } from "react";
import { deleteCronWorkflow, getCronWorkflow, setCronSuspended } from "../../api/resources.js";
import { submitFrom } from "../../api/workflows.js";
import { ConfirmDialog } from "../../components/confirm-dialog.js";
import { Details, Labels } from "../../components/details.js";
import { Empty, PageHeader } from "../../components/page-header.js";
import { RecentWorkflows } from "../../components/recent-workflows.js";
import { Time } from "../../components/time.js";
import { useAsync } from "../../components/use-async.js";
import { YamlView } from "../../components/yaml-view.js";
import { reportError } from "../../errors.js";
import { href, navigate } from "../../router.js";
import { formatTime } from "../../util/time.js";
import { cronStatus, nextRunsOf, schedulesOf } from "./cron-model.js";

/** The wall-clock time of an instant in the cron's time zone, e.g. "02:00 Europe/Paris". */
function inZone(d: Date, zone: string): string {
  try {
    return `${d.toLocaleString(undefined, { timeZone: zone, weekday: "short", hour: "2-digit", minute: "2-digit" })} ${zone}`;
  } catch {
    return zone;
  }
}

export function CronPage({ namespace, name }: { namespace: string; name: string }) {
  const cron = useAsync((s) => getCronWorkflow(namespace, name, s), [namespace, name], `Loading ${name}`);
  const [confirm, setConfirm] = useState<"delete" | "submit">();
  const [busy, setBusy] = useState(false);
  const c = cron.data;
  const suspended = c?.spec?.suspend === true;
  const toggle = async () => {
    setBusy(true);
    try {
      cron.set(await setCronSuspended(namespace, name, !suspended));
    } catch (e) {
      reportError(`${suspended ? "Resuming" : "Suspending"} ${name}`, e);
    } finally {
      setBusy(false);
    }
  };
  const header = (
    <PageHeader
      title={
        <>
          <span>{name}</span>
          {c ? (
            <span className={suspended ? "tag warn" : "tag ok"} data-testid="cron-state">
              {suspended ? "Suspended" : "Active"}
            </span>
          ) : null}
        </>
      }
      crumbs={[{ label: "Cron Workflows", href: "#/cron-workflows" }, { label: namespace }]}
      actions={
        <>
          <button type="button" disabled={!c || busy} onClick={toggle}>
            {suspended ? "Resume" : "Suspend"}
          </button>
          <button type="button" className="primary" disabled={!c} onClick={() => setConfirm("submit")}>
            Submit now
          </button>
          <button type="button" className="danger-outline" disabled={!c} onClick={() => setConfirm("delete")}>
            Delete
          </button>
        </>
      }
    />
  );
  if (!c)
    return (
      <>
        {header}
        <Empty>{cron.loading ? "Loading…" : "This cron workflow could not be loaded."}</Empty>
      </>
    );
  const s = cronStatus(c);
  const next = suspended ? [] : nextRunsOf(c, Date.now(), 5);
  const zone = c.spec.timezone || undefined;
  return (
    <>
      {header}
      <section className="panel" aria-label="Summary">
        <Details
          rows={[
            ["Schedules", <code key="s">{schedulesOf(c).join(", ")}</code>],
            ["Time zone", c.spec.timezone || "the server's"],
            ["Concurrency policy", c.spec.concurrencyPolicy ?? "Allow"],
            [
              "Starting deadline",
              c.spec.startingDeadlineSeconds !== undefined
                ? `${String(c.spec.startingDeadlineSeconds)}s`
                : undefined,
            ],
            ["State", suspended ? "Suspended" : "Active"],
            [
              "Last scheduled",
              s.lastScheduledTime ? (
                <span key="l">
                  <Time iso={s.lastScheduledTime} />{" "}
                  <span className="muted">({formatTime(s.lastScheduledTime)})</span>
                </span>
              ) : (
                "never"
              ),
            ],
            [
              "Next runs",
              suspended ? (
                "none while suspended"
              ) : next === undefined ? (
                <span key="n" className="muted">
                  not computable here for {schedulesOf(c).join(", ")}
                </span>
              ) : (
                <ol key="n" className="compact-list">
                  {next.map((d) => (
                    <li key={d.getTime()}>
                      {formatTime(d.toISOString())}
                      {zone ? <span className="muted"> ({inZone(d, zone)})</span> : null}
                    </li>
                  ))}
                </ol>
              ),
            ],
            ["Succeeded / failed", `${s.succeeded} / ${s.failed}`],
            [
              "Active workflows",
              s.active.length ? (
                <ul key="a" className="compact-list">
                  {s.active.map((r) => (
                    <li key={r.name}>
                      <a href={href(["workflows", r.namespace || namespace, r.name])}>{r.name}</a>
                    </li>
                  ))}
                </ul>
              ) : (
                "none"
              ),
            ],
            [
              "Conditions",
              s.conditions.length
                ? s.conditions.map((x) => `${x.type}: ${x.message ?? x.status}`).join("; ")
                : undefined,
            ],
            ["Labels", c.metadata.labels ? <Labels key="lb" labels={c.metadata.labels} /> : undefined],
          ]}
        />
      </section>
      <RecentWorkflows
        namespace={namespace}
        labelSelector={`workflows.argoproj.io/cron-workflow=${name}`}
        title="Workflows of this cron workflow"
      />
      <section aria-label="Spec">
        <h2>Spec</h2>
        <YamlView value={c} label={`CronWorkflow ${name} as YAML`} />
      </section>
      <ConfirmDialog
        open={confirm !== undefined}
        title={confirm === "delete" ? `Delete ${name}` : `Submit ${name} now`}
        confirmLabel={confirm === "delete" ? "Delete" : "Submit"}
        danger={confirm === "delete"}
        onClose={() => setConfirm(undefined)}
        onConfirm={async () => {
          try {
            if (confirm === "delete") {
              await deleteCronWorkflow(namespace, name);
              navigate("#/cron-workflows");
            } else {
              const wf = await submitFrom({ namespace, kind: "CronWorkflow", name });
              navigate(href(["workflows", wf.metadata.namespace ?? "", wf.metadata.name ?? ""]));
            }
          } catch (e) {
            reportError(`${confirm === "delete" ? "Deleting" : "Submitting"} ${name}`, e);
          }
        }}
      >
        <p>
          {confirm === "delete"
            ? "The cron workflow stops scheduling; workflows it made are deleted with it."
            : "A workflow is created from this cron workflow's spec right away, outside its schedule."}
        </p>
      </ConfirmDialog>
    </>
  );
}
