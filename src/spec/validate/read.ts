/**
 * Narrowing helpers for walking manifests that have not been proven well-formed. Semantic checks run
 * even when the schema found problems, so every read tolerates the wrong shape by returning nothing.
 */

export type Json = Record<string, unknown>;

/** True for a plain map (not a list, not null). */
export const isRecord = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The value as a map, or undefined. */
export const asRecord = (value: unknown): Json | undefined => (isRecord(value) ? value : undefined);

/** The value as a list, or an empty list. */
export const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** A non-empty string, or undefined. */
export const asString = (value: unknown): string | undefined =>
  typeof value === "string" && value !== "" ? value : undefined;

/** A scalar as Argo's AnyString sees it (`1` and `"1"` are the same), or undefined. */
export const asAnyString = (value: unknown): string | undefined =>
  typeof value === "string" || typeof value === "number" || typeof value === "boolean"
    ? String(value)
    : undefined;

/** The string field of a map, if it is a non-empty string. */
export const stringField = (obj: Json | undefined, key: string): string | undefined => asString(obj?.[key]);

/** True when the map has the field set to something other than null. */
export const hasField = (obj: Json | undefined, key: string): boolean =>
  obj !== undefined && obj[key] !== undefined && obj[key] !== null;

/** True when a string contains a `{{…}}` tag and so is only known at run time. */
export const isDynamic = (text: string): boolean => text.includes("{{");
