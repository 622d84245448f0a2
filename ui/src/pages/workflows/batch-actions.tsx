/**
 * Actions on the selected workflows of the list, each confirmed first. An action runs only on
 * the workflows it applies to (retry only failed ones, …); failures are reported per workflow.
 */
import { useState } from "react";
import { runWorkflowAction } from "../../api/workflow-ops.js";
import { ConfirmDialog } from "../../components/confirm-dialog.js";
import { reportError } from "../../errors.js";
import type { Workflow } from "../../types.js";
import { type ActionName, canDo } from "../../util/phase.js";

const batchActions: ActionName[] = ["delete", "stop", "terminate", "suspend", "resume", "retry", "resubmit"];

const applies = (a: ActionName, wf: Workflow) => canDo(a, wf);

const title = (a: ActionName) => a[0]?.toUpperCase() + a.slice(1);

export function BatchActions({ selected, onDone }: { selected: Workflow[]; onDone: () => void }) {
  const [pending, setPending] = useState<ActionName>();
  const targets = pending ? selected.filter((w) => applies(pending, w)) : [];
  const perform = async () => {
    if (!pending) return;
    const results = await Promise.allSettled(targets.map((w) => runWorkflowAction(w, pending)));
    results.forEach((r, i) => {
      if (r.status === "rejected") reportError(`${title(pending)} ${targets[i]?.metadata.name}`, r.reason);
    });
    onDone();
  };
  return (
    <div className="batch-actions" role="toolbar" aria-label="Actions on selected workflows">
      <span className="muted" aria-live="polite">
        {selected.length} selected
      </span>
      {batchActions.map((a) => (
        <button
          key={a}
          type="button"
          className={a === "delete" || a === "terminate" ? "danger-outline small" : "small"}
          disabled={!selected.some((w) => applies(a, w))}
          onClick={() => setPending(a)}
        >
          {title(a)}
        </button>
      ))}
      <ConfirmDialog
        open={pending !== undefined}
        title={`${title(pending ?? "delete")} workflows`}
        confirmLabel={title(pending ?? "delete")}
        danger={pending === "delete" || pending === "terminate"}
        onConfirm={perform}
        onClose={() => setPending(undefined)}
      >
        <p>
          {title(pending ?? "delete")} {targets.length} workflow{targets.length === 1 ? "" : "s"}?
        </p>
        <ul className="compact-list">
          {targets.slice(0, 10).map((w) => (
            <li key={w.metadata.uid ?? w.metadata.name}>{w.metadata.name}</li>
          ))}
          {targets.length > 10 ? <li>and {targets.length - 10} more</li> : null}
        </ul>
        {targets.length < selected.length ? (
          <p className="hint">
            {selected.length - targets.length} selected workflows are skipped: the action does not apply to
            them.
          </p>
        ) : null}
      </ConfirmDialog>
    </div>
  );
}
