/**
 * Lock names and holder keys, spelled the way Argo spells them (`workflow/sync/lock_name.go`), so
 * that `status.synchronization` and `node.synchronizationStatus.waiting` read exactly as on Argo.
 *
 * - mutex:     `<namespace>/Mutex/<name>`
 * - semaphore: `<namespace>/ConfigMap/<configmap>/<key>`
 * - database:  `<namespace>/Database/<name-or-key>` (both kinds; Argosy has no database locks)
 * - holder:    `<namespace>/<workflow>` (workflow level) or `<namespace>/<workflow>/<nodeId>`
 *
 * Pure: no I/O, so the engine may use it too.
 */

/** The kinds of lock Argo encodes in a lock name. */
export type LockKind = "Mutex" | "ConfigMap" | "Database";

/** A decoded lock name. `key` is set only for ConfigMap semaphores. */
export interface LockName {
  namespace: string;
  kind: LockKind;
  resourceName: string;
  key?: string;
}

/** Argo's prefix for every configuration problem found by `TryAcquire`. */
const INVALID = "requested configuration is invalid: ";

/** Encodes a lock name as Argo does (`lockName.String`). */
export function encodeLockName(name: LockName): string {
  const base = `${name.namespace}/${name.kind}/${name.resourceName}`;
  return name.kind === "ConfigMap" ? `${base}/${name.key ?? ""}` : base;
}

/** Decodes a lock name, with Argo's error texts (`DecodeLockName`). */
export function decodeLockName(lockKey: string): LockName | Error {
  const first = lockKey.indexOf("/");
  const second = first < 0 ? -1 : lockKey.indexOf("/", first + 1);
  if (second < 0) return new Error("Invalid lock key: unknown format");
  const namespace = lockKey.slice(0, first);
  const kind = lockKey.slice(first + 1, second);
  const rest = lockKey.slice(second + 1);
  let name: LockName;
  if (kind === "Mutex" || kind === "Database") {
    name = { namespace, kind, resourceName: rest };
  } else if (kind === "ConfigMap") {
    const parts = rest.split("/");
    if (parts.length !== 2) return new Error("Invalid ConfigMap lock key: unknown format");
    name = { namespace, kind, resourceName: parts[0] ?? "", key: parts[1] ?? "" };
  } else {
    return new Error(`Invalid lock key, unexpected kind: ${kind}`);
  }
  const problem = lockNameProblem(name);
  return problem ? new Error(problem) : name;
}

function lockNameProblem(name: LockName): string | undefined {
  if (name.namespace === "") return "Invalid lock key: Namespace is missing";
  if (name.resourceName === "") return "Invalid lock key: ResourceName is missing";
  if (name.kind === "ConfigMap" && !name.key) return "Invalid lock key: Key is missing for ConfigMap lock";
  return undefined;
}

/**
 * The holder key Argo queues and records (`getHolderKey`): the workflow for a workflow-level lock,
 * the node id under it for a template-level lock.
 */
export function holderKeyOf(namespace: string, workflow: string, nodeId?: string): string {
  return nodeId ? `${namespace}/${workflow}/${nodeId}` : `${namespace}/${workflow}`;
}

/** `<namespace>/<workflow>` of a holder key: the workflow to wake when the holder is granted. */
export function workflowKeyOf(holder: string): string {
  const parts = holder.split("/");
  return parts.length >= 2 ? `${parts[0]}/${parts[1]}` : holder;
}

/** Whether a string is a holder key Argo would produce (two or three non-empty segments). */
export function isHolderKey(holder: string): boolean {
  const parts = holder.split("/");
  return (parts.length === 2 || parts.length === 3) && parts.every((p) => p !== "");
}

type Item = { kind: "semaphore" | "mutex"; raw: Record<string, unknown> };

const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === "object" && x !== null && !Array.isArray(x);

/** Canonical JSON (sorted keys) so duplicate detection compares values, as Go's DeepEqual does. */
function canonical(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(canonical).join(",")}]`;
  if (isRecord(x)) {
    const keys = Object.keys(x).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(x[k])}`).join(",")}}`;
  }
  return JSON.stringify(x) ?? "null";
}

function itemsOf(sync: Record<string, unknown>): Item[] | string {
  if ("semaphore" in sync) return 'Argo v4 removed "semaphore": use "semaphores", a list';
  if ("mutex" in sync) return 'Argo v4 removed "mutex": use "mutexes", a list';
  const items: Item[] = [];
  for (const [kind, field] of [
    ["semaphore", "semaphores"],
    ["mutex", "mutexes"],
  ] as const) {
    const list = sync[field];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) return `${INVALID}synchronization.${field} must be a list`;
    for (const raw of list) {
      if (!isRecord(raw)) return `${INVALID}synchronization.${field} items must be objects`;
      items.push({ kind, raw });
    }
  }
  const seen = new Set<string>();
  for (const item of items) {
    const id = `${item.kind}:${canonical(item.raw)}`;
    if (seen.has(id)) return `${INVALID}duplicate synchronization item found`;
    seen.add(id);
  }
  return items;
}

const str = (x: unknown): string => (typeof x === "string" ? x : "");

function nameOf(item: Item, wfNamespace: string): LockName | string {
  const namespace = str(item.raw.namespace) || wfNamespace;
  if (item.kind === "mutex") {
    return {
      namespace,
      kind: item.raw.database === true ? "Database" : "Mutex",
      resourceName: str(item.raw.name),
    };
  }
  const cm = item.raw.configMapKeyRef;
  const db = item.raw.database;
  const hasCm = cm !== undefined && cm !== null;
  const hasDb = db !== undefined && db !== null;
  if (hasCm && hasDb) return "invalid semaphore with both ConfigMapKeyRef and Database";
  if (hasCm) {
    const ref = isRecord(cm) ? cm : {};
    return { namespace, kind: "ConfigMap", resourceName: str(ref.name), key: str(ref.key) };
  }
  if (hasDb) return { namespace, kind: "Database", resourceName: str(isRecord(db) ? db.key : undefined) };
  return "cannot get LockName for a Semaphore without a ConfigMapRef or Database";
}

/**
 * Turns a workflow's or template's `synchronization` block into Argo lock names, semaphores first
 * then mutexes (Argo's `allSyncItems` order, which decides which lock a waiting node reports).
 * `namespace` is the workflow's; an item's own `namespace` overrides it. Database locks are
 * rejected with the error Argo gives when no synchronization database is configured.
 */
export function lockKeysOf(sync: unknown, namespace: string): { keys: string[] } | { error: string } {
  if (sync === undefined || sync === null) return { keys: [] };
  if (!isRecord(sync)) return { error: `${INVALID}synchronization must be an object` };
  const items = itemsOf(sync);
  if (typeof items === "string") return { error: items };
  const names: Array<{ item: Item; name: LockName }> = [];
  for (const item of items) {
    const name = nameOf(item, namespace);
    if (typeof name === "string") return { error: `${INVALID}${name}` };
    const problem = lockNameProblem(name);
    if (problem) return { error: `${INVALID}${problem}` };
    names.push({ item, name });
  }
  // Argo resolves every name before initialising any lock, so configuration errors win over this.
  const db = names.find((n) => n.name.kind === "Database");
  if (db)
    return { error: `database session is not available for ${db.item.kind} ${encodeLockName(db.name)}` };
  return { keys: [...new Set(names.map((n) => encodeLockName(n.name)))] };
}

/**
 * A semaphore's limit from its ConfigMap's `data`, with the errors Argo's controller reports
 * (`createSynchronizationManager`'s limit getter). `data` undefined means the ConfigMap is absent.
 */
export function configMapLimit(
  lockKey: string,
  data: Readonly<Record<string, string>> | undefined,
): number | Error {
  const name = decodeLockName(lockKey);
  if (name instanceof Error) return name;
  if (data === undefined) return new Error(`configmaps "${name.resourceName}" not found`);
  const key = name.key ?? "";
  const value = data[key];
  if (value === undefined) return new Error(`Sync configuration key '${key}' not found in ConfigMap`);
  // Go's strconv.Atoi: optional sign, decimal digits, nothing else.
  if (!/^[+-]?\d+$/.test(value)) return new Error(`strconv.Atoi: parsing "${value}": invalid syntax`);
  return Number.parseInt(value, 10);
}
