/**
 * Finds where a field path (`spec.templates[2].dag.tasks[0]`, as the server's lint names fields)
 * is in the YAML text the user typed, so each lint problem can point at its line.
 */
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";

/** `spec.templates[2].name` → `["spec", "templates", 2, "name"]`. */
export function splitPath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (m[2] !== undefined) out.push(Number(m[2]));
    else if (m[1] !== undefined) out.push(m[1]);
  }
  return out;
}

/** A parsed editor text: the document (or documents) and a way to turn offsets into lines. */
export interface ParsedText {
  value: unknown;
  errors: { message: string; line: number }[];
  lineOf: (path: string) => number | undefined;
}

/** Parses YAML (the first document) keeping positions for `lineOf`. */
export function parseWithLines(text: string): ParsedText {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  const lineAt = (offset: number) => counter.linePos(offset).line;
  const errors = doc.errors.map((e) => ({
    message: e.message.split("\n")[0] ?? e.message,
    line: lineAt(e.pos[0]),
  }));
  const lineOf = (path: string): number | undefined => {
    let node: unknown = doc.contents;
    let offset: number | undefined = (doc.contents as Node | null)?.range?.[0];
    for (const key of splitPath(path)) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key));
        if (!pair) break;
        offset = (pair.key as Node).range?.[0] ?? offset;
        node = pair.value;
      } else if (isSeq(node) && typeof key === "number") {
        const item = node.items[key] as Node | undefined;
        if (!item) break;
        offset = item.range?.[0] ?? offset;
        node = item;
      } else break;
    }
    return offset === undefined ? undefined : lineAt(offset);
  };
  return { value: errors.length ? undefined : doc.toJS(), errors, lineOf };
}
