/** Resubmitting a workflow: the parameters (prefilled with this run's values) and "memoized". */
import { useState } from "react";
import { Dialog } from "../../components/dialog.js";
import { initialValues, ParameterFields, toParameterArgs } from "../../components/parameter-fields.js";
import { messageOf } from "../../errors.js";
import type { Workflow } from "../../types.js";

export function ResubmitDialog({
  workflow,
  open,
  onClose,
  resubmit,
}: {
  workflow: Workflow;
  open: boolean;
  onClose: () => void;
  resubmit: (body: { parameters: string[]; memoized: boolean }) => Promise<void>;
}) {
  const params = workflow.spec?.arguments?.parameters ?? [];
  const [values, setValues] = useState(() => initialValues(params));
  const [memoized, setMemoized] = useState(false);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await resubmit({ parameters: toParameterArgs(values), memoized });
      onClose();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={`Resubmit ${workflow.metadata.name}`}
      open={open}
      onClose={onClose}
      footer={
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="primary" disabled={busy} onClick={submit}>
            {busy ? "Resubmitting…" : "Resubmit"}
          </button>
        </>
      }
    >
      <p>A new workflow is created from this one's spec.</p>
      <ParameterFields parameters={params} values={values} onChange={setValues} />
      <label className="inline">
        <input type="checkbox" checked={memoized} onChange={(e) => setMemoized(e.target.checked)} />
        Memoized (reuse the outputs of steps that succeeded)
      </label>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </Dialog>
  );
}
