/**
 * Reading EventSources and Sensors for display: what an event source runs (`webhook(push)`), a
 * sensor's dependencies and triggers, and applying watch-stream messages to a list. Pure, so the
 * pages stay about layout.
 */
import type { EventKind, EventObject, EventSource, JournalEntry, Sensor } from "../../api/events.js";
import type { WatchEvent } from "../../types.js";

/** Spec fields of an EventSource that are settings, not source types. */
const sourceSettings = new Set(["eventBusName", "replicas", "template", "service"]);

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Each source type the EventSource runs with its event names, in spec order. */
export function sourcesOf(es: EventSource): { type: string; events: string[] }[] {
  return Object.entries(es.spec ?? {})
    .filter(([type, v]) => !sourceSettings.has(type) && isRecord(v))
    .map(([type, v]) => ({ type, events: Object.keys(v as object) }));
}

/** `webhook(push) calendar(tick,hourly)`. */
export const sourcesText = (es: EventSource) =>
  sourcesOf(es)
    .map((s) => `${s.type}(${s.events.join(",")})`)
    .join(" ");

export interface DependencyView {
  name: string;
  /** `eventSourceName/eventName`. */
  source: string;
  /** The filter kinds it applies (data, exprs, context, time, script). */
  filters: string[];
}

export function dependenciesOf(s: Sensor): DependencyView[] {
  const deps = Array.isArray(s.spec?.dependencies) ? s.spec.dependencies : [];
  return deps.map((d) => ({
    name: d.name,
    source: `${d.eventSourceName}/${d.eventName}`,
    filters: isRecord(d.filters) ? Object.keys(d.filters).filter((k) => d.filters?.[k as never]) : [],
  }));
}

/** Trigger template fields that are not the trigger's kind. */
const templateSettings = new Set(["name", "conditions", "conditionsReset"]);

export interface TriggerView {
  name: string;
  /** `argoWorkflow`, `http`, `log`, … (the template's one kind field). */
  kind: string;
  conditions: string | undefined;
}

export function triggersOf(s: Sensor): TriggerView[] {
  const triggers = Array.isArray(s.spec?.triggers) ? s.spec.triggers : [];
  return triggers.map((t) => {
    const tpl: Record<string, unknown> = isRecord(t.template) ? t.template : {};
    const kind = Object.keys(tpl).find((k) => !templateSettings.has(k) && isRecord(tpl[k]));
    return {
      name: typeof tpl.name === "string" ? tpl.name : "",
      kind: kind ?? "unknown",
      conditions: typeof tpl.conditions === "string" && tpl.conditions ? tpl.conditions : undefined,
    };
  });
}

export const keyOf = (o: EventObject) => `${o.metadata.namespace ?? ""}/${o.metadata.name ?? ""}`;

/** Applies watch messages to a map of objects by `ns/name` (a new map when anything changed). */
export function applyWatch(
  current: ReadonlyMap<string, EventObject>,
  events: WatchEvent<EventObject>[],
): Map<string, EventObject> {
  const next = new Map(current);
  for (const e of events) {
    if (!e?.object?.metadata) continue;
    if (e.type === "DELETED") next.delete(keyOf(e.object));
    else next.set(keyOf(e.object), e.object);
  }
  return next;
}

/** Objects by name, then namespace. */
export const byName = (a: EventObject, b: EventObject) =>
  (a.metadata.name ?? "").localeCompare(b.metadata.name ?? "") ||
  (a.metadata.namespace ?? "").localeCompare(b.metadata.namespace ?? "");

export const kindTitle = (k: EventKind) => (k === "sensors" ? "Sensors" : "Event Sources");
export const kindName = (k: EventKind) => (k === "sensors" ? "Sensor" : "EventSource");

/** Whether a log entry passes the page's filter box (substring, any shown field) and trigger choice. */
export function entryMatches(e: JournalEntry, text: string, trigger: string): boolean {
  if (trigger && e.triggerName !== trigger) return false;
  if (!text) return true;
  const t = text.toLowerCase();
  return [e.msg, e.level, e.dependencyName, e.triggerName, e.eventName, e.eventSourceType, e.eventId].some(
    (f) => f?.toLowerCase().includes(t),
  );
}
