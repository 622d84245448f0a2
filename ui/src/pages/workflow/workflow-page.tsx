/** `#/workflows/{ns}/{name}`: one live workflow with its actions. */
import { useEffect } from "react";
import { LiveState } from "../../components/live-state.js";
import { Empty, PageHeader } from "../../components/page-header.js";
import { PhaseIcon } from "../../components/phase-icon.js";
import { prewarmGraphLayout } from "../../graph/index.js";
import { href, type Route } from "../../router.js";
import { isArchivedCopy } from "../../util/phase.js";
import { useLiveWorkflow } from "./use-live-workflow.js";
import { WorkflowActions } from "./workflow-actions.js";
import { WorkflowView } from "./workflow-view.js";

export function WorkflowPage({ route, namespace, name }: { route: Route; namespace: string; name: string }) {
  // Start the layout worker while the workflow loads: big graphs then skip its start-up.
  useEffect(() => prewarmGraphLayout(), []);
  const live = useLiveWorkflow(namespace, name);
  const wf = live.workflow;
  if (!wf) {
    return (
      <>
        <PageHeader
          title={name}
          crumbs={[{ label: "Workflows", href: "#/workflows" }, { label: namespace }]}
        />
        <Empty>{live.loading ? "Loading…" : "This workflow could not be loaded."}</Empty>
      </>
    );
  }
  const phase = wf.status?.phase || "Pending";
  const archived = isArchivedCopy(wf);
  return (
    <WorkflowView
      workflow={wf}
      route={route}
      header={
        <PageHeader
          crumbs={[
            { label: "Workflows", href: "#/workflows" },
            { label: namespace, href: href(["workflows"]) },
          ]}
          status={<PhaseIcon phase={phase} label="" />}
          title={
            <>
              <span>{name}</span>
              <span className="phase-text" data-phase={phase}>
                {phase}
              </span>
            </>
          }
          aside={<LiveState live={live.stream.live} message={live.stream.message} />}
          actions={<WorkflowActions workflow={wf} onChanged={live.replace} />}
        />
      }
      allowLogs={!archived}
      notice={
        live.deleted ? (
          <p className="notice warn" role="status">
            This workflow was deleted. What is shown is its last state.
          </p>
        ) : archived ? (
          <p className="notice" role="status">
            This run is no longer live: it is shown from the workflow archive (logs are not available here).
          </p>
        ) : null
      }
    />
  );
}
