/**
 * Executes a parsed Go template over data: prints actions (`<no value>` for nil), runs
 * `if`/`with`/`range` (maps in sorted key order, as Go does), pipelines (the previous command's
 * result becomes the last argument of the next), variables and function calls. Errors read like
 * Go's: `executing "param" at <…>: …`. Evaluation is bounded in steps and output size.
 */
import type { Command, ControlNode, Operand, Pipe, TemplateNode } from "./ast.js";
import { TemplateError } from "./errors.js";
import { ArgError, CallError, convertArg, type TemplateFunc } from "./func.js";
import { GoInt, isMap, isNil, printValue, truth, typeName } from "./values.js";

export const execLimits = { maxSteps: 1_000_000, maxOutput: 4 * 1024 * 1024 };

const noFinal = Symbol("noFinal");
type Final = unknown | typeof noFinal;

class LoopSignal {
  constructor(readonly kind: "break" | "continue") {}
}

/** An execution error not yet placed at a command. */
class ExecFailure extends Error {}

export interface ExecOptions {
  name: string;
  src: string;
  funcs: Readonly<Record<string, TemplateFunc>>;
}

export function execute(nodes: TemplateNode[], data: unknown, options: ExecOptions): string {
  return new Executor(options, data).run(nodes);
}

class Executor {
  private readonly out: string[] = [];
  private outLen = 0;
  private steps = 0;
  private readonly vars: { name: string; value: unknown }[];

  constructor(
    private readonly options: ExecOptions,
    private readonly data: unknown,
  ) {
    this.vars = [{ name: "$", value: data }];
  }

  run(nodes: TemplateNode[]): string {
    this.list(nodes, this.data);
    return this.out.join("");
  }

  private fail(message: string, at: { pos: number; text?: string }): never {
    const where = at.text === undefined ? "" : ` at <${at.text}>`;
    throw new TemplateError(`executing "${this.options.name}"${where}: ${message}`, {
      name: this.options.name,
      src: this.options.src,
      pos: at.pos,
    });
  }

  private step(pos: number): void {
    if (++this.steps > execLimits.maxSteps)
      this.fail(`evaluation exceeds ${execLimits.maxSteps} steps`, { pos });
  }

  private write(s: string, pos: number): void {
    this.outLen += s.length;
    if (this.outLen > execLimits.maxOutput)
      this.fail(`output exceeds ${execLimits.maxOutput} characters`, { pos });
    this.out.push(s);
  }

  private list(nodes: TemplateNode[], dot: unknown): void {
    for (const node of nodes) this.node(node, dot);
  }

  private node(node: TemplateNode, dot: unknown): void {
    switch (node.t) {
      case "text":
        this.write(node.text, 0);
        return;
      case "action": {
        const v = this.pipe(node.pipe, dot);
        if (node.pipe.decl.length === 0) this.write(printValue(v), node.pos);
        return;
      }
      case "if":
      case "with":
        this.scoped(() => {
          const v = this.pipe(node.pipe, dot);
          if (truth(v)) this.list(node.list, node.t === "with" ? v : dot);
          else if (node.elseList) this.list(node.elseList, dot);
        });
        return;
      case "range":
        this.scoped(() => this.range(node, dot));
        return;
      case "break":
      case "continue":
        throw new LoopSignal(node.t);
    }
  }

  private scoped(body: () => void): void {
    const mark = this.vars.length;
    try {
      body();
    } finally {
      this.vars.length = mark;
    }
  }

  private range(node: ControlNode, dot: unknown): void {
    const v = this.pipe({ ...node.pipe, decl: [] }, dot);
    let entries: [unknown, unknown][];
    if (Array.isArray(v)) entries = v.map((x, k) => [new GoInt(k), x]);
    else if (isMap(v))
      entries = Object.keys(v)
        .sort()
        .map((k) => [k, v[k]]);
    else if (v instanceof GoInt)
      entries = Array.from({ length: Math.max(0, v.value) }, (_, k) => [new GoInt(k), new GoInt(k)]);
    else if (isNil(v)) entries = [];
    else this.fail(`range can't iterate over ${printValue(v)}`, { pos: node.pos });
    if (entries.length === 0) {
      if (node.elseList) this.list(node.elseList, dot);
      return;
    }
    const [first, second] = node.pipe.decl;
    for (const [key, elem] of entries) {
      this.step(node.pos);
      const mark = this.vars.length;
      if (first && second) this.vars.push({ name: first, value: key }, { name: second, value: elem });
      else if (first) this.vars.push({ name: first, value: elem });
      try {
        this.list(node.list, elem);
      } catch (e) {
        if (!(e instanceof LoopSignal)) throw e;
        if (e.kind === "break") return;
      } finally {
        this.vars.length = mark;
      }
    }
  }

  private pipe(pipe: Pipe, dot: unknown): unknown {
    let value: Final = noFinal;
    for (const cmd of pipe.cmds) value = this.command(cmd, dot, value);
    const [name] = pipe.decl;
    if (name !== undefined) {
      if (pipe.isAssign) {
        const slot = [...this.vars].reverse().find((x) => x.name === name);
        if (slot) slot.value = value;
      } else this.vars.push({ name, value });
    }
    return value;
  }

  private command(cmd: Command, dot: unknown, final: Final): unknown {
    this.step(cmd.pos);
    const [first, ...rest] = cmd.args;
    try {
      if (first?.t === "identifier") return this.call(first.name, rest, dot, final);
      if (rest.length > 0 || final !== noFinal)
        throw new ExecFailure(`can't give argument to non-function ${cmd.text}`);
      if (first?.t === "nil") throw new ExecFailure("nil is not a command");
      return this.operand(first as Operand, dot);
    } catch (e) {
      if (e instanceof ExecFailure) this.fail(e.message, cmd);
      if (e instanceof ArgError) this.fail(e.message, cmd);
      throw e;
    }
  }

  private call(name: string, args: Operand[], dot: unknown, final: Final): unknown {
    const f = this.options.funcs[name] as TemplateFunc;
    const count = args.length + (final === noFinal ? 0 : 1);
    const min = f.params.length;
    if (f.variadic ? count < min : count !== min) {
      throw new ExecFailure(
        `wrong number of args for ${name}: want ${f.variadic ? "at least " : ""}${min} got ${count}`,
      );
    }
    const getters = args.map((a) => () => this.operand(a, dot));
    if (final !== noFinal) getters.push(() => final);
    let values: unknown[];
    if (f.lazy) values = getters;
    else values = getters.map((get, k) => convertArg(get(), f.params[k] ?? f.variadic ?? "any"));
    try {
      return f.impl(values);
    } catch (e) {
      if (e instanceof CallError) throw new ExecFailure(`error calling ${name}: ${e.message}`);
      throw e;
    }
  }

  private operand(op: Operand, dot: unknown): unknown {
    switch (op.t) {
      case "dot":
        return dot;
      case "nil":
        return null;
      case "bool":
      case "string":
        return op.value;
      case "number":
        return op.isInt ? new GoInt(op.value) : op.value;
      case "identifier":
        return this.call(op.name, [], dot, noFinal);
      case "field":
        return this.fields(dot, op.names);
      case "variable": {
        const slot = [...this.vars].reverse().find((x) => x.name === op.name);
        return this.fields(slot?.value, op.names);
      }
      case "pipe":
        return this.fields(this.pipe(op.pipe, dot), op.names);
    }
  }

  private fields(receiver: unknown, names: readonly string[]): unknown {
    let v = receiver;
    for (const name of names) {
      if (isNil(v)) throw new ExecFailure(`nil pointer evaluating interface {}.${name}`);
      if (!isMap(v)) throw new ExecFailure(`can't evaluate field ${name} in type ${typeName(v)}`);
      v = Object.hasOwn(v, name) ? v[name] : null;
    }
    return v;
  }
}
