/**
 * Memoization caches: one ConfigMap per cache (labelled `workflows.argoproj.io/configmap-type:
 * Cache`), one data key per memoize key, each value Argo's entry JSON
 * (`{nodeID, outputs, creationTimestamp, lastHitTimestamp}`). Kept in memory for the engine's
 * synchronous lookups and written through to the store.
 */
import type { MemoEntry } from "../engine/memo.js";
import type { Store, StoredObject } from "../store/types.js";

interface ConfigMapObject extends StoredObject {
  data?: Record<string, string>;
}

const cacheLabel = { "workflows.argoproj.io/configmap-type": "Cache" };

export class MemoCaches {
  private readonly caches = new Map<string, Map<string, MemoEntry>>();

  constructor(
    private readonly store: Store,
    private readonly namespace: string,
  ) {}

  /** Loads every ConfigMap of the namespace that holds cache entries. */
  async load(): Promise<void> {
    for (const cm of await this.store.list<ConfigMapObject>("ConfigMap", this.namespace)) {
      const entries = new Map<string, MemoEntry>();
      for (const [key, value] of Object.entries(cm.data ?? {})) {
        const entry = parseEntry(value);
        if (entry) entries.set(key, entry);
      }
      if (entries.size) this.caches.set(cm.metadata.name ?? "", entries);
    }
  }

  lookup = (cacheName: string, key: string): MemoEntry | undefined => this.caches.get(cacheName)?.get(key);

  /** Records an entry and writes the cache's ConfigMap. */
  async save(cacheName: string, key: string, entry: MemoEntry): Promise<void> {
    const entries = this.caches.get(cacheName) ?? new Map<string, MemoEntry>();
    entries.set(key, entry);
    this.caches.set(cacheName, entries);
    const value = JSON.stringify({ ...entry, lastHitTimestamp: entry.creationTimestamp });
    const existing = await this.store.get<ConfigMapObject>("ConfigMap", this.namespace, cacheName);
    if (existing) {
      await this.store.update({ ...existing, data: { ...existing.data, [key]: value } });
      return;
    }
    await this.store.create<ConfigMapObject>({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: cacheName, namespace: this.namespace, labels: cacheLabel },
      data: { [key]: value },
    });
  }
}

function parseEntry(text: string): MemoEntry | undefined {
  try {
    const v = JSON.parse(text) as Partial<MemoEntry>;
    return typeof v.creationTimestamp === "string" ? (v as MemoEntry) : undefined;
  } catch {
    return undefined;
  }
}
