/**
 * The vocabulary of the hand-written schema. A shape is either a primitive (lower case), the name of
 * a struct (PascalCase, looked up in the registry), or a list/map/enum built from them.
 */

/**
 * Primitive value shapes, matching how Argo decodes YAML into its Go types:
 * - `string`: any scalar — go-yaml turns `10` or `true` into `"10"`/`"true"` for a string field;
 * - `int` / `number` / `bool`: JSON numbers and booleans, no quoted forms;
 * - `anyString`: Argo's AnyString (string, number or boolean);
 * - `intOrString`: Kubernetes IntOrString;
 * - `object`: any map, left open (Kubernetes pod fields we do not model);
 * - `any`: anything at all (withItems entries, status).
 */
export const primitives = [
  "string",
  "int",
  "number",
  "bool",
  "anyString",
  "intOrString",
  "object",
  "any",
] as const;
/** One of {@link primitives}. */
export type Primitive = (typeof primitives)[number];

/**
 * A shape: a primitive, a struct name (PascalCase, so never a primitive's name), or a compound.
 * A test checks that every struct name used resolves in the registry.
 */
export type Shape =
  | Primitive
  | string
  | { readonly list: Shape; readonly label?: string }
  | { readonly map: Shape }
  | { readonly oneOf: readonly string[] };

/** A closed object: only the listed fields are accepted. */
export interface StructDef {
  readonly fields: Readonly<Record<string, Shape>>;
  /** Fields that must be present and non-empty. */
  readonly required?: readonly string[];
  /** Fields that older Argo versions accepted, with a hint telling the user what replaced them. */
  readonly removed?: Readonly<Record<string, string>>;
}

/** All structs of the schema, by name. */
export type StructRegistry = Readonly<Record<string, StructDef>>;

/** Shorthand for a list shape. */
export const list = (of: Shape, label?: string): Shape =>
  label === undefined ? { list: of } : { list: of, label };
/** Shorthand for a map-of-values shape. */
export const map = (of: Shape): Shape => ({ map: of });
/** Shorthand for a string enum; values with `{{…}}` are always accepted since they resolve at run time. */
export const oneOf = (...values: string[]): Shape => ({ oneOf: values });

/** Kubernetes' SecretKeySelector and ConfigMapKeySelector share this shape. */
export const keySelector: StructDef = {
  fields: { name: "string", key: "string", optional: "bool" },
};

/** Builds a struct with the fields of several others, as Go's inlined embedded structs do. */
export function merge(...parts: Readonly<Record<string, Shape>>[]): Record<string, Shape> {
  return Object.assign({}, ...parts);
}

/** True for the primitive shapes, false for struct names and compounds. */
export const isPrimitive = (shape: Shape): shape is Primitive =>
  typeof shape === "string" && (primitives as readonly string[]).includes(shape);
