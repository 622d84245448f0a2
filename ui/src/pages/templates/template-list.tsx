/** `#/workflow-templates` and `#/cluster-workflow-templates`: the templates, newest first. */
import { listTemplates, type TemplateKind } from "../../api/resources.js";
import { Empty, PageHeader } from "../../components/page-header.js";
import { Time } from "../../components/time.js";
import { useAsync } from "../../components/use-async.js";
import { useNamespace } from "../../namespace.js";
import { href } from "../../router.js";
import type { WorkflowTemplate } from "../../types.js";

export const kindTitle = (k: TemplateKind) =>
  k === "WorkflowTemplate" ? "Workflow Templates" : "Cluster Workflow Templates";

export function templateHref(kind: TemplateKind, t: WorkflowTemplate): string {
  return kind === "ClusterWorkflowTemplate"
    ? href(["cluster-workflow-templates", t.metadata.name ?? ""])
    : href(["workflow-templates", t.metadata.namespace ?? "", t.metadata.name ?? ""]);
}

const description = (t: WorkflowTemplate) =>
  t.metadata.annotations?.["workflows.argoproj.io/description"] ?? "";

export function TemplateListPage({ kind }: { kind: TemplateKind }) {
  const namespace = useNamespace();
  const cluster = kind === "ClusterWorkflowTemplate";
  const list = useAsync(
    (s) => listTemplates(kind, namespace, s),
    [kind, cluster ? "" : namespace],
    `Loading ${kindTitle(kind)}`,
  );
  const items = [...(list.data?.items ?? [])].sort((a, b) =>
    (b.metadata.creationTimestamp ?? "").localeCompare(a.metadata.creationTimestamp ?? ""),
  );
  return (
    <>
      <PageHeader title={kindTitle(kind)} />
      {items.length === 0 ? (
        <Empty>
          {list.loading
            ? "Loading…"
            : cluster
              ? "No cluster workflow templates."
              : `No workflow templates ${namespace ? `in namespace ${namespace}` : "in any namespace"}.`}{" "}
          {list.loading ? null : (
            <span className="muted">
              Create one with <code>argosy {cluster ? "cluster-template" : "template"} create FILE</code>.
            </span>
          )}
        </Empty>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="sr-only">{kindTitle(kind)}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                {cluster ? null : <th scope="col">Namespace</th>}
                <th scope="col">Created</th>
                <th scope="col">Entrypoint</th>
                <th scope="col">Parameters</th>
                <th scope="col">Description</th>
              </tr>
            </thead>
            <tbody>
              {items.map((t) => (
                <tr key={`${t.metadata.namespace}/${t.metadata.name}`}>
                  <td className="name">
                    <a href={templateHref(kind, t)}>{t.metadata.name}</a>
                  </td>
                  {cluster ? null : <td>{t.metadata.namespace}</td>}
                  <td>
                    <Time iso={t.metadata.creationTimestamp} />
                  </td>
                  <td>{t.spec?.entrypoint ?? "-"}</td>
                  <td>{t.spec?.arguments?.parameters?.map((p) => p.name).join(", ") || "-"}</td>
                  <td className="message">{description(t)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
