/**
 * Argo's assessment of a DAG's phase after a failure: walk the DAG's nodes breadth-first,
 * carrying each branch's last completed phase down to the nodes below it, so that a target task
 * that never ran (omitted) takes the phase of the branch that led to it, failures first.
 */
import type { NodePhase, NodeStatus } from "../spec/types.js";
import { isCompletedPhase, isFailurePhase, isFulfilledPhase } from "../spec/types.js";
import type { DagPlan } from "./dag-plan.js";
import type { EngineState } from "./state.js";

export interface AssessInput {
  state: EngineState;
  dag: NodeStatus;
  plan: DagPlan;
  taskNode: (task: string) => NodeStatus | undefined;
}

type Branch = NodePhase | "";

export function assessDagPhase({ state, dag, plan, taskNode }: AssessInput): NodePhase | "Running" {
  const targetPhase = new Map<string, Branch>();
  for (const t of plan.targets) {
    const node = taskNode(t);
    if (node) targetPhase.set(node.id, "");
  }
  const seen = new Set<string>();
  const queue: [string, NodePhase][] = [];
  const enqueue = (ids: string[] | undefined, phase: NodePhase) => {
    for (const id of ids ?? []) {
      const key = `${id}-${phase}`;
      if (seen.has(key)) continue;
      seen.add(key);
      queue.push([id, phase]);
    }
  };
  enqueue(dag.children, "Succeeded");
  for (let i = 0; i < queue.length; i++) {
    const [id, incoming] = queue[i] as [string, NodePhase];
    const node = state.get(id);
    if (!node || !isFulfilledPhase(node.phase)) return "Running";
    const branch = isCompletedPhase(node.phase) ? node.phase : incoming;
    const previous = targetPhase.get(id);
    if (previous !== undefined && !(previous !== "" && isFailurePhase(previous))) targetPhase.set(id, branch);
    enqueue(node.children, branch);
  }
  const failFast = plan.failFast;
  let result: NodePhase | "Running" = "Succeeded";
  for (const t of plan.targets) {
    const node = taskNode(t);
    const branch = node ? (targetPhase.get(node.id) ?? "") : "";
    if (branch === "") {
      result = "Running";
      if (!failFast) break;
    } else if (isFailurePhase(branch)) {
      const continueOn = plan.tasks.get(t)?.continueOn;
      if ((branch === "Failed" && continueOn?.failed) || (branch === "Error" && continueOn?.error)) continue;
      result = branch;
      if (failFast) break;
    }
  }
  return result;
}
