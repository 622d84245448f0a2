/** sprig's list and dict functions. Dict functions that mutate (`set`, `unset`, `merge`) do, as in Go. */
import { fail } from "../../errors.js";
import { equal, type GoFunc, isMap, isNil, type MapValue, mapSet, newMap, sortedKeys } from "../values.js";
import { castInt, def, empty, sliceOf, strval } from "./define.js";

const m = (v: unknown): MapValue => v as MapValue;

/** Deep-equality membership (sprig's `inList` uses `reflect.DeepEqual`). */
const inList = (list: unknown[], x: unknown): boolean => list.some((y) => equal(x, y));

/** mergo.Merge: fill keys missing (or empty) in dst from src, recursing into nested maps. */
function mergeInto(dst: MapValue, src: MapValue, overwrite: boolean): void {
  mergeLevel(dst, src, { overwrite, depth: 0 });
}

function mergeLevel(dst: MapValue, src: MapValue, how: { overwrite: boolean; depth: number }): void {
  const { overwrite, depth } = how;
  if (depth > 100) throw fail("merge: too deep");
  for (const k of Object.keys(src)) {
    const d = Object.hasOwn(dst, k) ? dst[k] : undefined;
    const v = src[k];
    if (isMap(d) && isMap(v)) mergeLevel(d, v, { overwrite, depth: depth + 1 });
    else if (d === undefined || (overwrite ? !empty(v) : empty(d))) mapSet(dst, k, v);
  }
}

export const sprigCollections: GoFunc[] = [
  def("list", "func(...interface {}) []interface {}", (a) => a),
  def("tuple", "func(...interface {}) []interface {}", (a) => a),
  def("first", "func(interface {}) interface {}", (a) => sliceOf(a[0], "find first")[0] ?? null),
  def("last", "func(interface {}) interface {}", (a) => {
    const l = sliceOf(a[0], "find last");
    return l[l.length - 1] ?? null;
  }),
  def("rest", "func(interface {}) []interface {}", (a) => {
    const l = sliceOf(a[0], "find rest");
    return l.length === 0 ? null : l.slice(1);
  }),
  def("initial", "func(interface {}) []interface {}", (a) => {
    const l = sliceOf(a[0], "find initial");
    return l.length === 0 ? null : l.slice(0, -1);
  }),
  def("append", "func(interface {}, interface {}) []interface {}", (a) => [...sliceOf(a[0], "push"), a[1]]),
  def("push", "func(interface {}, interface {}) []interface {}", (a) => [...sliceOf(a[0], "push"), a[1]]),
  def("prepend", "func(interface {}, interface {}) []interface {}", (a) => [
    a[1],
    ...sliceOf(a[0], "prepend"),
  ]),
  def("concat", "func(...interface {}) interface {}", (a, ctx) => {
    const out: unknown[] = [];
    for (const l of a) {
      if (!Array.isArray(l))
        throw fail(`Cannot concat type ${isNil(l) ? "invalid" : isMap(l) ? "map" : typeof l} as list`);
      ctx.budget.alloc(l.length);
      out.push(...l);
    }
    return a.length === 0 ? null : out;
  }),
  def("reverse", "func(interface {}) []interface {}", (a) => [...sliceOf(a[0], "find reverse")].reverse()),
  def("uniq", "func(interface {}) []interface {}", (a, ctx) => {
    const out: unknown[] = [];
    for (const x of sliceOf(a[0], "find uniq")) {
      ctx.budget.step(out.length + 1);
      if (!inList(out, x)) out.push(x);
    }
    return out;
  }),
  def("without", "func(interface {}, ...interface {}) []interface {}", (a) =>
    sliceOf(a[0], "find without").filter((x) => !inList(a.slice(1), x)),
  ),
  def("has", "func(interface {}, interface {}) bool", (a) =>
    isNil(a[1]) ? false : inList(sliceOf(a[1], "find has"), a[0]),
  ),
  def("compact", "func(interface {}) []interface {}", (a) =>
    sliceOf(a[0], "compact").filter((x) => !empty(x)),
  ),
  def("slice", "func(interface {}, ...interface {}) interface {}", (a) => {
    const l = sliceOf(a[0], "slice");
    if (l.length === 0) return null;
    const start = a.length > 1 ? castInt(a[1]) : 0;
    const end = a.length > 2 ? castInt(a[2]) : l.length;
    if (start < 0 || end > l.length || start > end) throw fail(`reflect: slice index out of range`);
    return l.slice(start, end);
  }),
  def("chunk", "func(int, interface {}) [][]interface {}", (a, ctx) => {
    const size = a[0] as number;
    const l = sliceOf(a[1], "chunk");
    if (size <= 0) throw fail("runtime error: integer divide by zero");
    const out: unknown[][] = [];
    for (let i = 0; i < l.length; i += size) out.push(l.slice(i, i + size));
    ctx.budget.alloc(out.length);
    return out;
  }),
  def("dict", "func(...interface {}) map[string]interface {}", (a) => {
    const out = newMap();
    for (let i = 0; i < a.length; i += 2) mapSet(out, strval(a[i]), i + 1 < a.length ? a[i + 1] : "");
    return out;
  }),
  def("get", "func(map[string]interface {}, string) interface {}", (a) =>
    Object.hasOwn(m(a[0]), a[1] as string) ? m(a[0])[a[1] as string] : "",
  ),
  def("set", "func(map[string]interface {}, string, interface {}) map[string]interface {}", (a) => {
    mapSet(m(a[0]), a[1] as string, a[2]);
    return a[0];
  }),
  def("unset", "func(map[string]interface {}, string) map[string]interface {}", (a) => {
    delete m(a[0])[a[1] as string];
    return a[0];
  }),
  def("hasKey", "func(map[string]interface {}, string) bool", (a) => Object.hasOwn(m(a[0]), a[1] as string)),
  def("pluck", "func(string, ...map[string]interface {}) []interface {}", (a) =>
    a.slice(1).flatMap((d) => (Object.hasOwn(m(d), a[0] as string) ? [m(d)[a[0] as string]] : [])),
  ),
  def("keys", "func(...map[string]interface {}) []string", (a) => a.flatMap((d) => sortedKeys(m(d)))),
  def("values", "func(map[string]interface {}) []interface {}", (a) =>
    sortedKeys(m(a[0])).map((k) => m(a[0])[k]),
  ),
  def("pick", "func(map[string]interface {}, ...string) map[string]interface {}", (a) =>
    newMap(
      a
        .slice(1)
        .flatMap((k) =>
          Object.hasOwn(m(a[0]), strval(k)) ? [[strval(k), m(a[0])[strval(k)]] as const] : [],
        ),
    ),
  ),
  def("omit", "func(map[string]interface {}, ...string) map[string]interface {}", (a) => {
    const drop = new Set(a.slice(1).map(strval));
    return newMap(Object.entries(m(a[0])).filter(([k]) => !drop.has(k)));
  }),
  def("merge", "func(map[string]interface {}, ...map[string]interface {}) interface {}", (a) => {
    for (const src of a.slice(1)) mergeInto(m(a[0]), m(src), false);
    return a[0];
  }),
  def("mergeOverwrite", "func(map[string]interface {}, ...map[string]interface {}) interface {}", (a) => {
    for (const src of a.slice(1)) mergeInto(m(a[0]), m(src), true);
    return a[0];
  }),
  def("dig", "func(...interface {}) interface {}", (a) => {
    if (a.length < 3) throw fail("dig needs at least three arguments");
    let cur = a[a.length - 1];
    const dflt = a[a.length - 2];
    for (const k of a.slice(0, -2)) {
      if (!isMap(cur) || !Object.hasOwn(cur, strval(k))) return dflt;
      cur = cur[strval(k)];
    }
    return cur;
  }),
  def("until", "func(int) []int", (a, ctx) =>
    untilStep(
      { start: 0, stop: a[0] as number, step: (a[0] as number) < 0 ? -1 : 1 },
      ctx.budget.alloc.bind(ctx.budget),
    ),
  ),
  def("untilStep", "func(int, int, int) []int", (a, ctx) =>
    untilStep(
      { start: a[0] as number, stop: a[1] as number, step: a[2] as number },
      ctx.budget.alloc.bind(ctx.budget),
    ),
  ),
];

function untilStep(
  range: { start: number; stop: number; step: number },
  alloc: (n: number) => void,
): number[] {
  const { start, stop, step } = range;
  const out: number[] = [];
  if (stop < start ? step >= 0 : step <= 0) return out;
  alloc(Math.ceil(Math.abs((stop - start) / step)));
  for (let i = start; stop < start ? i > stop : i < stop; i += step) out.push(i);
  return out;
}
