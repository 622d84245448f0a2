/** Submitting from a WorkflowTemplate or ClusterWorkflowTemplate: pick one, then fill the form. */
import { useId, useState } from "react";
import { getTemplate, listTemplates, type TemplateKind } from "../../api/resources.js";
import { SubmitForm } from "../../components/submit-form.js";
import { useAsync } from "../../components/use-async.js";
import { namespaceOrDefault, useNamespace } from "../../namespace.js";
import { href, navigate } from "../../router.js";

export function FromTemplate({
  initialKind,
  initialName,
}: {
  initialKind?: TemplateKind;
  initialName?: string;
}) {
  const namespace = useNamespace();
  const id = useId();
  const [kind, setKind] = useState<TemplateKind>(initialKind ?? "WorkflowTemplate");
  const [name, setName] = useState(initialName ?? "");
  const list = useAsync((s) => listTemplates(kind, namespace, s), [kind, namespace], "Loading templates");
  const items = list.data?.items ?? [];
  const chosen = items.find((t) => t.metadata.name === name);
  const detail = useAsync(
    (s) =>
      chosen ? getTemplate(kind, chosen.metadata.namespace ?? "", name, s) : Promise.resolve(undefined),
    [kind, name, chosen?.metadata.namespace],
    "Loading the template",
  );
  // Submit into the template's namespace (the list may span all namespaces).
  const target =
    kind === "WorkflowTemplate"
      ? (chosen?.metadata.namespace ?? namespaceOrDefault(namespace))
      : namespaceOrDefault(namespace);
  return (
    <div className="from-template">
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-kind`}>Kind</label>
          <select
            id={`${id}-kind`}
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as TemplateKind);
              setName("");
            }}
          >
            <option value="WorkflowTemplate">WorkflowTemplate</option>
            <option value="ClusterWorkflowTemplate">ClusterWorkflowTemplate</option>
          </select>
        </div>
        <div className="field grow">
          <label htmlFor={`${id}-name`}>Template</label>
          <select id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)}>
            <option value="">
              {list.loading ? "Loading…" : items.length ? "Choose a template" : "No templates found"}
            </option>
            {items.map((t) => (
              <option key={`${t.metadata.namespace}/${t.metadata.name}`} value={t.metadata.name}>
                {t.metadata.name}
                {kind === "WorkflowTemplate" && !namespace ? ` (${t.metadata.namespace})` : ""}
              </option>
            ))}
          </select>
        </div>
      </div>
      {chosen && detail.data ? (
        <SubmitForm
          namespace={target}
          kind={kind}
          name={name}
          spec={detail.data.spec}
          onSubmitted={(wf) =>
            navigate(href(["workflows", wf.metadata.namespace ?? "", wf.metadata.name ?? ""]))
          }
        />
      ) : null}
    </div>
  );
}
