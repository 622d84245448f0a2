/**
 * Trigger `conditions`: a boolean expression over dependency names with `&&`, `||` and
 * parentheses, `&&` binding tighter than `||` (Argo hands the text to govaluate, whose precedence
 * this is; each name is true when its dependency has an event). Names are letters, digits, `-`,
 * `_` and `.`. Parsed once into a closure tree.
 */
import { invalid } from "../../util/errors.js";

export interface Conditions {
  /** Every dependency name the expression mentions, in order of first appearance. */
  names: string[];
  evaluate(satisfied: ReadonlySet<string>): boolean;
}

type Eval = (satisfied: ReadonlySet<string>) => boolean;

interface Tok {
  kind: "name" | "and" | "or" | "(" | ")" | "end";
  text: string;
  pos: number;
}

const maxDepth = 100;

function tokenize(text: string, fail: (msg: string, pos: number) => never): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) i++;
    else if (text.startsWith("&&", i) || text.startsWith("||", i)) {
      out.push({ kind: c === "&" ? "and" : "or", text: text.slice(i, i + 2), pos: i });
      i += 2;
    } else if (c === "(" || c === ")") out.push({ kind: c, text: c, pos: i++ });
    else {
      const m = /^[A-Za-z0-9_.-]+/.exec(text.slice(i));
      if (!m) fail(`unexpected character "${c}"`, i);
      const word = (m as RegExpExecArray)[0];
      out.push({ kind: "name", text: word, pos: i });
      i += word.length;
    }
  }
  out.push({ kind: "end", text: "end of text", pos: text.length });
  return out;
}

/** Parses a `conditions` string; throws `Invalid` naming the 1-based position of the problem. */
export function parseConditions(text: string): Conditions {
  const fail = (msg: string, pos: number): never => {
    throw invalid(`invalid conditions "${text}": ${msg} at position ${pos + 1}`);
  };
  const toks = tokenize(text, fail);
  const names: string[] = [];
  let i = 0;
  const peek = () => toks[i] as Tok;
  const describe = (t: Tok) => (t.kind === "end" ? "end of text" : `"${t.text}"`);

  const primary = (depth: number): Eval => {
    if (depth > maxDepth) fail("expression nested too deeply", peek().pos);
    const t = peek();
    if (t.kind === "name") {
      i++;
      if (!names.includes(t.text)) names.push(t.text);
      return (s) => s.has(t.text);
    }
    if (t.kind === "(") {
      i++;
      const inner = or(depth + 1);
      const close = peek();
      if (close.kind !== ")") fail(`expected ")" but found ${describe(close)}`, close.pos);
      i++;
      return inner;
    }
    return fail(`expected a dependency name or "(" but found ${describe(t)}`, t.pos);
  };
  const and = (depth: number): Eval => {
    const parts = [primary(depth)];
    while (peek().kind === "and") {
      i++;
      parts.push(primary(depth));
    }
    return parts.length === 1 ? (parts[0] as Eval) : (s) => parts.every((p) => p(s));
  };
  const or = (depth: number): Eval => {
    const parts = [and(depth)];
    while (peek().kind === "or") {
      i++;
      parts.push(and(depth));
    }
    return parts.length === 1 ? (parts[0] as Eval) : (s) => parts.some((p) => p(s));
  };

  const root = or(0);
  const rest = peek();
  if (rest.kind !== "end") fail(`expected "&&", "||" or end of text but found ${describe(rest)}`, rest.pos);
  return { names, evaluate: root };
}

/** The default when a trigger has no `conditions`: every dependency must have an event. */
export function allOf(names: readonly string[]): Conditions {
  const list = [...names];
  return { names: list, evaluate: (s) => list.every((n) => s.has(n)) };
}
