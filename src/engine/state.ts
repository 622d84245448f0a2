/**
 * The mutable view of one workflow's status during a reconcile: node creation and phase changes
 * exactly as Argo records them, plus the list of changed nodes and emitted actions.
 */
import type { Inputs, NodePhase, NodeStatus, NodeType, TemplateRef, Workflow } from "../spec/types.js";
import { isFulfilledPhase } from "../spec/types.js";
import { displayNameFor, nodeIdFor } from "./node-id.js";
import type { Action } from "./types.js";

export interface NewNode {
  name: string;
  type: NodeType;
  phase: NodePhase;
  boundaryID?: string;
  templateName?: string;
  templateRef?: TemplateRef;
  templateScope?: string;
  message?: string;
  inputs?: Inputs;
  hooked?: boolean;
  retried?: boolean;
}

/** RFC 3339 with whole seconds, as Kubernetes' metav1.Time serialises. */
export const formatTime = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19)}Z`;

export class EngineState {
  readonly workflow: Workflow;
  readonly nodes: Record<string, NodeStatus>;
  readonly changed = new Set<string>();
  readonly actions: Action[] = [];
  private readonly childSets = new Map<string, Set<string>>();
  nowMs: number;

  constructor(workflow: Workflow, nowMs: number) {
    this.workflow = workflow;
    workflow.status ??= {};
    workflow.status.nodes ??= {};
    this.nodes = workflow.status.nodes;
    this.nowMs = nowMs;
  }

  get name(): string {
    return this.workflow.metadata.name ?? "";
  }

  get now(): string {
    // Asked for every node a turn touches, always for the same time.
    if (this.nowText?.[0] !== this.nowMs) this.nowText = [this.nowMs, formatTime(this.nowMs)];
    return this.nowText[1];
  }

  private nowText: [ms: number, text: string] | undefined;

  idOf(nodeName: string): string {
    return nodeIdFor(this.name, nodeName);
  }

  get(id: string): NodeStatus | undefined {
    return this.nodes[id];
  }

  /** The node with this id; throws when it does not exist (an engine bug, never user input). */
  must(id: string): NodeStatus {
    const node = this.nodes[id];
    if (!node) throw new Error(`engine invariant: node ${id} does not exist`);
    return node;
  }

  byName(nodeName: string): NodeStatus | undefined {
    return this.nodes[this.idOf(nodeName)];
  }

  /** Creates a node as Argo's initializeNode does. */
  initNode(spec: NewNode): NodeStatus {
    const id = this.idOf(spec.name);
    if (this.nodes[id]) throw new Error(`engine invariant: node ${spec.name} already initialized`);
    const boundary = spec.boundaryID ? this.nodes[spec.boundaryID] : undefined;
    const node: NodeStatus = {
      id,
      name: spec.name,
      displayName: displayNameFor(spec.name, boundary?.name),
      type: spec.type,
      ...(spec.templateName ? { templateName: spec.templateName } : {}),
      ...(spec.templateRef ? { templateRef: spec.templateRef } : {}),
      ...(spec.templateScope ? { templateScope: spec.templateScope } : {}),
      phase: spec.phase,
      ...(spec.boundaryID ? { boundaryID: spec.boundaryID } : {}),
      ...(spec.message ? { message: spec.message } : {}),
      startedAt: this.now,
      ...(spec.inputs ? { inputs: spec.inputs } : {}),
      ...(spec.hooked || spec.retried
        ? {
            nodeFlag: {
              ...(spec.hooked ? { hooked: true } : {}),
              ...(spec.retried ? { retried: true } : {}),
            },
          }
        : {}),
    };
    if (isFulfilledPhase(node.phase)) node.finishedAt = node.startedAt;
    this.nodes[id] = node;
    this.changed.add(id);
    return node;
  }

  /** Sets a node's phase (and message), stamping `finishedAt` once it is fulfilled. */
  markPhase(id: string, phase: NodePhase, message?: string): NodeStatus {
    const node = this.must(id);
    if (node.phase !== phase) node.phase = phase;
    if (message !== undefined && message !== node.message) {
      if (message === "") delete node.message;
      else node.message = message;
    }
    if (isFulfilledPhase(node.phase) && !node.finishedAt) node.finishedAt = this.now;
    this.changed.add(id);
    return node;
  }

  addChild(parentId: string, childId: string): void {
    const parent = this.must(parentId);
    const children = parent.children ?? [];
    if (this.hasChild(parentId, children, childId)) return;
    children.push(childId);
    parent.children = children;
    this.childSets.get(parentId)?.add(childId);
    this.changed.add(parentId);
  }

  /** Membership test that stays O(1) for wide fan-outs (a linear scan would make them quadratic). */
  private hasChild(parentId: string, children: string[], childId: string): boolean {
    if (children.length < 32) return children.includes(childId);
    let set = this.childSets.get(parentId);
    if (!set) {
      set = new Set(children);
      this.childSets.set(parentId, set);
    }
    return set.has(childId);
  }

  touch(id: string): void {
    this.changed.add(id);
  }

  emit(action: Action): void {
    this.actions.push(action);
  }
}
