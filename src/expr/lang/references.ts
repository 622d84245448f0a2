/**
 * The variables an expression reads, the way Argo's template code lists them before evaluating:
 * each identifier and each plain member path (`steps.a.outputs.result`, and its prefixes). Paths
 * guarded by `??` or reached through `?.` are left out, so a missing value there is not required.
 * Names bound by `let` and Argo's own functions are not variables.
 */
import { childNodes, type Node, type Program } from "./ast.js";

function memberPath(node: Node): string | undefined {
  const parts: string[] = [];
  let cur: Node = node;
  while (cur.kind === "Member") {
    if (cur.optional || cur.property.kind !== "Str") return undefined;
    parts.unshift(cur.property.value);
    cur = cur.object;
  }
  if (cur.kind !== "Ident") return undefined;
  parts.unshift(cur.name);
  return parts.join(".");
}

/** Identifiers and member paths `program` reads, in first-seen order. */
export function referencedVariables(program: Program): string[] {
  const guarded = new Set<Node>();
  const seen = new Set<string>();
  const out: string[] = [];
  const markGuards = (node: Node): void => {
    if (node.kind === "Binary" && node.op === "??") markAllMembers(node.left);
    if (node.kind === "Member" && node.optional && node.object.kind === "Member") guarded.add(node.object);
    for (const child of childNodes(node)) markGuards(child);
  };
  const markAllMembers = (node: Node): void => {
    if (node.kind === "Member") guarded.add(node);
    for (const child of childNodes(node)) markAllMembers(child);
  };
  const visit = (node: Node, bound: ReadonlySet<string>): void => {
    if (node.kind === "Let") {
      visit(node.value, bound);
      visit(node.body, new Set([...bound, node.name]));
      return;
    }
    if (!guarded.has(node)) {
      const name = node.kind === "Ident" ? node.name : node.kind === "Member" ? memberPath(node) : undefined;
      const root = name?.split(".", 1)[0] ?? "";
      if (name !== undefined && !bound.has(root) && root !== "$env" && !seen.has(name)) {
        seen.add(name);
        out.push(name);
      }
    }
    for (const child of childNodes(node)) visit(child, bound);
  };
  markGuards(program.root);
  visit(program.root, new Set());
  return out;
}
