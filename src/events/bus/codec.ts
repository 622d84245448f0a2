/**
 * An event on the wire: the CloudEvent as one JSON object in structured mode, which is what Argo's
 * event sources put on JetStream (`json.Marshal` of a cloudevents-go event with
 * `datacontenttype: application/json`, `data` inline as JSON), so Argo sensors and Argosy read
 * each other's events. Both buses store this same text.
 */
import { invalid } from "../../util/errors.js";
import type { CloudEvent } from "../types.js";

const REQUIRED = ["id", "source", "subject"] as const;
const OPTIONAL_STRINGS = ["type", "time", "datacontenttype"] as const;

/** The JSON of an event to publish; `Invalid` when it lacks an id, source or subject or does not serialize. */
export function encodeEvent(event: CloudEvent): string {
  if (typeof event !== "object" || event === null || Array.isArray(event)) {
    throw invalid("an event must be an object");
  }
  for (const field of REQUIRED) {
    if (typeof event[field] !== "string" || event[field] === "") {
      throw invalid(`an event needs a non-empty string "${field}"`);
    }
  }
  for (const field of OPTIONAL_STRINGS) {
    if (event[field] !== undefined && typeof event[field] !== "string") {
      throw invalid(`an event's "${field}" must be a string`);
    }
  }
  if (event.specversion !== undefined && event.specversion !== "1.0") {
    throw invalid(`unsupported CloudEvents specversion "${String(event.specversion)}" (only 1.0)`);
  }
  try {
    return JSON.stringify(event);
  } catch (e) {
    throw invalid(`event ${event.id} cannot be serialized as JSON: ${(e as Error).message}`, { cause: e });
  }
}

/** The event in a message body, or undefined when it is not a CloudEvent this bus can deliver. */
export function decodeEvent(body: string): CloudEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  for (const field of REQUIRED) if (typeof record[field] !== "string") return undefined;
  return value as CloudEvent;
}
