/**
 * `#/archived-workflows/{uid}`: an archived workflow, read-only (no live updates, no logs: its
 * pods are gone), with resubmit and delete from the archive.
 */
import { useState } from "react";
import { deleteArchivedWorkflow, getArchivedWorkflow, resubmitArchivedWorkflow } from "../../api/archive.js";
import { ConfirmDialog } from "../../components/confirm-dialog.js";
import { Empty, PageHeader } from "../../components/page-header.js";
import { PhaseIcon } from "../../components/phase-icon.js";
import { useAsync } from "../../components/use-async.js";
import { reportError } from "../../errors.js";
import { href, navigate, type Route } from "../../router.js";
import { ResubmitDialog } from "../workflow/resubmit-dialog.js";
import { WorkflowView } from "../workflow/workflow-view.js";

export function ArchivedPage({ route, uid }: { route: Route; uid: string }) {
  const wf = useAsync((s) => getArchivedWorkflow(uid, s), [uid], "Loading the archived workflow");
  const [action, setAction] = useState<"resubmit" | "delete">();
  const crumbs = [{ label: "Archived Workflows", href: "#/archived-workflows" }];
  if (!wf.data) {
    return (
      <>
        <PageHeader title={uid} crumbs={crumbs} />
        <Empty>{wf.loading ? "Loading…" : "This archived workflow could not be loaded."}</Empty>
      </>
    );
  }
  const w = wf.data;
  const phase = w.status?.phase || "Pending";
  return (
    <WorkflowView
      workflow={w}
      route={route}
      allowLogs={false}
      header={
        <PageHeader
          crumbs={[...crumbs, { label: w.metadata.namespace ?? "" }]}
          status={<PhaseIcon phase={phase} label="" />}
          title={
            <>
              <span>{w.metadata.name}</span>
              <span className="phase-text" data-phase={phase}>
                {phase}
              </span>
              <span className="tag">archived</span>
            </>
          }
          actions={
            <>
              <button type="button" onClick={() => setAction("resubmit")}>
                Resubmit
              </button>
              <button type="button" className="danger-outline" onClick={() => setAction("delete")}>
                Delete
              </button>
              {action === "resubmit" ? (
                <ResubmitDialog
                  workflow={w}
                  open
                  onClose={() => setAction(undefined)}
                  resubmit={async (body) => {
                    const created = await resubmitArchivedWorkflow(uid, {
                      namespace: w.metadata.namespace ?? "",
                      ...body,
                    });
                    navigate(
                      href(["workflows", created.metadata.namespace ?? "", created.metadata.name ?? ""]),
                    );
                  }}
                />
              ) : null}
              <ConfirmDialog
                open={action === "delete"}
                title={`Delete ${w.metadata.name} from the archive`}
                confirmLabel="Delete"
                danger
                onClose={() => setAction(undefined)}
                onConfirm={async () => {
                  try {
                    await deleteArchivedWorkflow(uid);
                    navigate("#/archived-workflows");
                  } catch (e) {
                    reportError(`Deleting ${w.metadata.name}`, e);
                  }
                }}
              >
                <p>The archived copy is removed for good.</p>
              </ConfirmDialog>
            </>
          }
        />
      }
    />
  );
}
