/**
 * A sensor's memory, persisted in the Store's key-value space so that it survives a restart: for
 * each trigger, the latest accepted event of each dependency its conditions name (a half-satisfied
 * `a && b` keeps `a` until `b` comes), and the ids of events already used by a firing, so an event
 * delivered again after a crash (acknowledged only after its firing) does not count twice.
 */
import type { Store } from "../../store/types.js";
import type { CloudEvent } from "../types.js";

/** How long a used event id is remembered: longer than any redelivery of it. */
const CONSUMED_TTL_MS = 60 * 60 * 1000;

export class SensorState {
  private readonly bucket: string;

  constructor(
    private readonly store: Store,
    namespace: string,
    sensorName: string,
    private readonly now: () => number = Date.now,
  ) {
    this.bucket = `sensor/${namespace}/${sensorName}`;
  }

  /** The events held for a trigger, by dependency name. */
  async pending(trigger: string): Promise<Record<string, CloudEvent>> {
    const out: Record<string, CloudEvent> = {};
    for (const { key, value } of await this.store.kvList(this.bucket, `pending/${trigger}/`)) {
      try {
        out[key.slice(`pending/${trigger}/`.length)] = JSON.parse(value) as CloudEvent;
      } catch {
        await this.store.kvDelete(this.bucket, key); // unreadable: drop it rather than fail every event
      }
    }
    return out;
  }

  /** Holds `event` for `dependency` of `trigger`, replacing an older one; false when the event was already used. */
  async hold(trigger: string, dependency: string, event: CloudEvent): Promise<boolean> {
    if ((await this.store.kvGet(this.bucket, consumedKey(trigger, event))) !== undefined) return false;
    await this.store.kvPut(this.bucket, `pending/${trigger}/${dependency}`, JSON.stringify(event));
    return true;
  }

  /** After a firing: forgets the trigger's held events and remembers their ids as used. */
  async consume(trigger: string, events: Readonly<Record<string, CloudEvent>>): Promise<void> {
    const at = String(this.now());
    for (const [dependency, event] of Object.entries(events)) {
      await this.store.kvPut(this.bucket, consumedKey(trigger, event), at);
      await this.store.kvDelete(this.bucket, `pending/${trigger}/${dependency}`);
    }
    await this.pruneConsumed(trigger);
  }

  /** Forgets what a trigger holds (a `conditionsReset`). */
  async reset(trigger: string): Promise<number> {
    const held = await this.store.kvList(this.bucket, `pending/${trigger}/`);
    for (const { key } of held) await this.store.kvDelete(this.bucket, key);
    return held.length;
  }

  /** Forgets everything (the Sensor was deleted: a new one of the same name starts empty). */
  async clear(): Promise<void> {
    for (const { key } of await this.store.kvList(this.bucket)) await this.store.kvDelete(this.bucket, key);
  }

  /** Drops what belongs to triggers or dependencies the sensor no longer has. */
  async retain(keep: ReadonlyMap<string, ReadonlySet<string>>): Promise<void> {
    for (const { key } of await this.store.kvList(this.bucket, "pending/")) {
      const [, trigger = "", dependency = ""] = key.split("/");
      if (!keep.get(trigger)?.has(dependency)) await this.store.kvDelete(this.bucket, key);
    }
  }

  private async pruneConsumed(trigger: string): Promise<void> {
    const cutoff = this.now() - CONSUMED_TTL_MS;
    for (const { key, value } of await this.store.kvList(this.bucket, `consumed/${trigger}/`)) {
      if (Number(value) < cutoff) await this.store.kvDelete(this.bucket, key);
    }
  }
}

const consumedKey = (trigger: string, event: CloudEvent) => `consumed/${trigger}/${event.source}/${event.id}`;
