/**
 * Recursive-descent parser for Go's text/template over the lexer's tokens. It checks what Go
 * checks at parse time, with Go's wording: unknown functions, undeclared variables, unbalanced
 * `{{end}}`/`{{else}}`, `break` outside `range`, malformed numbers. `define`, `template` and `block`
 * are not supported (Argo's one-template parameters never need them).
 */
import type { Command, Operand, Pipe, TemplateNode } from "./ast.js";
import { TemplateError } from "./errors.js";
import type { Token } from "./lexer.js";

const maxDepth = 100;

export function parse(
  tokens: Token[],
  src: string,
  name: string,
  isFunc: (n: string) => boolean,
): TemplateNode[] {
  return new Parser(tokens, src, name, isFunc).parseTop();
}

type Terminator = "end" | "else" | "eof";

class Parser {
  private i = 0;
  private vars: string[] = ["$"];
  private rangeDepth = 0;
  private depth = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly src: string,
    private readonly name: string,
    private readonly isFunc: (n: string) => boolean,
  ) {}

  parseTop(): TemplateNode[] {
    const { nodes, end, pos } = this.parseList();
    if (end !== "eof") this.fail(`unexpected {{${end}}}`, pos);
    return nodes;
  }

  private fail(message: string, pos: number): never {
    throw new TemplateError(message, { name: this.name, src: this.src, pos });
  }

  private peek(k = 0): Token | undefined {
    return this.tokens[this.i + k];
  }

  private next(): Token {
    const t = this.tokens[this.i++];
    if (!t) this.fail("unexpected EOF", this.src.length);
    return t as Token;
  }

  private expectClose(context: string): void {
    const t = this.next();
    if (t.kind !== "close") this.fail(`unexpected "${t.value}" in ${context}`, t.pos);
  }

  /** Parses nodes up to `{{end}}`, `{{else}}` (consumed up to the keyword) or the end of input. */
  private parseList(): { nodes: TemplateNode[]; end: Terminator; pos: number } {
    if (++this.depth > maxDepth) this.fail("template nesting too deep", this.peek()?.pos ?? 0);
    const nodes: TemplateNode[] = [];
    try {
      for (let t = this.peek(); t; t = this.peek()) {
        this.i++;
        if (t.kind === "text") {
          nodes.push({ t: "text", text: t.value });
          continue;
        }
        const word = this.peek();
        if (word?.kind === "keyword") {
          if (word.value === "end" || word.value === "else") {
            this.i++;
            return { nodes, end: word.value, pos: word.pos };
          }
          nodes.push(this.parseKeyword(word));
          continue;
        }
        const pipe = this.parsePipe("command", true);
        this.expectClose("command");
        nodes.push({ t: "action", pos: pipe.pos, pipe });
      }
      return { nodes, end: "eof", pos: this.src.length };
    } finally {
      this.depth--;
    }
  }

  private parseKeyword(word: Token): TemplateNode {
    this.i++;
    switch (word.value) {
      case "if":
      case "with":
      case "range":
        return this.parseControl(word.value, word.pos);
      case "break":
      case "continue":
        if (this.rangeDepth === 0) this.fail(`{{${word.value}}} outside {{range}}`, word.pos);
        this.expectClose(word.value);
        return { t: word.value, pos: word.pos };
      default:
        return this.fail(`{{${word.value}}} actions are not supported`, word.pos);
    }
  }

  /** `if`/`with`/`range` after the keyword, through its `{{end}}` (shared with `{{else if …}}`). */
  private parseControl(kind: "if" | "with" | "range", pos: number): TemplateNode {
    const mark = this.vars.length;
    try {
      const pipe = this.parsePipe(kind, false);
      this.expectClose(kind);
      if (kind === "range") this.rangeDepth++;
      const body = this.parseList();
      if (kind === "range") this.rangeDepth--;
      if (body.end === "eof") this.fail(`unexpected EOF`, this.src.length);
      if (body.end === "end") {
        this.expectClose("end");
        return { t: kind, pos, pipe, list: body.nodes };
      }
      const chained = this.peek();
      if (kind !== "range" && chained?.kind === "keyword" && chained.value === kind) {
        this.i++;
        return { t: kind, pos, pipe, list: body.nodes, elseList: [this.parseControl(kind, chained.pos)] };
      }
      this.expectClose("else");
      const other = this.parseList();
      if (other.end !== "end")
        this.fail(`expected end; found ${other.end === "eof" ? "EOF" : "{{else}}"}`, other.pos);
      this.expectClose("end");
      return { t: kind, pos, pipe, list: body.nodes, elseList: other.nodes };
    } finally {
      this.vars.length = mark;
    }
  }

  private parsePipe(context: string, allowAssign: boolean): Pipe {
    if (++this.depth > maxDepth) this.fail("template nesting too deep", this.peek()?.pos ?? 0);
    try {
      return this.parsePipeBody(context, allowAssign);
    } finally {
      this.depth--;
    }
  }

  private parsePipeBody(context: string, allowAssign: boolean): Pipe {
    const start = this.peek();
    const pos = start?.pos ?? this.src.length;
    const decl: string[] = [];
    let isAssign = false;
    const first = this.peek();
    const after = this.peek(1);
    if (
      first?.kind === "variable" &&
      (after?.kind === "declare" || after?.kind === "assign" || after?.kind === "comma")
    ) {
      if (after.kind === "comma") {
        const second = this.peek(2);
        const op = this.peek(3);
        if (context !== "range" || second?.kind !== "variable" || op?.kind !== "declare")
          this.fail(`too many declarations in ${context}`, after.pos);
        decl.push(first.value, second.value);
        this.i += 4;
      } else {
        isAssign = after.kind === "assign";
        if (isAssign && !allowAssign && context !== "if" && context !== "with")
          this.fail("unexpected =", after.pos);
        if (isAssign && !this.vars.includes(first.value))
          this.fail(`undefined variable "${first.value}"`, first.pos);
        decl.push(first.value);
        this.i += 2;
      }
    }
    const cmds: Command[] = [];
    for (;;) {
      cmds.push(this.parseCommand(context));
      if (this.peek()?.kind !== "pipe") break;
      this.i++;
    }
    if (!isAssign) this.vars.push(...decl);
    return { pos, decl, isAssign, cmds };
  }

  private parseCommand(context: string): Command {
    const args: Operand[] = [];
    const start = this.peek();
    let end = start?.pos ?? 0;
    for (
      let t = this.peek();
      t && t.kind !== "close" && t.kind !== "pipe" && t.kind !== "rparen";
      t = this.peek()
    ) {
      args.push(this.parseOperand());
      end = this.tokens[this.i - 1]?.end ?? end;
    }
    const pos = start?.pos ?? this.src.length;
    if (args.length === 0) this.fail(`missing value for ${context}`, pos);
    return { pos, text: this.src.slice(pos, end), args };
  }

  private parseOperand(): Operand {
    const term = this.parseTerm();
    const termEnd = this.tokens[this.i - 1]?.end ?? term.pos;
    const names: string[] = [];
    while (this.peek()?.kind === "field" && !this.peek()?.spaceBefore) names.push(this.next().value);
    if (names.length === 0) return term;
    switch (term.t) {
      case "field":
      case "variable":
      case "pipe":
        return { ...term, names: [...term.names, ...names] };
      case "dot":
        return { t: "field", pos: term.pos, names };
      default:
        return this.fail(`unexpected . after term "${this.src.slice(term.pos, termEnd)}"`, term.pos);
    }
  }

  private parseTerm(): Operand {
    const t = this.next();
    switch (t.kind) {
      case "dot":
        return { t: "dot", pos: t.pos };
      case "nil":
        return { t: "nil", pos: t.pos };
      case "bool":
        return { t: "bool", pos: t.pos, value: t.value === "true" };
      case "string":
        return { t: "string", pos: t.pos, value: t.value };
      case "char":
        return { t: "number", pos: t.pos, value: Number(t.value), isInt: true, text: t.value };
      case "number":
        return this.number(t);
      case "field":
        return { t: "field", pos: t.pos, names: [t.value] };
      case "variable":
        if (!this.vars.includes(t.value)) this.fail(`undefined variable "${t.value}"`, t.pos);
        return { t: "variable", pos: t.pos, name: t.value, names: [] };
      case "identifier":
        if (!this.isFunc(t.value)) this.fail(`function "${t.value}" not defined`, t.pos);
        return { t: "identifier", pos: t.pos, name: t.value };
      case "lparen": {
        const pipe = this.parsePipe("parenthesized pipeline", false);
        const close = this.next();
        if (close.kind !== "rparen") this.fail(`unclosed left paren`, t.pos);
        return { t: "pipe", pos: t.pos, pipe, names: [] };
      }
      default:
        return this.fail(`unexpected "${t.value}" in operand`, t.pos);
    }
  }

  private number(t: Token): Operand {
    const text = t.value;
    const body = text.replace(/^[+-]/, "");
    const sign = text.startsWith("-") ? -1 : 1;
    const clean = body.replaceAll("_", "");
    let value: number | undefined;
    let isInt = true;
    if (/^0[xX][0-9a-fA-F_]+$/.test(body)) value = Number.parseInt(clean.slice(2), 16);
    else if (/^0[oO][0-7_]+$/.test(body)) value = Number.parseInt(clean.slice(2), 8);
    else if (/^0[bB][01_]+$/.test(body)) value = Number.parseInt(clean.slice(2), 2);
    else if (/^0[0-7_]*$/.test(body)) value = Number.parseInt(clean, 8);
    else if (/^[1-9][0-9_]*$/.test(body)) value = Number(clean);
    else if (/^([0-9][0-9_]*\.?[0-9_]*|\.[0-9][0-9_]*)([eE][+-]?[0-9]+)?$/.test(body)) {
      value = Number(clean);
      isInt = false;
    }
    if (value === undefined || Number.isNaN(value)) this.fail(`illegal number syntax: "${text}"`, t.pos);
    return { t: "number", pos: t.pos, value: sign * (value as number), isInt, text };
  }
}
