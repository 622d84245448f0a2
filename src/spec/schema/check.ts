import { internal } from "../../util/errors.js";
import { type Issue, issue, type PathSegment } from "../problem.js";
import { rootStructs, structNamed } from "./registry.js";
import { isPrimitive, type Primitive, type Shape, type StructDef } from "./shape.js";
import { closestName } from "./suggest.js";

/**
 * Checks a document against the schema of its kind and returns every shape problem: unknown fields
 * (`unknown-field`), wrong types (`type`), missing required fields (`required`) and values outside a
 * fixed set (`invalid-value`). Kinds the schema does not describe yield nothing.
 */
export function checkSchema(kind: string, object: unknown): Issue[] {
  const root = rootStructs[kind];
  const out: Issue[] = [];
  if (root !== undefined) checkValue({ value: object, shape: root, at: [], out });
  return out;
}

interface Visit {
  value: unknown;
  shape: Shape;
  at: PathSegment[];
  out: Issue[];
}

/** Checks one value against one shape, appending problems to `out`. Null means "absent" as in Go. */
function checkValue(v: Visit): void {
  const { value, shape, at, out } = v;
  if (value === null || value === undefined) return;
  if (typeof shape === "string") {
    if (isPrimitive(shape)) {
      if (!fitsPrimitive(value, shape)) out.push(typeIssue(at, describePrimitive(shape), value));
      return;
    }
    const def = structNamed(shape);
    // A test walks the registry, so this only fires if the schema data itself is broken.
    if (def === undefined) throw internal(`schema: unknown struct ${shape}`);
    checkStruct(v, def);
    return;
  }
  if ("list" in shape) {
    if (!Array.isArray(value)) {
      out.push(typeIssue(at, shape.label === undefined ? "a list" : `a list (a ${shape.label})`, value));
      return;
    }
    value.forEach((item, i) => {
      checkValue({ value: item, shape: shape.list, at: [...at, i], out });
    });
    return;
  }
  if ("map" in shape) {
    if (!isRecord(value)) {
      out.push(typeIssue(at, "a map", value));
      return;
    }
    for (const [key, item] of Object.entries(value))
      checkValue({ value: item, shape: shape.map, at: [...at, key], out });
    return;
  }
  checkEnum(v, shape.oneOf);
}

function checkStruct({ value, at, out }: Visit, def: StructDef): void {
  if (!isRecord(value)) {
    out.push(typeIssue(at, "a map", value));
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    const shape = Object.hasOwn(def.fields, key) ? def.fields[key] : undefined;
    if (shape === undefined) {
      out.push(unknownField(key, def, [...at, key]));
      continue;
    }
    checkValue({ value: item, shape, at: [...at, key], out });
  }
  for (const field of def.required ?? []) {
    const item = value[field];
    if (item === undefined || item === null || item === "") {
      out.push(issue("required", [...at, field], `missing required field "${field}"`));
    }
  }
}

function unknownField(key: string, def: StructDef, at: PathSegment[]): Issue {
  const removed = def.removed?.[key];
  if (removed !== undefined) return issue("unknown-field", at, `unknown field "${key}" (${removed})`);
  const near = closestName(key, Object.keys(def.fields));
  const hint = near === undefined ? "" : ` (did you mean "${near}"?)`;
  return issue("unknown-field", at, `unknown field "${key}"${hint}`);
}

function checkEnum({ value, at, out }: Visit, allowed: readonly string[]): void {
  if (typeof value !== "string") {
    out.push(typeIssue(at, "a string", value));
    return;
  }
  if (allowed.includes(value) || value.includes("{{")) return;
  const choices = allowed.filter((a) => a !== "").join(", ");
  out.push(issue("invalid-value", at, `unsupported value "${value}": must be one of ${choices}`));
}

function fitsPrimitive(value: unknown, shape: Primitive): boolean {
  switch (shape) {
    case "string":
    case "anyString":
      return typeof value === "string" || typeof value === "number" || typeof value === "boolean";
    case "int":
      return Number.isInteger(value);
    case "number":
      return typeof value === "number";
    case "bool":
      return typeof value === "boolean";
    case "intOrString":
      return Number.isInteger(value) || typeof value === "string";
    case "object":
      return isRecord(value);
    case "any":
      return true;
  }
}

function describePrimitive(shape: Primitive): string {
  switch (shape) {
    case "string":
      return "a string";
    case "anyString":
      return "a string, number or boolean";
    case "int":
      return "an integer";
    case "number":
      return "a number";
    case "bool":
      return "a boolean (true or false)";
    case "intOrString":
      return "an integer or a string";
    case "object":
      return "a map";
    case "any":
      return "any value";
  }
}

function typeIssue(at: PathSegment[], expected: string, value: unknown): Issue {
  return issue("type", at, `expected ${expected}, got ${describeValue(value)}`);
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (isRecord(value)) return "a map";
  const text = JSON.stringify(value) ?? String(value);
  const short = text.length > 40 ? `${text.slice(0, 37)}...` : text;
  return `${typeof value} ${short}`;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
