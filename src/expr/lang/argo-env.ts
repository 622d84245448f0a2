/**
 * Argo's expression environment (`util/expr/env.GetFuncMap`): flat variables such as
 * `inputs.parameters.x` expanded into nested maps, plus Argo's functions `asInt`, `asFloat`,
 * `toJson`, `jsonpath` and the `sprig` map.
 */

import { fail } from "../errors.js";
import { absentValue } from "../substitute.js";
import { toFloatValue, toIntValue } from "./builtins-convert.js";
import { marshal, unmarshal } from "./json.js";
import { queryJSONPath } from "./jsonpath.js";
import { sprigMap } from "./sprig/index.js";
import { GoFunc, isMap, type MapValue, mapSet, newMap } from "./values.js";

const str = (v: unknown, fn: string): string => {
  if (typeof v !== "string")
    throw fail(`reflect: Call using ${v === null ? "nil" : typeof v} as type string to call ${fn}`);
  return v;
};

function arity(args: unknown[], n: number): void {
  if (args.length !== n) throw fail(`invalid number of arguments: expected ${n}, got ${args.length}`);
}

/** Argo's functions, keyed by env name. */
export const argoFunctions: ReadonlyMap<string, GoFunc> = new Map([
  [
    "asInt",
    new GoFunc("asInt", "func(interface {}) interface {}", (a) => {
      arity(a, 1);
      return toIntValue(a[0]);
    }),
  ],
  [
    "asFloat",
    new GoFunc("asFloat", "func(interface {}) interface {}", (a) => {
      arity(a, 1);
      return toFloatValue(a[0]);
    }),
  ],
  [
    "toJson",
    new GoFunc("toJson", "func(interface {}) string", (a, ctx) => {
      arity(a, 1);
      return ctx.budget.str(marshal(a[0]));
    }),
  ],
  [
    "jsonpath",
    new GoFunc("jsonpath", "func(string, string) interface {}", (a, ctx) => {
      arity(a, 2);
      const text = str(a[0], "jsonpath");
      ctx.budget.step(text.length >>> 4);
      return queryJSONPath(unmarshal(text), str(a[1], "jsonpath"), ctx.budget);
    }),
  ],
]);

/**
 * Expands flat dotted keys into nested maps the way Argo does (`util/expand`): when both `a` and
 * `a.b` exist, the less specific `a` is dropped (it is usually the JSON form of the same data).
 */
export function expandFlatKeys(flat: Iterable<readonly [string, unknown]>): MapValue {
  const entries = [...flat].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const kept = entries.filter(([k], i) => !(entries[i + 1]?.[0] ?? "").startsWith(`${k}.`));
  const root = newMap();
  for (const [key, value] of kept) {
    const parts = key.split(".");
    let node = root;
    for (const part of parts.slice(0, -1)) {
      const child = Object.hasOwn(node, part) ? node[part] : undefined;
      if (isMap(child)) node = child;
      else {
        const created = newMap();
        mapSet(node, part, created);
        node = created;
      }
    }
    const last = parts[parts.length - 1] ?? "";
    // A nested map already built for this key wins over a leaf (Go's expansion order is random).
    if (!isMap(Object.hasOwn(node, last) ? node[last] : undefined))
      mapSet(node, last, value === absentValue ? null : value);
  }
  return root;
}

/** `GetFuncMap`: the expanded variables plus Argo's functions (functions shadow same-named variables). */
export function argoEnv(flat: Iterable<readonly [string, unknown]> | Record<string, unknown>): MapValue {
  const entries = Symbol.iterator in flat ? flat : Object.entries(flat);
  const env = expandFlatKeys(entries as Iterable<readonly [string, unknown]>);
  for (const [name, fn] of argoFunctions) mapSet(env, name, fn);
  mapSet(env, "sprig", sprigMap());
  return env;
}

/** Argo's function for a name an env does not define (`sprig` is handled by the caller). */
export const argoFallback = (name: string): GoFunc | undefined => argoFunctions.get(name);
