/**
 * Store-independent rules every implementation applies the same way: object keys, generated
 * names, timestamps, label matching, and how a Workflow is split into its body and node rows.
 */
import { randomInt } from "node:crypto";
import type { NodeStatus } from "../spec/types.js";
import { invalid } from "../util/errors.js";
import type { StorableObject, StoredObject } from "./types.js";

/** The identity of a stored object; cluster-scoped kinds use namespace "". */
export interface ObjectKey {
  kind: string;
  namespace: string;
  name: string;
}

/** The kind whose status nodes live in their own rows. */
export const WORKFLOW_KIND = "Workflow";

// Kubernetes' alphabet for generated names: no vowels (no accidental words) and no 0/1/3 look-alikes.
const NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

/** A Kubernetes-style timestamp: RFC 3339 in UTC with whole seconds, e.g. `2024-01-02T03:04:05Z`. */
export function rfc3339Seconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Five random characters, as Kubernetes appends to `metadata.generateName`. */
export function randomNameSuffix(): string {
  let suffix = "";
  for (let i = 0; i < 5; i++) suffix += NAME_ALPHABET[randomInt(NAME_ALPHABET.length)];
  return suffix;
}

/** The key of an existing object; `Invalid` when it has no kind or name. */
export function keyOf(obj: StorableObject): ObjectKey {
  const name = obj.metadata?.name;
  if (typeof obj.kind !== "string" || obj.kind === "") throw invalid("object has no kind");
  if (typeof name !== "string" || name === "") throw invalid(`${obj.kind} has no metadata.name`);
  return { kind: obj.kind, namespace: obj.metadata.namespace ?? "", name };
}

/** The key of an object about to be created: `metadata.name`, else `generateName` plus a suffix. */
export function keyForCreate(obj: StorableObject): ObjectKey {
  const generateName = obj.metadata?.generateName;
  if (!obj.metadata?.name && typeof generateName === "string" && generateName !== "") {
    return keyOf({ ...obj, metadata: { ...obj.metadata, name: generateName + randomNameSuffix() } });
  }
  return keyOf(obj);
}

/** True when `labels` carries every pair of `selector` (an empty or absent selector matches all). */
export function matchesLabels(
  labels: Record<string, string> | undefined,
  selector: Record<string, string> | undefined,
): boolean {
  if (!selector) return true;
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

/**
 * Splits a Workflow into the body stored in its object row (status without `nodes`) and its
 * nodes; `nodes` is undefined when the object carries none (other kinds, or a status without them).
 */
export function splitNodes(obj: StorableObject): { body: StoredObject; nodes: NodeStatus[] | undefined } {
  const open = obj as StoredObject;
  const status = open.status;
  if (obj.kind !== WORKFLOW_KIND || !isRecord(status) || !("nodes" in status)) {
    return { body: open, nodes: undefined };
  }
  const { nodes, ...rest } = status;
  const list = isRecord(nodes) ? (Object.values(nodes) as NodeStatus[]) : [];
  return { body: { ...open, status: rest }, nodes: list };
}

/** `JSON.stringify` that reports values it cannot encode (cycles, BigInt) as `Invalid`. */
export function toJson(value: unknown, what: string): string {
  try {
    return JSON.stringify(value) ?? "null";
  } catch (cause) {
    throw invalid(`${what} cannot be stored as JSON: ${(cause as Error).message}`, { cause });
  }
}

/** The id of a node to store; `Invalid` when missing. */
export function nodeIdOf(node: NodeStatus): string {
  if (typeof node?.id !== "string" || node.id === "") throw invalid("workflow node has no id");
  return node.id;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
