/**
 * Variable scopes for `{{…}}` substitution: the workflow's global variables, a steps/DAG
 * template's `steps.*`/`tasks.*` references, and a template's `inputs.*`, layered so that a lookup
 * never copies the larger scopes (copying them per task would make wide DAGs quadratic).
 */
import type { Artifact, NodeStatus, Parameter } from "../spec/types.js";

/** A read-only view over several maps; earlier layers win. */
export class LayeredScope implements ReadonlyMap<string, string> {
  private readonly layers: ReadonlyMap<string, string>[];

  constructor(...layers: ReadonlyMap<string, string>[]) {
    this.layers = layers;
  }

  get(key: string): string | undefined {
    for (const layer of this.layers) {
      const v = layer.get(key);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  get size(): number {
    return [...this.keys()].length;
  }

  *entries(): MapIterator<[string, string]> {
    const seen = new Set<string>();
    for (const layer of this.layers) {
      for (const [k, v] of layer) {
        if (seen.has(k)) continue;
        seen.add(k);
        yield [k, v];
      }
    }
  }

  *keys(): MapIterator<string> {
    for (const [k] of this.entries()) yield k;
  }

  *values(): MapIterator<string> {
    for (const [, v] of this.entries()) yield v;
  }

  [Symbol.iterator](): MapIterator<[string, string]> {
    return this.entries();
  }

  forEach(fn: (value: string, key: string, map: ReadonlyMap<string, string>) => void): void {
    for (const [k, v] of this.entries()) fn(v, k, this);
  }
}

/** String form of a parameter value as Argo stores it (`AnyString`). */
export const paramString = (v: unknown): string => (typeof v === "string" ? v : v == null ? "" : String(v));

/**
 * Adds the references Argo exposes for a finished (or running) child: `<prefix>.<name>.id`,
 * `.status`, `.startedAt`, `.finishedAt`, `.exitCode`, `.outputs.result`, `.outputs.parameters.<p>`.
 */
export function addNodeRefs(
  scope: Map<string, string>,
  prefix: "steps" | "tasks",
  name: string,
  node: NodeStatus,
): void {
  const base = `${prefix}.${name}`;
  scope.set(`${base}.id`, node.id);
  if (node.startedAt) scope.set(`${base}.startedAt`, node.startedAt);
  if (node.finishedAt) scope.set(`${base}.finishedAt`, node.finishedAt);
  if (node.podIP) scope.set(`${base}.ip`, node.podIP);
  scope.set(`${base}.status`, node.phase);
  if (node.hostNodeName) scope.set(`${base}.hostNodeName`, node.hostNodeName);
  const outputs = node.outputs;
  if (!outputs) return;
  if (outputs.result !== undefined) scope.set(`${base}.outputs.result`, outputs.result);
  if (outputs.exitCode !== undefined) scope.set(`${base}.exitCode`, outputs.exitCode);
  for (const p of outputs.parameters ?? []) {
    if (p.value !== undefined) scope.set(`${base}.outputs.parameters.${p.name}`, paramString(p.value));
  }
  // An artifact reference stands for the artifact's location, carried as JSON to `from`.
  for (const a of outputs.artifacts ?? [])
    scope.set(`${base}.outputs.artifacts.${a.name}`, JSON.stringify(a));
}

/** `inputs.parameters.<name>`, `inputs.parameters` (JSON) and the artifacts' paths of a template's resolved inputs. */
export function inputScope(parameters: Parameter[] | undefined, artifacts?: Artifact[]): Map<string, string> {
  const scope = new Map<string, string>();
  for (const a of artifacts ?? []) {
    // The artifact itself, for `from: "{{inputs.artifacts.x}}"` in steps/DAG templates.
    scope.set(`inputs.artifacts.${a.name}`, JSON.stringify(a));
    if (a.path) scope.set(`inputs.artifacts.${a.name}.path`, a.path);
  }
  if (!parameters?.length) return scope;
  for (const p of parameters) {
    if (p.value !== undefined) scope.set(`inputs.parameters.${p.name}`, paramString(p.value));
  }
  scope.set("inputs.parameters", JSON.stringify(parameters));
  return scope;
}
