/**
 * The tree-walking evaluator for expr-lang. It reads only own properties of env objects, never
 * executes host code, and charges every node visit to the evaluation's `Budget`.
 */
import { ExprError, fail, toExprError } from "../errors.js";
import { argoFallback } from "./argo-env.js";
import type { Node, NodeOf, Program } from "./ast.js";
import { callBuiltin } from "./builtins.js";
import { type Frame, type PredicateContext, predicateBuiltins } from "./builtins-predicates.js";
import { GoDuration } from "./duration.js";
import { Budget } from "./limits.js";
import { callMethod } from "./methods.js";
import { binaryOp, mapKey, unaryOp } from "./operators.js";
import { sprigMap } from "./sprig/index.js";
import { GoLocation, GoTime, local, timeFromMillis } from "./time.js";
import {
  type CallContext,
  fromHost,
  GoFunc,
  goTypeName,
  isMap,
  isNil,
  isNumber,
  makeFloat,
  mapGet,
  newMap,
  toInt,
  toPublic,
} from "./values.js";

/** Options for one evaluation. */
export interface RunOptions {
  /** The clock for `now()`, in epoch milliseconds. @default Date.now */
  now?: () => number;
  /** Step budget. @default limits.maxSteps */
  maxSteps?: number;
}

/** Marks a nil reached through `?.`; the enclosing Chain node turns it into nil. */
const SHORT = Symbol("optional-chain");

interface Binding {
  name: string;
  value: unknown;
  parent: Binding | undefined;
}

/** Evaluates a compiled program against an env; returns plain values (floats unboxed). */
export function evaluate(program: Program, env: Record<string, unknown>, options: RunOptions = {}): unknown {
  const interpreter = new Interpreter(program.source, env, options);
  try {
    return toPublic(interpreter.run(program.root));
  } catch (e) {
    throw toExprError(e).at(program.source, interpreter.lastPos);
  }
}

class Interpreter implements PredicateContext {
  readonly budget: Budget;
  readonly ctx: CallContext;
  private bindings: Binding | undefined;
  /** This evaluation's own `sprig` map, so `sprig.set(sprig, …)` cannot leak into another run. */
  private sprig: Record<string, unknown> | undefined;
  private readonly frames: Frame[] = [];
  lastPos = 0;

  constructor(
    private readonly source: string,
    private readonly env: Record<string, unknown>,
    options: RunOptions,
  ) {
    this.budget = new Budget(options.maxSteps);
    const clock = options.now ?? Date.now;
    this.ctx = { budget: this.budget, now: () => timeFromMillis(clock(), local) };
  }

  run(node: Node): unknown {
    const v = this.visit(node);
    return v === SHORT ? null : v;
  }

  visit(node: Node): unknown {
    this.budget.step();
    this.lastPos = node.pos;
    try {
      return this.dispatch(node);
    } catch (e) {
      if (e instanceof ExprError && e.position === undefined) throw e.at(this.source, node.pos);
      throw e;
    }
  }

  /** Runs a predicate body with `#` bound to `item` (and `#index`, `#acc`). */
  predicate(node: Node, frame: Frame): unknown {
    const body = node.kind === "Predicate" ? node.body : node;
    this.frames.push(frame);
    try {
      const v = this.visit(body);
      return v === SHORT ? null : v;
    } finally {
      this.frames.pop();
    }
  }

  value(node: Node): unknown {
    const v = this.visit(node);
    return v === SHORT ? null : v;
  }

  private dispatch(node: Node): unknown {
    switch (node.kind) {
      case "Nil":
        return null;
      case "Bool":
      case "Str":
      case "Int":
        return node.value;
      case "Float":
        return makeFloat(node.value);
      case "Ident":
        return this.lookup(node.name);
      case "Pointer":
        return this.pointer(node.name);
      case "Array":
        this.budget.alloc(node.items.length);
        return node.items.map((item) => this.value(item));
      case "Map":
        this.budget.alloc(node.pairs.length);
        return newMap(node.pairs.map((p) => [mapKey(this.value(p.key)), this.value(p.value)] as const));
      case "Unary":
        return unaryOp(node.op, this.value(node.operand));
      case "Binary":
        return this.binary(node);
      case "Member":
        return this.member(node);
      case "Slice":
        return this.slice(node);
      case "Call":
        return this.call(node);
      case "Builtin": {
        const special = predicateBuiltins[node.name];
        if (special) return special(node.args, this);
        return callBuiltin(
          node.name,
          node.args.map((a) => this.value(a)),
          this.ctx,
        );
      }
      case "Predicate":
        throw fail("predicate used outside of a builtin");
      case "Conditional": {
        const cond = this.value(node.cond);
        if (typeof cond !== "boolean")
          throw fail(`non-bool expression (type ${goTypeName(cond)}) used as condition`);
        return this.value(cond ? node.then : node.otherwise);
      }
      case "Chain": {
        const v = this.visit(node.node);
        return v === SHORT ? null : v;
      }
      case "Let":
        return this.let(node);
      case "Sequence": {
        let last: unknown = null;
        for (const n of node.nodes) last = this.value(n);
        return last;
      }
    }
  }

  private let(node: NodeOf<"Let">): unknown {
    const value = this.value(node.value);
    const saved = this.bindings;
    this.bindings = { name: node.name, value, parent: saved };
    try {
      return this.value(node.body);
    } finally {
      this.bindings = saved;
    }
  }

  private lookup(name: string): unknown {
    for (let b = this.bindings; b; b = b.parent) if (b.name === name) return b.value;
    if (Object.hasOwn(this.env, name)) return fromHost(this.env[name]);
    if (name === "$env") return this.env;
    // Argo puts its functions in nearly every env (GetFuncMap); make them available everywhere.
    if (name === "sprig") {
      this.sprig ??= sprigMap();
      return this.sprig;
    }
    const fn = argoFallback(name);
    if (fn !== undefined) return fn;
    throw fail(`unknown name ${name}`);
  }

  private pointer(name: string): unknown {
    const frame = this.frames[this.frames.length - 1];
    if (!frame) throw fail("pointer used outside of a predicate");
    if (name === "") return frame.item;
    if (name === "index") return frame.index;
    if (name === "acc" && frame.acc !== undefined) return frame.acc;
    throw fail(`unknown pointer #${name}`);
  }

  private binary(node: NodeOf<"Binary">): unknown {
    const left = this.value(node.left);
    switch (node.op) {
      case "??":
        return isNil(left) ? this.value(node.right) : left;
      case "and":
      case "&&":
      case "or":
      case "||": {
        const isAnd = node.op === "and" || node.op === "&&";
        if (typeof left !== "boolean")
          throw fail(`invalid operation: ${node.op} (mismatched types ${goTypeName(left)} and bool)`);
        if (left !== isAnd) return left;
        const right = this.value(node.right);
        if (typeof right !== "boolean")
          throw fail(`invalid operation: ${node.op} (mismatched types bool and ${goTypeName(right)})`);
        return right;
      }
      default: {
        const right = this.value(node.right);
        this.lastPos = node.pos;
        return binaryOp(node.op, [left, right], this.budget);
      }
    }
  }

  private member(node: NodeOf<"Member">): unknown {
    const object = this.visit(node.object);
    if (object === SHORT) return SHORT;
    if (node.optional && isNil(object)) return SHORT;
    const key = this.value(node.property);
    this.lastPos = node.pos;
    return fetch(object, key);
  }

  private slice(node: NodeOf<"Slice">): unknown {
    const object = this.visit(node.object);
    if (object === SHORT) return SHORT;
    const from = node.from ? this.value(node.from) : undefined;
    const to = node.to ? this.value(node.to) : undefined;
    if (!Array.isArray(object) && typeof object !== "string")
      throw fail(`cannot slice ${goTypeName(object)}`);
    const length = object.length;
    let a = from === undefined ? 0 : toInt(from);
    let b = to === undefined ? length : toInt(to);
    if (a < 0) a = Math.max(0, length + a);
    if (b < 0) b = Math.max(0, length + b);
    b = Math.min(b, length);
    a = Math.min(a, b);
    if (Array.isArray(object)) this.budget.alloc(b - a);
    return object.slice(a, b);
  }

  private call(node: NodeOf<"Call">): unknown {
    const callee = node.callee;
    let fn: unknown;
    if (callee.kind === "Member") {
      const object = this.visit(callee.object);
      if (object === SHORT) return SHORT;
      if (callee.optional && isNil(object)) return SHORT;
      const name = String(this.value(callee.property));
      if (object instanceof GoTime || object instanceof GoDuration || object instanceof GoLocation) {
        const args = node.args.map((a) => this.value(a));
        this.lastPos = node.pos;
        return callMethod(object, name, args);
      }
      fn = fetch(object, name);
    } else fn = this.value(callee);
    const args = node.args.map((a) => this.value(a));
    this.lastPos = node.pos;
    if (isNil(fn)) throw fail("invalid operation: cannot call nil");
    if (!(fn instanceof GoFunc))
      throw fail(`invalid operation: cannot call non-function of type ${goTypeName(fn)}`);
    return fn.impl(args, this.ctx);
  }
}

/** `obj[key]` / `obj.key` with expr's rules: missing map keys are nil, bad indexes are errors. */
export function fetch(object: unknown, key: unknown): unknown {
  if (isNil(object)) throw fail(`cannot fetch ${mapKey(key)} from <nil>`);
  if (Array.isArray(object) || typeof object === "string") {
    if (!isNumber(key)) throw fail(`cannot fetch ${mapKey(key)} from ${goTypeName(object)}`);
    // Indexing a Go string yields a byte, so strings are indexed by UTF-8 bytes.
    const items = typeof object === "string" ? Buffer.from(object, "utf8") : object;
    const length = items.length;
    let index = toInt(key);
    if (index < 0) index += length;
    if (index < 0 || index >= length) throw fail(`index out of range: ${index} (array length is ${length})`);
    return fromHost(items[index]);
  }
  if (isMap(object)) return fromHost(mapGet(object, mapKey(key)));
  throw fail(`cannot fetch ${mapKey(key)} from ${goTypeName(object)}`);
}
