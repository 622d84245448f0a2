/**
 * The expr-lang syntax tree. Every node records `pos`, the source offset of the token that names it,
 * so runtime errors can point at the operator or call that failed.
 */

export type Node =
  | { kind: "Nil"; pos: number }
  | { kind: "Bool"; pos: number; value: boolean }
  | { kind: "Int"; pos: number; value: number }
  | { kind: "Float"; pos: number; value: number }
  | { kind: "Str"; pos: number; value: string }
  | { kind: "Ident"; pos: number; name: string }
  /** `#` (item), `#index`, `#acc` inside a predicate; `.field` is a Member of an item Pointer. */
  | { kind: "Pointer"; pos: number; name: string }
  | { kind: "Array"; pos: number; items: Node[] }
  | { kind: "Map"; pos: number; pairs: { key: Node; value: Node }[] }
  | { kind: "Unary"; pos: number; op: "not" | "!" | "-" | "+"; operand: Node }
  | { kind: "Binary"; pos: number; op: string; left: Node; right: Node }
  | { kind: "Member"; pos: number; object: Node; property: Node; optional: boolean }
  | { kind: "Slice"; pos: number; object: Node; from: Node | undefined; to: Node | undefined }
  /** A call of a function value (env function, sprig function) or of a method (`d.Seconds()`). */
  | { kind: "Call"; pos: number; callee: Node; args: Node[] }
  | { kind: "Builtin"; pos: number; name: string; args: Node[] }
  | { kind: "Predicate"; pos: number; body: Node }
  | { kind: "Conditional"; pos: number; cond: Node; then: Node; otherwise: Node }
  /** Boundary of an optional chain: a nil reached through `?.` makes the whole chain nil. */
  | { kind: "Chain"; pos: number; node: Node }
  | { kind: "Let"; pos: number; name: string; value: Node; body: Node }
  | { kind: "Sequence"; pos: number; nodes: Node[] };

export type NodeKind = Node["kind"];
export type NodeOf<K extends NodeKind> = Extract<Node, { kind: K }>;

/** A parsed expression, ready to run any number of times. */
export interface Program {
  readonly source: string;
  readonly root: Node;
}

/** The direct children of a node, for generic walks. */
export function childNodes(node: Node): Node[] {
  switch (node.kind) {
    case "Nil":
    case "Bool":
    case "Int":
    case "Float":
    case "Str":
    case "Ident":
    case "Pointer":
      return [];
    case "Array":
      return node.items;
    case "Map":
      return node.pairs.flatMap((p) => [p.key, p.value]);
    case "Unary":
      return [node.operand];
    case "Binary":
      return [node.left, node.right];
    case "Member":
      return [node.object, node.property];
    case "Slice":
      return [node.object, ...(node.from ? [node.from] : []), ...(node.to ? [node.to] : [])];
    case "Call":
      return [node.callee, ...node.args];
    case "Builtin":
      return node.args;
    case "Predicate":
      return [node.body];
    case "Conditional":
      return [node.cond, node.then, node.otherwise];
    case "Chain":
      return [node.node];
    case "Let":
      return [node.value, node.body];
    case "Sequence":
      return node.nodes;
  }
}
