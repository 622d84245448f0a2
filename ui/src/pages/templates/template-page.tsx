/**
 * `#/workflow-templates/{ns}/{name}` and `#/cluster-workflow-templates/{name}`: a template's
 * summary and parameters, its spec as YAML, the workflows made from it, Submit and Delete.
 */
import { useState } from "react";
import { deleteTemplate, getTemplate, type TemplateKind } from "../../api/resources.js";
import { ConfirmDialog } from "../../components/confirm-dialog.js";
import { Details, Labels } from "../../components/details.js";
import { Dialog } from "../../components/dialog.js";
import { Empty, PageHeader } from "../../components/page-header.js";
import { RecentWorkflows } from "../../components/recent-workflows.js";
import { SubmitForm } from "../../components/submit-form.js";
import { Time } from "../../components/time.js";
import { useAsync } from "../../components/use-async.js";
import { YamlView } from "../../components/yaml-view.js";
import { reportError } from "../../errors.js";
import { namespaceOrDefault, useNamespace } from "../../namespace.js";
import { href, navigate } from "../../router.js";
import { kindTitle } from "./template-list.js";

export function TemplatePage({
  kind,
  namespace,
  name,
}: {
  kind: TemplateKind;
  namespace: string;
  name: string;
}) {
  const selected = useNamespace();
  const t = useAsync(
    (s) => getTemplate(kind, namespace, name, s),
    [kind, namespace, name],
    `Loading ${name}`,
  );
  const [submitting, setSubmitting] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const cluster = kind === "ClusterWorkflowTemplate";
  const listHref = cluster ? "#/cluster-workflow-templates" : "#/workflow-templates";
  const target = cluster ? namespaceOrDefault(selected) : namespace;
  const tpl = t.data;
  const header = (
    <PageHeader
      title={name}
      crumbs={[{ label: kindTitle(kind), href: listHref }, ...(cluster ? [] : [{ label: namespace }])]}
      actions={
        <>
          <button type="button" className="primary" disabled={!tpl} onClick={() => setSubmitting(true)}>
            Submit
          </button>
          <button type="button" className="danger-outline" disabled={!tpl} onClick={() => setDeleting(true)}>
            Delete
          </button>
        </>
      }
    />
  );
  if (!tpl)
    return (
      <>
        {header}
        <Empty>{t.loading ? "Loading…" : "This template could not be loaded."}</Empty>
      </>
    );
  const params = tpl.spec?.arguments?.parameters ?? [];
  const labelKey = cluster
    ? "workflows.argoproj.io/cluster-workflow-template"
    : "workflows.argoproj.io/workflow-template";
  return (
    <>
      {header}
      <section className="panel" aria-label="Summary">
        <Details
          rows={[
            ["Name", tpl.metadata.name],
            ["Namespace", cluster ? undefined : tpl.metadata.namespace],
            ["Created", <Time key="c" iso={tpl.metadata.creationTimestamp} />],
            ["Entrypoint", tpl.spec?.entrypoint],
            ["Description", tpl.metadata.annotations?.["workflows.argoproj.io/description"]],
            [
              "Parameters",
              params.length ? (
                <ul key="p" className="compact-list params">
                  {params.map((p) => (
                    <li key={p.name}>
                      <code>{p.name}</code>
                      {p.value !== undefined || p.default !== undefined
                        ? ` = ${String(p.value ?? p.default)}`
                        : ""}
                      {p.enum?.length ? <span className="muted"> (one of {p.enum.join(", ")})</span> : null}
                      {p.description ? <div className="hint">{p.description}</div> : null}
                    </li>
                  ))}
                </ul>
              ) : undefined,
            ],
            ["Labels", tpl.metadata.labels ? <Labels key="l" labels={tpl.metadata.labels} /> : undefined],
          ]}
        />
      </section>
      <RecentWorkflows
        namespace={cluster ? selected : namespace}
        labelSelector={`${labelKey}=${name}`}
        title="Workflows from this template"
      />
      <section aria-label="Spec">
        <h2>Spec</h2>
        <YamlView value={tpl} label={`${kind} ${name} as YAML`} />
      </section>
      <Dialog title={`Submit ${name}`} open={submitting} onClose={() => setSubmitting(false)} wide>
        <p className="hint">The workflow is created in namespace {target}.</p>
        <SubmitForm
          namespace={target}
          kind={kind}
          name={name}
          spec={tpl.spec}
          onCancel={() => setSubmitting(false)}
          onSubmitted={(wf) =>
            navigate(href(["workflows", wf.metadata.namespace ?? "", wf.metadata.name ?? ""]))
          }
        />
      </Dialog>
      <ConfirmDialog
        open={deleting}
        title={`Delete ${name}`}
        confirmLabel="Delete"
        danger
        onClose={() => setDeleting(false)}
        onConfirm={async () => {
          try {
            await deleteTemplate(kind, namespace, name);
            navigate(listHref);
          } catch (e) {
            reportError(`Deleting ${name}`, e);
          }
        }}
      >
        <p>
          Delete {kind} <strong>{name}</strong>? Workflows already made from it are not affected.
        </p>
      </ConfirmDialog>
    </>
  );
}
