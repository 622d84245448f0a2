import { type Document, isAlias, isMap, isScalar, isSeq, type Node } from "yaml";
import type { PathSegment } from "./problem.js";

/** A 1-based place in a file. */
export interface Position {
  line: number;
  column: number;
}

/** Finds where the node at a path starts; see {@link makeLocator}. */
export type Locator = (path: readonly PathSegment[]) => Position | undefined;

/**
 * Builds the `locate` function of a loaded document. For a map entry the key's position is given,
 * because that is where an editor should put the cursor for "unknown field" or "bad value". When the
 * path leaves the document (a missing field), the deepest node that does exist is used.
 */
export function makeLocator(doc: Document.Parsed, at: (offset: number) => Position): Locator {
  return (path) => {
    let node: unknown = doc.contents;
    let found = startOf(node);
    for (const segment of path) {
      const step = child(doc, node, segment);
      if (step === undefined) break;
      found = step.start ?? found;
      node = step.node;
    }
    return found === undefined ? undefined : at(found);
  };
}

interface Step {
  node: unknown;
  start: number | undefined;
}

function child(doc: Document.Parsed, parent: unknown, segment: PathSegment): Step | undefined {
  const node = isAlias(parent) ? parent.resolve(doc) : parent;
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = pair.key;
      const name = isScalar(key) ? String(key.value) : undefined;
      if (name === String(segment)) return { node: pair.value, start: startOf(key) ?? startOf(pair.value) };
    }
    return undefined;
  }
  if (isSeq(node) && typeof segment === "number") {
    const item: unknown = node.items[segment];
    if (item === undefined) return undefined;
    return { node: item, start: startOf(item) };
  }
  return undefined;
}

function startOf(node: unknown): number | undefined {
  if (node === null || typeof node !== "object" || !("range" in node)) return undefined;
  const range = (node as Node).range;
  return range ? range[0] : undefined;
}
