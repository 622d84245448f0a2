/**
 * Trigger parameters, as Argo's `ResolveParamValue`, `ApplyParams` and `ConstructPayload`.
 *
 * Resolving a source for dependency D:
 * - D has no event: `value` if set, else nothing (the parameter is skipped; normal with `||`).
 * - no key or template: `value` if set, else the whole event as Argo marshals it
 *   (`{"context":{…},"data":"<base64 of the data JSON>"}`).
 * - `dataKey`/`dataTemplate` win over `contextKey`/`contextTemplate`; a template is tried first
 *   (`.Input` = the data, or the context map), and falls back to the key when it fails or renders
 *   "" or `<no value>`; a key that is missing falls back to `value`; with neither, it is an error.
 * - a key's value: strings as they are, numbers/bools as text, objects/arrays as JSON text, null
 *   as "null". With `useRawData`, a non-string key value is placed as itself (number, object…).
 *
 * Applying to a target: `dest` is an sjson path; `append`/`prepend` join the text of the value
 * already at `dest` (which makes the result a string), `overwrite` (default) replaces it.
 */
import { invalid } from "../../util/errors.js";
import type { CloudEvent, TriggerParameter, TriggerParameterSource } from "../types.js";
import { resultString, resultType } from "./gjson-result.js";
import { renderGoTemplate } from "./gotemplate/index.js";
import { getPath, setPath } from "./paths.js";

export type EventsByDependency = Readonly<Record<string, CloudEvent>>;

/** A resolved value: its text, and the value to place when `useRawData` applies. */
interface Resolved {
  text: string;
  /** Set when the value came from a key and is not a string (Argo's non-"String" gjson type). */
  raw?: { value: unknown };
}

/** The context as Argo marshals `EventContext` (field order kept; `time` as RFC 3339 seconds). */
function contextOf(event: CloudEvent): Record<string, unknown> {
  const t = new Date(event.time);
  const time = Number.isNaN(t.getTime()) ? event.time : t.toISOString().replace(/\.\d{3}Z$/, "Z");
  return {
    id: event.id,
    source: event.source,
    specversion: event.specversion,
    type: event.type,
    datacontenttype: event.datacontenttype,
    subject: event.subject,
    time,
  };
}

function wholeEvent(event: CloudEvent): string {
  const data =
    event.data === undefined ? null : Buffer.from(JSON.stringify(event.data), "utf8").toString("base64");
  return JSON.stringify({ context: contextOf(event), data });
}

function byTemplate(template: string, input: unknown): string | undefined {
  try {
    const out = renderGoTemplate(template, { Input: input });
    return out === "" || out === "<no value>" ? undefined : out;
  } catch {
    return undefined;
  }
}

function byKey(source: unknown, key: string): Resolved | undefined {
  const v = getPath(source, key);
  if (v === undefined) return undefined;
  const type = resultType(v);
  const text = type === "JSON" || type === "Null" ? (JSON.stringify(v) ?? "null") : resultString(v);
  return type === "String" ? { text } : { text, raw: { value: v } };
}

function resolve(src: TriggerParameterSource, events: EventsByDependency): Resolved | undefined {
  const event = Object.hasOwn(events, src.dependencyName) ? events[src.dependencyName] : undefined;
  if (!event) return src.value === undefined ? undefined : { text: src.value };
  const fromData = Boolean(src.dataKey || src.dataTemplate);
  const fromContext = Boolean(src.contextKey || src.contextTemplate);
  if (!fromData && !fromContext) return { text: src.value ?? wholeEvent(event) };
  const input = fromData ? event.data : contextOf(event);
  const template = fromData ? src.dataTemplate : src.contextTemplate;
  const key = fromData ? src.dataKey : src.contextKey;
  if (template) {
    const text = byTemplate(template, input);
    if (text !== undefined) return { text };
  }
  if (key) {
    const found = byKey(input, key);
    if (found) return found;
  }
  if (src.value !== undefined) return { text: src.value };
  const what = [template && `template "${template}"`, key && `key "${key}"`].filter(Boolean).join(" or ");
  throw invalid(
    `unable to resolve '${src.dependencyName}' parameter value: ${what} matched nothing in the event`,
  );
}

/**
 * The text a parameter source resolves to, or undefined when its dependency has no event and it
 * has no `value`. Throws `Invalid` when nothing in the event matches and there is no `value`.
 */
export function resolveParameter(
  src: TriggerParameterSource,
  events: EventsByDependency,
): string | undefined {
  return resolve(src, events)?.text;
}

function applyOne(target: unknown, param: TriggerParameter, events: EventsByDependency): unknown {
  const r = resolve(param.src, events);
  if (r === undefined) return target;
  let text = r.text;
  let raw = r.raw;
  const op = param.operation ?? "";
  if (op === "append" || op === "prepend") {
    const current = getPath(target, param.dest);
    if (current !== undefined) {
      raw = undefined;
      text = op === "append" ? resultString(current) + text : text + resultString(current);
    }
  } else if (op !== "overwrite" && op !== "") {
    throw invalid(`unsupported trigger parameter operation: ${op}`);
  }
  return setPath(target, param.dest, raw && param.src.useRawData ? raw.value : text);
}

/** Applies parameters in order to a copy of `target` (a trigger template or resource). */
export function applyParameters(
  target: unknown,
  params: readonly TriggerParameter[] | undefined,
  events: EventsByDependency,
): unknown {
  let out = target;
  for (const param of params ?? []) out = applyOne(out, param, events);
  return out;
}

type Payload = { whole: string } | { object: unknown } | undefined;

function construct(params: readonly TriggerParameter[] | undefined, events: EventsByDependency): Payload {
  let payload: unknown;
  for (const param of params ?? []) {
    const r = resolve(param.src, events);
    if (r === undefined) continue;
    if (param.dest === "") return { whole: r.text };
    payload = setPath(payload ?? {}, param.dest, r.raw && param.src.useRawData ? r.raw.value : r.text);
  }
  return payload === undefined ? undefined : { object: payload };
}

/**
 * An HTTP/NATS/AMQP `payload`: the parameters' `dest` paths set into an empty object. A parameter
 * with an empty `dest` makes its value the whole payload in Argo; here that value must be JSON
 * object text (use `buildPayloadText` for Argo's verbatim behaviour). Throws `Invalid`.
 */
export function buildPayload(
  params: readonly TriggerParameter[] | undefined,
  events: EventsByDependency,
): Record<string, unknown> {
  const p = construct(params, events);
  if (p === undefined) return {};
  if ("object" in p) return p.object as Record<string, unknown>;
  let value: unknown;
  try {
    value = JSON.parse(p.whole);
  } catch {
    value = undefined;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw invalid("a payload parameter with an empty dest must resolve to a JSON object");
  }
  return value as Record<string, unknown>;
}

/**
 * Argo's `ConstructPayload` as text: undefined when no parameter produced a value (Argo then sends
 * no body); the first empty-`dest` parameter with a value is the whole body, verbatim.
 */
export function buildPayloadText(
  params: readonly TriggerParameter[] | undefined,
  events: EventsByDependency,
): string | undefined {
  const p = construct(params, events);
  if (p === undefined) return undefined;
  return "whole" in p ? p.whole : JSON.stringify(p.object);
}
