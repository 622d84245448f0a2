/**
 * Kubernetes label selectors (`listOptions.labelSelector`): `a=b`, `a==b`, `a!=b`, `a in (x,y)`,
 * `a notin (x,y)`, `a` (exists), `!a` (does not exist), `a>1`, `a<1`, joined by commas. Parsed once
 * per request into requirements that match a label map.
 */
import { badRequest } from "./errors.js";

export type Requirement =
  | { key: string; op: "exists" | "!exists" }
  | { key: string; op: "=" | "!="; value: string }
  | { key: string; op: "in" | "notin"; values: string[] }
  | { key: string; op: ">" | "<"; value: number };

/** Parses a selector; an empty one selects everything. Throws InvalidArgument (400) on bad syntax. */
export function parseLabelSelector(selector: string | undefined): Requirement[] {
  const out: Requirement[] = [];
  for (const part of splitTopLevel(selector ?? "")) {
    const text = part.trim();
    if (text === "") continue;
    out.push(parseRequirement(text, selector ?? ""));
  }
  return out;
}

/** Splits on commas that are not inside `( … )`. */
function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === "(") depth++;
    else if (ch === ")") depth = Math.max(0, depth - 1);
    else if (ch === "," && depth === 0) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts;
}

const keyPattern = /^([a-z0-9A-Z]([a-z0-9A-Z.-]*[a-z0-9A-Z])?\/)?[a-z0-9A-Z]([a-z0-9A-Z._-]*[a-z0-9A-Z])?$/;

function checkKey(key: string, selector: string): string {
  if (!keyPattern.test(key))
    throw badRequest(`unable to parse requirement: invalid label key "${key}" in "${selector}"`);
  return key;
}

function parseRequirement(text: string, selector: string): Requirement {
  const set = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(text);
  if (set) {
    const values = (set[3] ?? "").split(",").map((v) => v.trim());
    return { key: checkKey(set[1] ?? "", selector), op: set[2] as "in" | "notin", values };
  }
  if (text.startsWith("!")) return { key: checkKey(text.slice(1).trim(), selector), op: "!exists" };
  const cmp = /^([^=!<>\s]+)\s*(==|=|!=|>|<)\s*(.*)$/.exec(text);
  if (cmp) {
    const key = checkKey(cmp[1] ?? "", selector);
    const op = cmp[2] ?? "=";
    const value = (cmp[3] ?? "").trim();
    if (op === ">" || op === "<") {
      const n = Number(value);
      if (!Number.isInteger(n)) throw badRequest(`unable to parse requirement: '${value}' is not an integer`);
      return { key, op, value: n };
    }
    return { key, op: op === "!=" ? "!=" : "=", value };
  }
  return { key: checkKey(text, selector), op: "exists" };
}

/** Whether a label map satisfies every requirement. */
export function matchesLabels(
  requirements: readonly Requirement[],
  labels: Record<string, string> | undefined,
) {
  const l = labels ?? {};
  return requirements.every((r) => {
    const has = Object.hasOwn(l, r.key);
    const v = has ? l[r.key] : undefined;
    switch (r.op) {
      case "exists":
        return has;
      case "!exists":
        return !has;
      case "=":
        return v === r.value;
      case "!=":
        return v !== r.value;
      case "in":
        return v !== undefined && r.values.includes(v);
      case "notin":
        return v === undefined || !r.values.includes(v);
      case ">":
      case "<": {
        const n = Number(v);
        if (v === undefined || !Number.isInteger(n)) return false;
        return r.op === ">" ? n > r.value : n < r.value;
      }
    }
    return false;
  });
}

/** The `key=value` requirements, which a store can filter on by itself. */
export function equalityLabels(requirements: readonly Requirement[]): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  let any = false;
  for (const r of requirements) {
    if (r.op === "=") {
      out[r.key] = r.value;
      any = true;
    }
  }
  return any ? out : undefined;
}
