/**
 * Parses a trigger's `conditions`: dependency names joined by `&&` and `||`, grouped with
 * parentheses. Argo Events compiles the text after mapping `-` to `_` in both the text and the
 * dependency names, so `dep_a` and `dep-a` name the same dependency; nothing else (`!`, literals,
 * comparisons) is allowed.
 */

export interface ParsedConditions {
  /** Every name mentioned, in order, as written. */
  names: string[];
  /** Why the text does not parse, when it does not. */
  error?: string;
}

type Token = { kind: "name" | "and" | "or" | "open" | "close"; text: string; at: number };

/** Reads the names of a conditions text and checks its syntax. */
export function parseConditions(text: string): ParsedConditions {
  const lexed = tokenize(text);
  if (typeof lexed === "string") return { names: [], error: lexed };
  const names = lexed.filter((t) => t.kind === "name").map((t) => t.text);
  const error = grammarError(lexed);
  return error === undefined ? { names } : { names, error };
}

/** The name as Argo matches it: `-` and `_` are the same. */
export const conditionKey = (name: string): string => name.replaceAll("-", "_");

function tokenize(text: string): Token[] | string {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const space = /^\s+/.exec(rest);
    const name = /^[A-Za-z0-9_-]+/.exec(rest);
    if (space !== null) i += space[0].length;
    else if (name !== null) {
      tokens.push({ kind: "name", text: name[0], at: i });
      i += name[0].length;
    } else if (rest.startsWith("&&") || rest.startsWith("||")) {
      tokens.push({ kind: rest.startsWith("&&") ? "and" : "or", text: rest.slice(0, 2), at: i });
      i += 2;
    } else if (rest[0] === "(" || rest[0] === ")") {
      tokens.push({ kind: rest[0] === "(" ? "open" : "close", text: rest[0], at: i });
      i += 1;
    } else {
      return `unexpected "${rest[0]}" at position ${i + 1}: only dependency names, &&, || and parentheses are allowed`;
    }
  }
  return tokens;
}

/** Walks the tokens as `expr := operand (op operand)*`, `operand := name | "(" expr ")"`. */
function grammarError(tokens: readonly Token[]): string | undefined {
  if (tokens.length === 0) return "it is empty";
  let depth = 0;
  let wantOperand = true;
  for (const t of tokens) {
    const where = `"${t.text}" at position ${t.at + 1}`;
    if (wantOperand) {
      if (t.kind === "name") wantOperand = false;
      else if (t.kind === "open") depth++;
      else return `expected a dependency name or "(" but found ${where}`;
    } else if (t.kind === "and" || t.kind === "or") {
      wantOperand = true;
    } else if (t.kind === "close") {
      if (depth === 0) return `unmatched ${where}`;
      depth--;
    } else {
      return `expected && or || but found ${where}`;
    }
  }
  if (wantOperand) return "it ends where a dependency name is expected";
  if (depth > 0) return `${depth} "(" without a matching ")"`;
  return undefined;
}
