/** The summary of a workflow: identity, phase, times, progress, message, parameters, labels. */
import { Details, Labels } from "../../components/details.js";
import { PhaseBadge } from "../../components/phase-icon.js";
import { Duration, Time } from "../../components/time.js";
import { href } from "../../router.js";
import type { Workflow } from "../../types.js";
import { formatTime } from "../../util/time.js";

const when = (iso: string | undefined) => (iso ? <When iso={iso} /> : undefined);

function When({ iso }: { iso: string }) {
  return (
    <span>
      <Time iso={iso} /> <span className="muted">({formatTime(iso)})</span>
    </span>
  );
}

export function WorkflowSummary({ workflow }: { workflow: Workflow }) {
  const { metadata, spec, status = {} } = workflow;
  const params = spec?.arguments?.parameters ?? [];
  const ref = spec?.workflowTemplateRef;
  const labels = metadata.labels ?? {};
  const cron = labels["workflows.argoproj.io/cron-workflow"];
  const from = labels["workflows.argoproj.io/resubmitted-from-workflow"];
  return (
    <section className="panel summary" aria-label="Summary">
      <Details
        rows={[
          ["Name", metadata.name],
          ["Namespace", metadata.namespace],
          ["Phase", <PhaseBadge key="p" phase={status.phase} />],
          ["Message", status.message],
          ["Created", when(metadata.creationTimestamp)],
          ["Started", when(status.startedAt)],
          ["Finished", when(status.finishedAt)],
          [
            "Duration",
            status.startedAt ? (
              <Duration key="d" start={status.startedAt} end={status.finishedAt} />
            ) : undefined,
          ],
          ["Progress", status.progress],
          ["Entrypoint", spec?.entrypoint],
          [
            "Template",
            ref ? (
              <a
                key="t"
                href={
                  ref.clusterScope
                    ? href(["cluster-workflow-templates", ref.name])
                    : href(["workflow-templates", metadata.namespace ?? "", ref.name])
                }
              >
                {ref.name}
              </a>
            ) : undefined,
          ],
          [
            "Cron workflow",
            cron ? (
              <a key="cw" href={href(["cron-workflows", metadata.namespace ?? "", cron])}>
                {cron}
              </a>
            ) : undefined,
          ],
          [
            "Resubmitted from",
            from ? (
              <a key="r" href={href(["workflows", metadata.namespace ?? "", from])}>
                {from}
              </a>
            ) : undefined,
          ],
          [
            "Parameters",
            params.length ? (
              <ul key="params" className="compact-list params">
                {params.map((p) => (
                  <li key={p.name}>
                    <code>{p.name}</code> ={" "}
                    <span className="value">{String(p.value ?? p.default ?? "")}</span>
                  </li>
                ))}
              </ul>
            ) : undefined,
          ],
          ["Labels", Object.keys(labels).length ? <Labels key="l" labels={labels} /> : undefined],
        ]}
      />
    </section>
  );
}
