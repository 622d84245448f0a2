/**
 * gjson reads and sjson writes over parsed JSON values: the path dialect Argo Events users write in
 * `dataKey`, data filters, expr fields and trigger `dest`. Working on values (not JSON text) keeps
 * the sensor free of re-serialising every event; `gjson-result.ts` renders values the way
 * `gjson.Result` methods do where Argo turns them into strings, numbers or booleans.
 */
import { invalid } from "../../util/errors.js";
import { queryMatches } from "./path-query.js";
import { type GetComponent, parseGetPath, parseSetPath, wildcardMatch } from "./path-syntax.js";

export type JsonMap = Record<string, unknown>;

export function isJsonMap(v: unknown): v is JsonMap {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Defines an own property (so `__proto__` is an ordinary key). */
export function setOwn(target: JsonMap, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Queries nest by recursion; a path with more than this many is treated as matching nothing. */
const maxQueryNesting = 32;

const isIndex = (key: string): boolean => /^(0|[1-9][0-9]*)$/.test(key);

/**
 * gjson `Get`: dotted keys, array indexes (`items.0.name`), `\.` escapes, `#` (length) and
 * `items.#.name` (collect), `#(key=="v")` / `#(…)#` queries, `|` pipes and `*`/`?` wildcards.
 * Returns `undefined` when nothing is at the path.
 */
export function getPath(value: unknown, path: string): unknown {
  if (path === "" || path.split("#(").length > maxQueryNesting) return undefined;
  return walk(value, parseGetPath(path), 0);
}

function walk(value: unknown, comps: readonly GetComponent[], i: number): unknown {
  const comp = comps[i];
  if (comp === undefined) return value;
  if (value === undefined) return undefined;
  if (comp.query !== undefined) return walkQuery(value, comp, comps, i);
  if (Array.isArray(value)) {
    if (comp.key === "#" && !comp.wildcard) {
      const next = comps[i + 1];
      if (next === undefined) return value.length;
      if (next.sep === "|") return walk(value.length, comps, i + 1);
      return collect(value, comps, i + 1);
    }
    if (isIndex(comp.key)) return walk(value[Number(comp.key)], comps, i + 1);
    return undefined;
  }
  if (!isJsonMap(value)) return undefined;
  if (comp.wildcard) {
    const key = Object.keys(value).find((k) => wildcardMatch(comp.pattern, k));
    return key === undefined ? undefined : walk(value[key], comps, i + 1);
  }
  return Object.hasOwn(value, comp.key) ? walk(value[comp.key], comps, i + 1) : undefined;
}

/** `items.#.rest`: the rest of the path applied to each element, missing results left out. */
function collect(items: readonly unknown[], comps: readonly GetComponent[], from: number): unknown[] {
  const out: unknown[] = [];
  for (const item of items) {
    const r = walk(item, comps, from);
    if (r !== undefined) out.push(r);
  }
  return out;
}

function walkQuery(value: unknown, comp: GetComponent, comps: readonly GetComponent[], i: number): unknown {
  if (!Array.isArray(value)) return undefined;
  const test = (item: unknown) => queryMatches(comp.query ?? "", item, getPath);
  if (!comp.queryAll) {
    const hit = value.find(test);
    return hit === undefined ? undefined : walk(hit, comps, i + 1);
  }
  const hits = value.filter(test);
  const next = comps[i + 1];
  if (next === undefined) return hits;
  return next.sep === "|" ? walk(hits, comps, i + 1) : collect(hits, comps, i + 1);
}

/**
 * sjson `Set`: returns a new value with `value` at `path`, copying only the containers on the path.
 * Missing containers are created (an array when the key is numeric, else an object); `-1` appends;
 * `:123` forces an object key; an index past the end pads with `null`. Throws `Invalid` for an
 * empty path, wildcards, or a non-numeric key into an array.
 */
export function setPath(target: unknown, path: string, value: unknown): unknown {
  const comps = parseSetPath(path);
  const put = (node: unknown, i: number): unknown => {
    const comp = comps[i];
    if (comp === undefined) return value;
    const numeric = !comp.forceKey && (isIndex(comp.key) || comp.key === "-1");
    if (Array.isArray(node)) {
      if (!numeric) throw invalid(`path "${path}": cannot set key "${comp.key}" in an array`);
      const copy = [...node];
      const index = comp.key === "-1" ? copy.length : Number(comp.key);
      while (copy.length < index) copy.push(null);
      copy[index] = put(copy[index], i + 1);
      return copy;
    }
    if (isJsonMap(node)) {
      const copy: JsonMap = {};
      for (const [k, v] of Object.entries(node)) setOwn(copy, k, v);
      setOwn(copy, comp.key, put(Object.hasOwn(node, comp.key) ? node[comp.key] : undefined, i + 1));
      return copy;
    }
    return put(numeric ? [] : {}, i);
  };
  return put(target, 0);
}
