/** The registry of expr's plain (non-predicate) builtins, assembled from the families. */
import { fail } from "../errors.js";
import type { BuiltinFn } from "./builtin-args.js";
import { collectionBuiltins } from "./builtins-collections.js";
import { convertBuiltins } from "./builtins-convert.js";
import { numberBuiltins } from "./builtins-numbers.js";
import { stringBuiltins } from "./builtins-strings.js";
import { timeBuiltins } from "./builtins-time.js";
import type { CallContext } from "./values.js";

const registry: Readonly<Record<string, BuiltinFn>> = {
  ...stringBuiltins,
  ...numberBuiltins,
  ...convertBuiltins,
  ...collectionBuiltins,
  ...timeBuiltins,
};

/** Calls builtin `name` with evaluated arguments. */
export function callBuiltin(name: string, args: unknown[], ctx: CallContext): unknown {
  const fn = Object.hasOwn(registry, name) ? registry[name] : undefined;
  if (!fn) throw fail(`unknown builtin ${name}`);
  return fn(args, ctx);
}
