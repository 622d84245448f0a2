/**
 * Names on the bus, shared by both implementations: the routing subject of an event
 * (`<eventSourceName>.<eventName>`, Argo's JetStream subject without its `default.` stream prefix),
 * JetStream's durable consumer names, and the checks of `subscribe`'s options.
 *
 * A name becomes one subject token. NATS forbids `.`, `*`, `>` and whitespace in a token, and a
 * dot would also make `a.b`+`c` and `a`+`b.c` the same subject, so those characters (and `%`
 * itself, keeping the mapping one-to-one) are percent-encoded. The names Kubernetes and Argo use
 * in practice (`[a-z0-9-]`, `_`) pass unchanged, so the subjects are exactly Argo's.
 */
import { createHash } from "node:crypto";
import { invalid } from "../../util/errors.js";
import type { Subject, SubscribeOptions } from "../types.js";

/** Characters a token may not hold as they are: NATS's wildcards and separator, `%`, spaces and controls. */
function isUnsafe(c: string): boolean {
  const code = c.codePointAt(0)!;
  return "%.*>".includes(c) || code <= 0x20 || code === 0x7f || /\s/u.test(c);
}

/** One subject token for a name (see the module comment). */
export function subjectToken(name: string): string {
  let token = "";
  for (const c of name) {
    token += isUnsafe(c)
      ? Array.from(Buffer.from(c, "utf8"), (b) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`).join(
          "",
        )
      : c;
  }
  return token;
}

/** The routing subject of an event source's event: `<eventSourceName>.<eventName>`, each a token. */
export function subjectKey(eventSourceName: string, eventName: string): string {
  return `${subjectToken(eventSourceName)}.${subjectToken(eventName)}`;
}

/** A short, stable digest of a string (for names that must be unique but bounded). */
export function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 12);
}

/**
 * A JetStream durable name for one subject of one consumer. Durable names may not hold `.`, `*`,
 * `>`, whitespace or path separators (the server makes a folder of it); anything else outside
 * `[A-Za-z0-9_-]` is replaced too, and a replaced or long name gets a digest of the original so two
 * consumers never share a durable.
 */
export function durableName(consumer: string, subject: string): string {
  let base = consumer.replace(/[^A-Za-z0-9_-]/g, "_");
  if (base !== consumer || base.length > 64) base = `${base.slice(0, 48)}_${shortHash(consumer)}`;
  return `${base}-${shortHash(subject)}`;
}

/** Valid subscribe options, with the subjects as routing keys (duplicates dropped, order kept). */
export interface CheckedSubscription {
  consumer: string;
  subjects: string[];
  handler: SubscribeOptions["handler"];
  redeliveryMs: number;
}

const isName = (v: unknown): v is string => typeof v === "string" && v !== "";

/** A bus's namespace or name must be a non-empty string (`Invalid` otherwise). */
export function checkBusName(value: unknown, what: string): void {
  if (!isName(value)) throw invalid(`an event bus needs a non-empty ${what}`);
}

/** Checks `subscribe`'s options; `Invalid` names what is wrong. */
export function checkSubscribe(options: SubscribeOptions): CheckedSubscription {
  if (typeof options !== "object" || options === null) throw invalid("subscribe options must be an object");
  if (!isName(options.consumer)) throw invalid("a subscription needs a consumer name");
  if (typeof options.handler !== "function") throw invalid("a subscription needs a handler function");
  if (!Array.isArray(options.subjects) || options.subjects.length === 0) {
    throw invalid(`consumer "${options.consumer}" subscribes to no subjects`);
  }
  const subjects = options.subjects.map((s: Subject, i) => {
    if (!isName(s?.eventSourceName) || !isName(s?.eventName)) {
      throw invalid(`subjects[${i}] needs a non-empty eventSourceName and eventName`);
    }
    return subjectKey(s.eventSourceName, s.eventName);
  });
  const redeliveryMs = options.redeliveryMs ?? 1000;
  if (typeof redeliveryMs !== "number" || !Number.isFinite(redeliveryMs) || redeliveryMs < 0) {
    throw invalid(`redeliveryMs must be a non-negative number, got ${String(options.redeliveryMs)}`);
  }
  return {
    consumer: options.consumer,
    subjects: [...new Set(subjects)],
    handler: options.handler,
    redeliveryMs,
  };
}
