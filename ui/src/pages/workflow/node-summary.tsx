/** What a node is and did: ids, type, phase, template, times, pod name, exit code. */
import { Details } from "../../components/details.js";
import { PhaseBadge } from "../../components/phase-icon.js";
import { Duration, Time } from "../../components/time.js";
import type { NodeStatus, Workflow } from "../../types.js";
import { podNameFor } from "../../util/pod-name.js";
import { formatTime } from "../../util/time.js";
import { isPodNode } from "./node-template.js";

export function NodeSummary({ workflow, node }: { workflow: Workflow; node: NodeStatus }) {
  const ref = node.templateRef;
  const template = ref
    ? `${ref.name}/${ref.template}${ref.clusterScope ? " (cluster)" : ""}`
    : node.templateName;
  const memo = node.memoizationStatus;
  return (
    <Details
      label="Node summary"
      rows={[
        ["ID", <code key="id">{node.id}</code>],
        ["Name", node.name],
        ["Display name", node.displayName],
        ["Type", node.type],
        ["Phase", <PhaseBadge key="p" phase={node.phase} />],
        ["Message", node.message],
        ["Template", template],
        [
          "Pod name",
          isPodNode(node) ? (
            <code key="pod">{podNameFor(workflow.metadata.name ?? "", node)}</code>
          ) : undefined,
        ],
        ["Host", node.hostNodeName],
        [
          "Started",
          node.startedAt ? (
            <span key="s">
              <Time iso={node.startedAt} /> <span className="muted">({formatTime(node.startedAt)})</span>
            </span>
          ) : undefined,
        ],
        [
          "Finished",
          node.finishedAt ? (
            <span key="f">
              <Time iso={node.finishedAt} /> <span className="muted">({formatTime(node.finishedAt)})</span>
            </span>
          ) : undefined,
        ],
        [
          "Duration",
          node.startedAt ? <Duration key="d" start={node.startedAt} end={node.finishedAt} /> : undefined,
        ],
        ["Progress", node.progress],
        ["Exit code", node.outputs?.exitCode],
        ["Memoization", memo ? `${memo.hit ? "hit" : "miss"} (${memo.cacheName}: ${memo.key})` : undefined],
        ["Waiting for", node.synchronizationStatus?.waiting],
      ]}
    />
  );
}
