/**
 * Small request/response helpers shared by the routes: query parameters as a flat record, JSON
 * bodies that answer 400 instead of throwing a parser error, and JSON answers with `fields=`.
 */
import type { Context } from "hono";
import { badRequest } from "./errors.js";
import { FieldFilter } from "./fields.js";

/** The query string as `name → last value`. */
export function queryOf(c: Context): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of new URL(c.req.url).searchParams) out[k] = v;
  return out;
}

/** A JSON object body; an empty body reads as `{}`. Throws InvalidArgument (400) otherwise. */
export async function readBody(c: Context): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (text.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw badRequest(`the request body is not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw badRequest("the request body must be a JSON object");
  }
  return parsed as Record<string, unknown>;
}

/** A field of the body that must be an object when present. */
export function objectField<T>(body: Record<string, unknown>, name: string): T | undefined {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "object" || Array.isArray(v)) throw badRequest(`${name} must be an object`);
  return v as T;
}

/** A string field of the body; missing or empty reads as "". */
export function stringField(body: Record<string, unknown>, name: string): string {
  const v = body[name];
  if (v === undefined || v === null) return "";
  if (typeof v !== "string") throw badRequest(`${name} must be a string`);
  return v;
}

/** A string-list field of the body (`parameters: ["a=1"]`). */
export function stringList(body: Record<string, unknown>, name: string): string[] {
  const v = body[name];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || !v.every((x) => typeof x === "string")) {
    throw badRequest(`${name} must be a list of strings`);
  }
  return v;
}

/** Answers `value` as JSON with the request's `fields=` filter applied. */
export function jsonWithFields(c: Context, value: unknown): Response {
  const filter = new FieldFilter(c.req.query("fields"));
  return c.json(filter.apply(value) as object);
}
