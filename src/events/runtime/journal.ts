/**
 * What users see of a running EventSource or Sensor: counters (events received, filtered out,
 * triggered, failed) and the last entries of its log, each saying what happened to which event and
 * why (the filter or condition that rejected it). Kept in memory per object; `/metrics`, the logs
 * API and `argosy sensor logs` read it, and followers get each new entry as it is written.
 */
import type { LogLevel } from "../types.js";

/** One log line, in the shape Argo's event logs API returns (`LogEntry`), plus the event id. */
export interface JournalEntry {
  namespace: string;
  /** Set for sensors. */
  sensorName?: string;
  /** Set for event sources. */
  eventSourceName?: string;
  eventSourceType?: string;
  eventName?: string;
  dependencyName?: string;
  triggerName?: string;
  eventId?: string;
  level: LogLevel;
  /** RFC 3339 with milliseconds. */
  time: string;
  msg: string;
}

/** Counters of one object. Event sources count `received`, `duplicates`, `failed`; sensors all. */
export interface JournalCounters {
  /** Events published (sources) or delivered to the sensor. */
  received: number;
  /** Sources: events dropped as already seen (same id within the window). */
  duplicates: number;
  /** Sensors: events a dependency's filters rejected. */
  filtered: number;
  /** Sensors: trigger runs that succeeded. */
  triggered: number;
  /** Trigger runs (sensors) or publishes (sources) that failed. */
  failed: number;
}

export type JournalListener = (entry: JournalEntry) => void;

/** The log and counters of one EventSource or Sensor. */
export class Journal {
  readonly counters: JournalCounters = { received: 0, duplicates: 0, filtered: 0, triggered: 0, failed: 0 };
  private readonly entries: JournalEntry[] = [];
  private readonly listeners = new Set<JournalListener>();

  constructor(
    private readonly base: Pick<JournalEntry, "namespace" | "sensorName" | "eventSourceName">,
    private readonly capacity = 200,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Appends an entry (the oldest goes beyond `capacity`) and tells the followers. */
  write(
    level: LogLevel,
    msg: string,
    fields: Omit<Partial<JournalEntry>, "level" | "msg" | "time"> = {},
  ): void {
    const entry: JournalEntry = { ...this.base, ...fields, level, time: this.now().toISOString(), msg };
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
    for (const listener of this.listeners) {
      try {
        listener(entry);
      } catch {
        // a follower's failure (a closed stream) is its own business
      }
    }
  }

  /** The entries kept, oldest first. */
  recent(): JournalEntry[] {
    return [...this.entries];
  }

  /** Calls `listener` for every later entry; returns the function that stops it. */
  follow(listener: JournalListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
