/**
 * The objects the engine looks up synchronously while it reconciles — WorkflowTemplates,
 * ClusterWorkflowTemplates and ConfigMaps — kept in memory, loaded once and then kept current
 * from the store's watch.
 */
import type { TemplateRefResolver } from "../engine/index.js";
import type { WorkflowSpec } from "../spec/types.js";
import type { Store, StoredObject, WatchEvent } from "../store/types.js";

const kinds = ["WorkflowTemplate", "ClusterWorkflowTemplate", "ConfigMap"] as const;

interface Cached extends StoredObject {
  spec?: WorkflowSpec;
  data?: Record<string, string>;
}

export class ObjectCache {
  private readonly objects = new Map<string, Cached>();
  private readonly unwatch: Array<() => void> = [];

  constructor(private readonly store: Store) {}

  async load(): Promise<void> {
    for (const kind of kinds) {
      this.unwatch.push(this.store.watch(kind, (e) => void this.refresh(e)));
      for (const obj of await this.store.list<Cached>(kind)) this.put(obj);
    }
  }

  close(): void {
    for (const u of this.unwatch.splice(0)) u();
  }

  resolveTemplateRef: TemplateRefResolver = ({ name, clusterScope, namespace }) =>
    clusterScope
      ? this.objects.get(key("ClusterWorkflowTemplate", "", name))?.spec
      : this.objects.get(key("WorkflowTemplate", namespace, name))?.spec;

  configMapValue = (ref: { namespace: string; name: string; key: string }): string | undefined =>
    this.objects.get(key("ConfigMap", ref.namespace, ref.name))?.data?.[ref.key];

  configMap(namespace: string, name: string): Record<string, string> | undefined {
    return this.objects.get(key("ConfigMap", namespace, name))?.data;
  }

  configMaps(namespace: string): Cached[] {
    const prefix = `ConfigMap/${namespace}/`;
    return [...this.objects.entries()].filter(([k]) => k.startsWith(prefix)).map(([, v]) => v);
  }

  private put(obj: Cached): void {
    this.objects.set(key(obj.kind, obj.metadata.namespace ?? "", obj.metadata.name ?? ""), obj);
  }

  private async refresh(e: WatchEvent): Promise<void> {
    const k = key(e.kind, e.namespace, e.name);
    if (e.type === "DELETED") {
      this.objects.delete(k);
      return;
    }
    const obj = await this.store.get<Cached>(e.kind, e.namespace, e.name);
    if (obj) this.objects.set(k, obj);
  }
}

const key = (kind: string, namespace: string, name: string) => `${kind}/${namespace}/${name}`;
