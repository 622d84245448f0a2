/**
 * The event bus of each (namespace, EventBus name). No EventBus object, or one without a JetStream
 * section, means the embedded bus in the Store. `jetstreamExotic.url` connects to that NATS server;
 * `jetstream` (Argo's "deploy one for me") starts a local `nats-server -js` under the Argosy home.
 */
import { join } from "node:path";
import type { Store } from "../../store/types.js";
import { openEmbeddedBus, openJetStreamBus, startLocalNatsServer } from "../bus/index.js";
import type { EventBus, EventBusObject } from "../types.js";

interface OpenBus {
  bus: EventBus;
  /** The EventBus spec it was opened from, to notice changes. */
  specJson: string;
  stopServer?: () => Promise<void>;
}

export class Buses {
  private readonly open = new Map<string, Promise<OpenBus>>();

  constructor(
    private readonly store: Store,
    private readonly home: string,
  ) {}

  /** The bus for this namespace and name (default `default`), opened on first use. */
  async get(namespace: string, name = "default"): Promise<EventBus> {
    const key = `${namespace}/${name}`;
    let entry = this.open.get(key);
    if (!entry) {
      entry = this.openBus(namespace, name);
      this.open.set(key, entry);
      entry.catch(() => this.open.delete(key));
    }
    return (await entry).bus;
  }

  /** True when the stored EventBus differs from the one the open bus was made from. */
  async changed(namespace: string, name: string): Promise<boolean> {
    const entry = this.open.get(`${namespace}/${name}`);
    if (!entry) return false;
    const current = await this.store.get<EventBusObject>("EventBus", namespace, name);
    return JSON.stringify(current?.spec ?? null) !== (await entry.catch(() => undefined))?.specJson;
  }

  /** Closes one bus (it is opened again on next use). */
  async close(namespace: string, name: string): Promise<void> {
    const key = `${namespace}/${name}`;
    const entry = this.open.get(key);
    this.open.delete(key);
    await shut(entry);
  }

  async closeAll(): Promise<void> {
    const entries = [...this.open.values()];
    this.open.clear();
    await Promise.all(entries.map(shut));
  }

  private async openBus(namespace: string, name: string): Promise<OpenBus> {
    const object = await this.store.get<EventBusObject>("EventBus", namespace, name);
    const specJson = JSON.stringify(object?.spec ?? null);
    const spec = object?.spec;
    const exotic = spec?.jetstreamExotic?.url;
    if (exotic) return { bus: await openJetStreamBus({ url: exotic, namespace, name }), specJson };
    if (spec?.jetstream) {
      const server = await startLocalNatsServer({ dir: join(this.home, "eventbus", `${namespace}-${name}`) });
      try {
        return {
          bus: await openJetStreamBus({ url: server.url, namespace, name }),
          specJson,
          stopServer: server.stop,
        };
      } catch (e) {
        await server.stop();
        throw e;
      }
    }
    return { bus: openEmbeddedBus(this.store, { namespace, name }), specJson };
  }
}

async function shut(entry: Promise<OpenBus> | undefined): Promise<void> {
  const open = await entry?.catch(() => undefined);
  if (!open) return;
  await open.bus.close().catch(() => undefined);
  await open.stopServer?.().catch(() => undefined);
}
