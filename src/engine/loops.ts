/**
 * Loop expansion (`withItems`, `withParam`, `withSequence`): node names `name(i:value)`, the
 * `item` variables, and the aggregated outputs of the expanded nodes.
 */
import type { NodeStatus, Sequence, WorkflowStep } from "../spec/types.js";
import { invalid } from "../util/errors.js";
import { substitute } from "./inputs.js";
import { LayeredScope, paramString } from "./vars.js";

export const shouldExpand = (step: WorkflowStep): boolean =>
  step.withItems !== undefined || step.withParam !== undefined || step.withSequence !== undefined;

/** Go's `fmt.Sprint` rendering of a JSON value, as Argo prints loop items in node names. */
export function goSprint(v: unknown): string {
  if (v === null || v === undefined) return "<nil>";
  if (Array.isArray(v)) return `[${v.map(goSprint).join(" ")}]`;
  if (typeof v === "object") {
    const entries = Object.keys(v as object)
      .sort()
      .map((k) => `${k}:${goSprint((v as Record<string, unknown>)[k])}`);
    return `map[${entries.join(" ")}]`;
  }
  return String(v);
}

/** The items a loop step iterates over; throws `Invalid` for a malformed `withParam`/`withSequence`. */
export function loopItems(step: WorkflowStep): unknown[] {
  if (step.withItems !== undefined) return step.withItems;
  if (step.withParam !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(step.withParam);
    } catch (e) {
      throw invalid(`withParam value could not be parsed as a JSON list: ${step.withParam.trim()}`, {
        cause: e,
      });
    }
    if (!Array.isArray(parsed))
      throw invalid(`withParam value could not be parsed as a JSON list: ${step.withParam.trim()}`);
    return parsed;
  }
  if (step.withSequence !== undefined) return expandSequence(step.withSequence);
  return [];
}

function toInt(v: unknown, field: string): number {
  const n = Number(paramString(v).trim());
  if (!Number.isInteger(n)) throw invalid(`withSequence.${field} '${paramString(v)}' is not an integer`);
  return n;
}

export function expandSequence(seq: Sequence): string[] {
  const start = seq.start !== undefined ? toInt(seq.start, "start") : 0;
  let end: number;
  if (seq.end !== undefined) end = toInt(seq.end, "end");
  else if (seq.count !== undefined) {
    const count = toInt(seq.count, "count");
    if (count === 0) return [];
    end = start + count - 1;
  } else throw invalid("neither end nor count was specified in withSequence");
  const format = seq.format || "%d";
  const out: string[] = [];
  const step = start <= end ? 1 : -1;
  for (let i = start; step > 0 ? i <= end : i >= end; i += step) out.push(sprintfInt(format, i));
  return out;
}

/** The printf verbs sequences use: `%d`, `%x`, `%o`, `%s` with flags `0` and `-` and a width. */
function sprintfInt(format: string, n: number): string {
  return format.replace(/%([-0]?)(\d*)([dxXos%])/g, (_m, flag: string, width: string, verb: string) => {
    if (verb === "%") return "%";
    let s =
      verb === "x"
        ? n.toString(16)
        : verb === "X"
          ? n.toString(16).toUpperCase()
          : verb === "o"
            ? n.toString(8)
            : String(n);
    const w = Number(width || 0);
    if (s.length < w) {
      if (flag === "-") s = s.padEnd(w);
      else if (flag === "0") s = n < 0 ? `-${s.slice(1).padStart(w - 1, "0")}` : s.padStart(w, "0");
      else s = s.padStart(w);
    }
    return s;
  });
}

const itemString = (v: unknown): string =>
  typeof v === "string" ? v : typeof v === "object" && v !== null ? JSON.stringify(v) : String(v);

/** One expansion of a loop step: its name suffix and the step with `{{item…}}` substituted. */
export function expandItem<T extends WorkflowStep>(
  step: T,
  index: number,
  item: unknown,
  scope: ReadonlyMap<string, string>,
): T {
  const vars = new Map<string, string>([["item", itemString(item)]]);
  let label: string;
  if (item !== null && typeof item === "object" && !Array.isArray(item)) {
    const entries = Object.entries(item as Record<string, unknown>);
    for (const [k, v] of entries)
      vars.set(`item.${k}`, typeof v === "object" && v !== null ? goSprint(v) : String(v));
    label = entries
      .map(([k, v]) => `${k}:${goSprint(v)}`)
      .sort()
      .join(",");
  } else {
    label = goSprint(item);
  }
  const { withItems: _i, withParam: _p, withSequence: _s, ...rest } = step;
  const expanded = substitute(rest, new LayeredScope(vars, scope)) as T;
  expanded.name = `${step.name}(${index}:${label.replace(/[()]/g, "")})`;
  return expanded;
}

/** Loop index encoded in an expanded node name `name(i:value)`. */
export function loopIndex(nodeName: string): number {
  const open = nodeName.lastIndexOf("(");
  return Number(nodeName.slice(open + 1).split(":", 1)[0]);
}

/** Adds Argo's aggregated loop outputs for `<prefix>.<name>` from the expanded nodes. */
export function addAggregateRefs(scope: Map<string, string>, key: string, nodes: NodeStatus[]): void {
  const sorted = nodes
    .filter((n) => !n.nodeFlag?.hooked)
    .sort((a, b) => loopIndex(a.name) - loopIndex(b.name));
  const params: Record<string, string>[] = [];
  const byName = new Map<string, unknown[]>();
  const results: unknown[] = [];
  for (const node of sorted) {
    if (!node.outputs || node.phase !== "Succeeded") continue;
    if (node.outputs.parameters?.length) {
      const entry: Record<string, string> = {};
      for (const p of node.outputs.parameters) {
        const value = paramString(p.value);
        entry[p.name] = value;
        let values = byName.get(p.name);
        if (!values) {
          values = [];
          byName.set(p.name, values);
        }
        values.push(parseLoose(value));
      }
      params.push(entry);
    }
    if (node.outputs.result !== undefined) results.push(parseLoose(node.outputs.result));
  }
  scope.set(`${key}.outputs.result`, JSON.stringify(results));
  scope.set(`${key}.outputs.parameters`, JSON.stringify(params));
  for (const [name, values] of byName) scope.set(`${key}.outputs.parameters.${name}`, JSON.stringify(values));
}

function parseLoose(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
