/**
 * Submitting a workflow from a WorkflowTemplate, ClusterWorkflowTemplate or CronWorkflow: choose
 * the entrypoint, fill the parameters, add labels; the server makes and starts the workflow.
 */
import { type FormEvent, useEffect, useId, useState } from "react";
import { type SubmitFromOptions, submitFrom } from "../api/workflows.js";
import { messageOf } from "../errors.js";
import type { Workflow, WorkflowSpec } from "../types.js";
import { initialValues, ParameterFields, toParameterArgs } from "./parameter-fields.js";

export interface SubmitFormProps {
  namespace: string;
  kind: SubmitFromOptions["kind"];
  name: string;
  spec: WorkflowSpec | undefined;
  onSubmitted: (wf: Workflow) => void;
  onCancel?: () => void;
}

export function SubmitForm({ namespace, kind, name, spec, onSubmitted, onCancel }: SubmitFormProps) {
  const params = spec?.arguments?.parameters ?? [];
  const [entryPoint, setEntryPoint] = useState(spec?.entrypoint ?? "");
  const [values, setValues] = useState(() => initialValues(params));
  const [labels, setLabels] = useState("");
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const id = useId();
  // A different template resets the form.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when the source changes
  useEffect(() => {
    setEntryPoint(spec?.entrypoint ?? "");
    setValues(initialValues(spec?.arguments?.parameters));
    setError(undefined);
  }, [kind, name, spec]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const wf = await submitFrom({
        namespace,
        kind,
        name,
        entryPoint,
        parameters: toParameterArgs(values),
        labels: labels.trim(),
      });
      onSubmitted(wf);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  const templates = spec?.templates?.map((t) => t.name) ?? [];
  return (
    <form className="submit-form" onSubmit={submit} aria-label={`Submit ${name}`}>
      <div className="field">
        <label htmlFor={`${id}-entry`}>Entrypoint</label>
        <select id={`${id}-entry`} value={entryPoint} onChange={(e) => setEntryPoint(e.target.value)}>
          {entryPoint === "" ? <option value="">(the template's default)</option> : null}
          {templates.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </div>
      <ParameterFields parameters={params} values={values} onChange={setValues} />
      <div className="field">
        <label htmlFor={`${id}-labels`}>Labels</label>
        <input
          id={`${id}-labels`}
          type="text"
          placeholder="key=value,key2=value2"
          value={labels}
          onChange={(e) => setLabels(e.target.value)}
        />
      </div>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="form-actions">
        {onCancel ? (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Submitting…" : "Submit"}
        </button>
      </div>
    </form>
  );
}
