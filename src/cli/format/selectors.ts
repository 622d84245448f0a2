/**
 * Kubernetes selectors as Argo's CLI uses them: field selectors for nodes
 * (`--node-field-selector displayName=a,phase!=Failed`) and label selectors for workflows
 * (`-l app=x,env in (a,b),!debug`). Parsing errors throw `Invalid` with kubectl's wording.
 */
import type { NodeStatus } from "../../spec/types.js";
import { invalid } from "../../util/errors.js";

export interface FieldTerm {
  field: string;
  op: "=" | "!=";
  value: string;
}

/** Splits on `sep` where it is not escaped with a backslash. */
function splitUnescaped(text: string, sep: string): string[] {
  const parts: string[] = [];
  let current = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === "\\" && i + 1 < text.length) {
      current += ch + (text[i + 1] as string);
      i++;
    } else if (ch === sep) {
      parts.push(current);
      current = "";
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

const unescapeValue = (v: string): string => v.replace(/\\(.)/g, "$1");
const escapeValue = (v: string): string => v.replace(/([\\,=!])/g, "\\$1");

/** Finds the first unescaped operator in a term. */
function findOperator(term: string): { index: number; op: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    if (term[i] === "\\") {
      i++;
      continue;
    }
    for (const op of ["!=", "==", "="]) if (term.startsWith(op, i)) return { index: i, op };
  }
  return undefined;
}

/** Parses a field selector; an empty text selects everything. */
export function parseFieldSelector(text: string): FieldTerm[] {
  if (text.trim() === "") return [];
  return splitUnescaped(text, ",").map((term) => {
    const found = findOperator(term);
    if (!found) throw invalid(`invalid selector: '${text}'; can't understand '${term}'`);
    return {
      field: term.slice(0, found.index).trim(),
      op: found.op === "!=" ? "!=" : "=",
      value: unescapeValue(term.slice(found.index + found.op.length)),
    };
  });
}

/** The selector in canonical form (`==` written `=`), as Argo sends it to the server. */
export const fieldSelectorString = (terms: FieldTerm[]): string =>
  terms.map((t) => `${t.field}${t.op}${escapeValue(t.value)}`).join(",");

/** Does the set of fields satisfy every term (a missing field reads as empty)? */
export function matchesFields(terms: FieldTerm[], fields: Record<string, string>): boolean {
  return terms.every((t) => ((fields[t.field] ?? "") === t.value) === (t.op === "="));
}

/** The fields of a node that a node field selector can name. */
export function nodeFields(node: NodeStatus): Record<string, string> {
  const fields: Record<string, string> = {
    displayName: node.displayName ?? "",
    templateName: node.templateRef?.template ?? node.templateName ?? "",
    phase: node.phase ?? "",
    name: node.name ?? "",
    id: node.id ?? "",
  };
  if (node.templateRef) {
    fields["templateRef.name"] = node.templateRef.name;
    fields["templateRef.template"] = node.templateRef.template;
  }
  for (const p of node.inputs?.parameters ?? []) {
    fields[`inputs.parameters.${p.name}.value`] = p.value === undefined ? "" : String(p.value);
  }
  return fields;
}

export type LabelOp = "=" | "!=" | "in" | "notin" | "exists" | "!" | "gt" | "lt";

export interface LabelRequirement {
  key: string;
  op: LabelOp;
  values: string[];
}

const labelKey = /^[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?$/;

/** Splits on commas outside parentheses. */
function splitRequirements(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of text) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) {
      parts.push(current);
      current = "";
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p !== "");
}

function parseRequirement(text: string, whole: string): LabelRequirement {
  const bad = () => invalid(`unable to parse requirement: '${text}' in label selector '${whole}'`);
  const set = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(text);
  if (set) {
    const values = (set[3] as string)
      .split(",")
      .map((v) => v.trim())
      .filter((v) => v !== "");
    return { key: set[1] as string, op: set[2] as "in" | "notin", values };
  }
  if (text.startsWith("!")) {
    const key = text.slice(1).trim();
    if (!labelKey.test(key)) throw bad();
    return { key, op: "!", values: [] };
  }
  const cmp = /^([^=!<>\s]+)\s*(==|=|!=|>|<)\s*(.*)$/.exec(text);
  if (cmp) {
    const op = cmp[2] === "!=" ? "!=" : cmp[2] === ">" ? "gt" : cmp[2] === "<" ? "lt" : "=";
    return { key: cmp[1] as string, op, values: [(cmp[3] as string).trim()] };
  }
  if (!labelKey.test(text)) throw bad();
  return { key: text, op: "exists", values: [] };
}

/** Parses a label selector; an empty text selects everything. */
export function parseLabelSelector(text: string): LabelRequirement[] {
  return splitRequirements(text).map((r) => parseRequirement(r, text));
}

/** Does an object with these labels satisfy every requirement? */
export function matchesLabels(reqs: LabelRequirement[], labels: Record<string, string> = {}): boolean {
  return reqs.every((r) => {
    const has = Object.hasOwn(labels, r.key);
    const value = labels[r.key] ?? "";
    switch (r.op) {
      case "=":
        return has && value === r.values[0];
      case "!=":
        return !has || value !== r.values[0];
      case "in":
        return has && r.values.includes(value);
      case "notin":
        return !has || !r.values.includes(value);
      case "exists":
        return has;
      case "!":
        return !has;
      case "gt":
        return has && Number(value) > Number(r.values[0]);
      case "lt":
        return has && Number(value) < Number(r.values[0]);
      default:
        return false;
    }
  });
}
