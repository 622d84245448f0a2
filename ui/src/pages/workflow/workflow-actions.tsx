/**
 * The workflow's action buttons, each enabled only when it applies to the current phase, each
 * confirmed; resubmit asks for parameters. Results: the answered workflow replaces the shown one,
 * a resubmit or delete moves to the new page or back to the list.
 */
import { useState } from "react";
import { runWorkflowAction } from "../../api/workflow-ops.js";
import { ConfirmDialog } from "../../components/confirm-dialog.js";
import { reportError } from "../../errors.js";
import { href, navigate } from "../../router.js";
import type { Workflow } from "../../types.js";
import { type ActionName, actionNames, canDo } from "../../util/phase.js";
import { ResubmitDialog } from "./resubmit-dialog.js";

const labels: Record<ActionName, string> = {
  retry: "Retry",
  resubmit: "Resubmit",
  suspend: "Suspend",
  resume: "Resume",
  stop: "Stop",
  terminate: "Terminate",
  delete: "Delete",
};

const explain: Record<ActionName, string> = {
  retry: "Failed and errored nodes run again; succeeded nodes keep their results.",
  resubmit: "",
  suspend: "No new steps start until the workflow is resumed.",
  resume: "Suspended steps and the workflow continue.",
  stop: "Running steps are stopped; exit handlers still run.",
  terminate: "Running steps are killed; exit handlers do not run.",
  delete: "The workflow, its node status and logs are removed.",
};

const newPage = (wf: Workflow) => href(["workflows", wf.metadata.namespace ?? "", wf.metadata.name ?? ""]);

export function WorkflowActions({
  workflow,
  onChanged,
}: {
  workflow: Workflow;
  onChanged: (wf: Workflow) => void;
}) {
  const [pending, setPending] = useState<ActionName>();
  const name = workflow.metadata.name ?? "";
  const perform = async (a: ActionName) => {
    try {
      const answered = await runWorkflowAction(workflow, a);
      if (answered) onChanged(answered);
      else navigate("#/workflows");
    } catch (e) {
      reportError(`${labels[a]} ${name}`, e);
    }
  };
  return (
    <>
      {actionNames.map((a) => (
        <button
          key={a}
          type="button"
          className={a === "delete" || a === "terminate" ? "danger-outline" : undefined}
          disabled={!canDo(a, workflow)}
          onClick={() => setPending(a)}
        >
          {labels[a]}
        </button>
      ))}
      <ConfirmDialog
        open={pending !== undefined && pending !== "resubmit"}
        title={`${labels[pending ?? "delete"]} ${name}`}
        confirmLabel={labels[pending ?? "delete"]}
        danger={pending === "delete" || pending === "terminate"}
        onConfirm={() => (pending ? perform(pending) : undefined)}
        onClose={() => setPending(undefined)}
      >
        <p>
          {labels[pending ?? "delete"]} workflow <strong>{name}</strong>?
        </p>
        <p className="hint">{explain[pending ?? "delete"]}</p>
      </ConfirmDialog>
      {pending === "resubmit" ? (
        <ResubmitDialog
          workflow={workflow}
          open
          onClose={() => setPending(undefined)}
          resubmit={async (body) => {
            const created = await runWorkflowAction(workflow, "resubmit", body);
            if (created) navigate(newPage(created));
          }}
        />
      ) : null}
    </>
  );
}
