/**
 * Workflow statuses in Argo's exact shape for the graph's tests: node ids `<wf>-<fnv32a(name)>`,
 * a Steps root with a StepGroup fanning out to a loop, and a layered DAG. Test code only.
 */
import type { NodePhase, NodeStatus, NodeType, Workflow } from "../types.js";

const encoder = new TextEncoder();

/** 32-bit FNV-1a of the UTF-8 bytes, as Argo hashes node names into ids. */
export function fnv32a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of encoder.encode(text)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash >>> 0;
}

export const nodeId = (wf: string, name: string) => (name === wf ? wf : `${wf}-${fnv32a(name)}`);

function node(wf: string, name: string, displayName: string, type: NodeType, phase: NodePhase): NodeStatus {
  return {
    id: nodeId(wf, name),
    name,
    displayName,
    type,
    phase,
    templateName: type === "Pod" ? "print" : "main",
    boundaryID: name === wf ? undefined : wf,
    children: [],
  } as NodeStatus;
}

export function workflowOf(name: string, nodes: NodeStatus[]): Workflow {
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Workflow",
    metadata: { name, namespace: "default" },
    spec: { entrypoint: "main", templates: [] },
    status: { phase: "Succeeded", nodes: Object.fromEntries(nodes.map((n) => [n.id, n])) },
  } as Workflow;
}

/** `steps: [[{name: print, withSequence: {count}}]]`: root → StepGroup → `print(i:i)` pods. */
export function loopWorkflow(
  wf: string,
  count: number,
  phaseOf: (i: number) => NodePhase = () => "Succeeded",
): Workflow {
  const root = node(wf, wf, wf, "Steps", "Succeeded");
  const group = node(wf, `${wf}[0]`, "[0]", "StepGroup", "Succeeded");
  root.children = [group.id];
  const pods: NodeStatus[] = [];
  for (let i = 0; i < count; i++) {
    const pod = node(wf, `${wf}[0].print(${i}:${i})`, `print(${i}:${i})`, "Pod", phaseOf(i));
    delete pod.children;
    pods.push(pod);
  }
  group.children = pods.map((p) => p.id);
  root.outboundNodes = group.children.slice();
  return workflowOf(wf, [root, group, ...pods]);
}

/** `steps: [[loop of count], [after]]`: every loop pod lists the second step group as its child. */
export function loopThenStepWorkflow(wf: string, count: number): Workflow {
  const base = loopWorkflow(wf, count);
  const nodes = base.status?.nodes as Record<string, NodeStatus>;
  const second = node(wf, `${wf}[1]`, "[1]", "StepGroup", "Succeeded");
  const after = node(wf, `${wf}[1].after`, "after", "Pod", "Succeeded");
  delete after.children;
  second.children = [after.id];
  for (const n of Object.values(nodes)) if (n.type === "Pod") n.children = [second.id];
  (nodes[wf] as NodeStatus).outboundNodes = [after.id];
  return workflowOf(wf, [...Object.values(nodes), second, after]);
}

/** A DAG of `layers` × `width` tasks; task (l, i) depends on (l-1, i) and (l-1, (i+1) % width). */
export function layeredDagWorkflow(wf: string, layers: number, width: number): Workflow {
  const root = node(wf, wf, wf, "DAG", "Succeeded");
  const tasks: NodeStatus[][] = [];
  for (let l = 0; l < layers; l++) {
    const row: NodeStatus[] = [];
    for (let i = 0; i < width; i++) row.push(node(wf, `${wf}.t${l}-${i}`, `t${l}-${i}`, "Pod", "Succeeded"));
    tasks.push(row);
  }
  for (let l = 1; l < layers; l++) {
    for (let i = 0; i < width; i++) {
      const child = (tasks[l] as NodeStatus[])[i] as NodeStatus;
      for (const p of [i, (i + 1) % width]) {
        const parent = (tasks[l - 1] as NodeStatus[])[p] as NodeStatus;
        if (!parent.children?.includes(child.id)) parent.children?.push(child.id);
      }
    }
  }
  root.children = (tasks[0] ?? []).map((t) => t.id);
  root.outboundNodes = (tasks[layers - 1] ?? []).map((t) => t.id);
  return workflowOf(wf, [root, ...tasks.flat()]);
}
