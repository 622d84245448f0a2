/**
 * Recursive-descent parser for expr-lang, following expr v1.17's grammar: operator precedence and
 * associativity, chained comparisons (`1 < x < 3`), `not in`, pipes, predicates, optional chains,
 * `let`, `if/else`, ternaries. Nesting is capped at `limits.maxDepth`.
 */
import { ExprError } from "../errors.js";
import type { Node, NodeOf, Program } from "./ast.js";
import { builtinNames, predicateArgs } from "./builtin-names.js";
import { type Token, tokenize } from "./lexer.js";
import { limits } from "./limits.js";
import { binary, comparisons, negatable, parseNumber, TokenStream, unary } from "./parser-support.js";

/** Parses an expression; throws `ExprError` (kind "syntax") with the offending column. */
export function parse(source: string): Program {
  if (source.length > limits.maxSourceLength) {
    throw new ExprError(`expression is longer than ${limits.maxSourceLength} characters`, { kind: "syntax" });
  }
  const parser = new Parser(source, tokenize(source));
  const root = parser.parseSequence();
  parser.expectEnd();
  return { source, root };
}

class Parser extends TokenStream {
  private depth = 0;
  /** How many predicates enclose the current position (`#` and `.x` are valid only inside one). */
  private predicateDepth = 0;

  parseSequence(): Node {
    const nodes = [this.parseExpression(0)];
    while (this.is("Operator", ";")) {
      this.next();
      if (this.is("EOF")) break;
      nodes.push(this.parseExpression(0));
    }
    return nodes.length === 1 ? (nodes[0] as Node) : { kind: "Sequence", pos: (nodes[0] as Node).pos, nodes };
  }

  private parseExpression(precedence: number): Node {
    if (++this.depth > limits.maxDepth)
      throw this.error(this.cur, `expression nesting exceeds ${limits.maxDepth} levels`);
    try {
      if (precedence === 0 && this.is("Operator", "let")) return this.parseLet();
      if (precedence === 0 && this.is("Operator", "if")) return this.parseIf();
      let left = this.parsePrimary();
      let prev = "";
      while (this.is("Operator")) {
        let opToken = this.cur;
        let negate = false;
        if (opToken.value === "not") {
          const after = this.tokens[this.i + 1];
          if (after?.kind !== "Operator" || !negatable.has(after.value)) throw this.error(after ?? opToken);
          if ((binary[after.value]?.prec ?? -1) < precedence) break;
          this.next();
          opToken = this.cur;
          negate = true;
        }
        const op = binary[opToken.value];
        if (!op || op.prec < precedence) break;
        this.next();
        if (prev === "??" && opToken.value !== "??") {
          throw this.error(
            opToken,
            `Operator (${opToken.value}) and coalesce expressions (??) cannot be mixed. Wrap either by parentheses.`,
          );
        }
        if (opToken.value === "|") {
          const ident = this.expect("Identifier");
          left = this.parseCall(ident, [left]);
        } else if (comparisons.has(opToken.value)) {
          left = this.parseComparison(left, opToken, op.prec);
        } else {
          const right = this.parseExpression(op.right ? op.prec : op.prec + 1);
          left = { kind: "Binary", pos: opToken.pos, op: opToken.value, left, right };
          if (negate) left = { kind: "Unary", pos: opToken.pos, op: "not", operand: left };
        }
        prev = opToken.value;
      }
      return precedence === 0 ? this.parseTernary(left) : left;
    } finally {
      this.depth--;
    }
  }

  /** `a < b < c` means `a < b && b < c`. */
  private parseComparison(first: Node, opToken: Token, prec: number): Node {
    let left = first;
    let token = opToken;
    let root: Node | undefined;
    for (;;) {
      const right = this.parseExpression(prec + 1);
      const cmp: Node = { kind: "Binary", pos: token.pos, op: token.value, left, right };
      root = root ? { kind: "Binary", pos: token.pos, op: "&&", left: root, right: cmp } : cmp;
      left = right;
      if (!(this.is("Operator") && comparisons.has(this.cur.value))) return root;
      token = this.next();
    }
  }

  private parseTernary(node: Node): Node {
    let cond = node;
    while (this.is("Operator", "?")) {
      const q = this.next();
      let then: Node;
      if (this.is("Operator", ":")) {
        this.next();
        then = cond;
      } else {
        then = this.parseExpression(0);
        this.expect("Operator", ":");
      }
      const otherwise = this.parseExpression(0);
      cond = { kind: "Conditional", pos: q.pos, cond, then, otherwise };
    }
    return cond;
  }

  private parseLet(): Node {
    this.next();
    const name = this.expect("Identifier");
    this.expect("Operator", "=");
    const value = this.parseExpression(0);
    this.expect("Operator", ";");
    return { kind: "Let", pos: name.pos, name: name.value, value, body: this.parseSequence() };
  }

  private parseIf(): Node {
    const token = this.next();
    const cond = this.parseExpression(0);
    this.expect("Bracket", "{");
    const then = this.parseSequence();
    this.expect("Bracket", "}");
    this.expect("Operator", "else");
    let otherwise: Node;
    if (this.is("Operator", "if")) otherwise = this.parseIf();
    else {
      this.expect("Bracket", "{");
      otherwise = this.parseSequence();
      this.expect("Bracket", "}");
    }
    return { kind: "Conditional", pos: token.pos, cond, then, otherwise };
  }

  private parsePrimary(): Node {
    const token = this.cur;
    if (token.kind === "Operator" && unary[token.value] !== undefined) {
      this.next();
      const operand = this.parseExpression(unary[token.value] as number);
      return this.parsePostfix({ kind: "Unary", pos: token.pos, op: token.value as "not", operand });
    }
    if (this.is("Bracket", "(")) {
      this.next();
      const inner = this.parseSequence();
      this.expect("Bracket", ")");
      return this.parsePostfix(inner);
    }
    if (
      this.predicateDepth > 0 &&
      token.kind === "Operator" &&
      (token.value === "#" || token.value === ".")
    ) {
      let name = "";
      if (token.value === "#") {
        this.next();
        if (this.is("Identifier")) name = this.next().value;
      }
      // For `.field` the "." stays current, so the postfix loop reads it as a member access of `#`.
      return this.parsePostfix({ kind: "Pointer", pos: token.pos, name });
    }
    return this.parsePostfix(this.parseSecondary());
  }

  private parseSecondary(): Node {
    const token = this.next();
    switch (token.kind) {
      case "Identifier":
        if (token.value === "true" || token.value === "false") {
          return { kind: "Bool", pos: token.pos, value: token.value === "true" };
        }
        if (token.value === "nil") return { kind: "Nil", pos: token.pos };
        if (this.is("Bracket", "(")) return this.parseCall(token, []);
        return { kind: "Ident", pos: token.pos, name: token.value };
      case "Number":
        return parseNumber(token, (t, m) => this.error(t, m));
      case "String":
        return { kind: "Str", pos: token.pos, value: token.value };
      case "Bracket":
        if (token.value === "[") return this.parseArray(token);
        if (token.value === "{") return this.parseMap(token);
        throw this.error(token);
      default:
        throw this.error(token);
    }
  }

  private parseArray(token: Token): Node {
    const items: Node[] = [];
    while (!this.is("Bracket", "]")) {
      if (items.length > 0) {
        this.expect("Operator", ",");
        if (this.is("Bracket", "]")) break;
      }
      items.push(this.parseExpression(0));
    }
    this.expect("Bracket", "]");
    return { kind: "Array", pos: token.pos, items };
  }

  private parseMap(token: Token): Node {
    const pairs: NodeOf<"Map">["pairs"] = [];
    while (!this.is("Bracket", "}")) {
      if (pairs.length > 0) {
        this.expect("Operator", ",");
        if (this.is("Bracket", "}")) break;
      }
      let key: Node;
      const k = this.cur;
      if (k.kind === "Number" || k.kind === "String" || k.kind === "Identifier") {
        this.next();
        key = { kind: "Str", pos: k.pos, value: k.value };
      } else if (this.is("Bracket", "(")) {
        key = this.parseExpression(0);
      } else {
        const what = k.kind === "EOF" ? "end of expression" : JSON.stringify(k.value);
        throw this.error(
          k,
          `a map key must be a quoted string, a number, a identifier, or an expression enclosed in parentheses (unexpected token ${what})`,
        );
      }
      this.expect("Operator", ":");
      pairs.push({ key, value: this.parseExpression(0) });
    }
    this.expect("Bracket", "}");
    return { kind: "Map", pos: token.pos, pairs };
  }

  /** `name(args)`: a predicate builtin, another builtin, or a call of a function value. */
  private parseCall(token: Token, args: Node[]): Node {
    const spec = predicateArgs[token.value];
    if (spec) {
      this.expect("Bracket", "(");
      for (const [i, arg] of spec.slice(args.length).entries()) {
        if (this.is("Bracket", ")")) {
          if (arg.endsWith("?")) break;
          throw this.error(this.cur, `expected at least ${spec.length - args.length} arguments`);
        }
        if (i > 0) this.expect("Operator", ",");
        args.push(arg.startsWith("predicate") ? this.parsePredicate() : this.parseExpression(0));
      }
      if (this.is("Operator", ",")) this.next();
      this.expect("Bracket", ")");
      return { kind: "Builtin", pos: token.pos, name: token.value, args };
    }
    const all = this.parseArguments(args);
    if (builtinNames.has(token.value))
      return { kind: "Builtin", pos: token.pos, name: token.value, args: all };
    return {
      kind: "Call",
      pos: token.pos,
      callee: { kind: "Ident", pos: token.pos, name: token.value },
      args: all,
    };
  }

  private parseArguments(initial: Node[]): Node[] {
    const args = initial;
    const offset = args.length;
    this.expect("Bracket", "(");
    while (!this.is("Bracket", ")")) {
      if (args.length > offset) {
        this.expect("Operator", ",");
        if (this.is("Bracket", ")")) break;
      }
      args.push(this.parseExpression(0));
    }
    this.expect("Bracket", ")");
    return args;
  }

  private parsePredicate(): Node {
    const start = this.cur;
    const braced = this.is("Bracket", "{");
    if (braced) this.next();
    this.predicateDepth++;
    let body: Node;
    if (braced) body = this.parseSequence();
    else {
      body = this.parseExpression(0);
      if (this.is("Operator", ";")) throw this.error(this.cur, "wrap predicate with brackets { and }");
    }
    this.predicateDepth--;
    if (braced) this.expect("Bracket", "}");
    return { kind: "Predicate", pos: start.pos, body };
  }

  private parsePostfix(first: Node): Node {
    let node = first;
    for (;;) {
      const t = this.cur;
      if (t.kind === "Operator" && (t.value === "." || t.value === "?.")) {
        const optional = t.value === "?.";
        this.next();
        if (optional && this.is("Bracket", "[")) {
          node = this.parseIndex(node, this.next(), true);
          continue;
        }
        const prop = this.next();
        if (prop.kind !== "Identifier" && !(prop.kind === "Operator" && /^[A-Za-z_]\w*$/.test(prop.value))) {
          throw this.error(prop, "expected name");
        }
        const inChain = node.kind === "Chain";
        const object = node.kind === "Chain" ? node.node : node;
        let member: Node = {
          kind: "Member",
          pos: prop.pos,
          object,
          property: { kind: "Str", pos: prop.pos, value: prop.value },
          optional,
        };
        if (this.is("Bracket", "("))
          member = { kind: "Call", pos: prop.pos, callee: member, args: this.parseArguments([]) };
        node = inChain || optional ? { kind: "Chain", pos: prop.pos, node: member } : member;
      } else if (t.kind === "Bracket" && t.value === "[") {
        this.next();
        node = this.parseIndex(node, t, false);
      } else return node;
    }
  }

  /** After `[`: an index `a[i]` or a slice `a[i:j]`, `a[:j]`, `a[i:]`, `a[:]`. */
  private parseIndex(node: Node, bracket: Token, optional: boolean): Node {
    const inChain = node.kind === "Chain";
    const object = node.kind === "Chain" ? node.node : node;
    let from: Node | undefined;
    if (!this.is("Operator", ":")) from = this.parseExpression(0);
    if (this.is("Operator", ":")) {
      this.next();
      const to = this.is("Bracket", "]") ? undefined : this.parseExpression(0);
      this.expect("Bracket", "]");
      const slice: Node = { kind: "Slice", pos: bracket.pos, object, from, to };
      return inChain ? { kind: "Chain", pos: bracket.pos, node: slice } : slice;
    }
    this.expect("Bracket", "]");
    const member: Node = { kind: "Member", pos: bracket.pos, object, property: from as Node, optional };
    return inChain || optional ? { kind: "Chain", pos: bracket.pos, node: member } : member;
  }
}
