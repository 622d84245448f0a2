/**
 * Creating an object at most once per firing. A sensor that crashes after a trigger created its
 * object but before the events were acknowledged fires again with the same `Firing.id`; that
 * repeat must find the object instead of creating a second one.
 *
 * How: the object carries the firing id in the annotation `events.argosy.io/firing-id`. An object
 * with `generateName` and no name is named `generateName` + five characters derived from a hash
 * of the firing id (Kubernetes' name alphabet), so the repeat computes the same name, its create
 * is a Conflict, and the stored object's annotation shows it is ours: "already done". When the
 * name is taken by another firing's object (two firings whose hashes collide), the next name of
 * the firing's own sequence is tried, so the repeat walks the same sequence and still finds it.
 * An explicit `metadata.name` that is taken by someone else stays a Conflict, as in Argo.
 */
import { createHash } from "node:crypto";
import type { StoredObject } from "../../store/types.js";
import { type ArgosyError, conflict, isArgosyError } from "../../util/errors.js";

/** The annotation naming the firing that created an object. */
export const firingAnnotation = "events.argosy.io/firing-id";

// Kubernetes' alphabet for generated names (no vowels, no 0/1/3 look-alikes).
const alphabet = "bcdfghjklmnpqrstvwxz2456789";
/** Names tried for one generateName before giving up. */
const maxNameAttempts = 8;

/** The `attempt`-th name of a firing's sequence: `generateName` + 5 characters from sha256(id/attempt). */
export function firingName(generateName: string, firingId: string, attempt = 0): string {
  const digest = createHash("sha256").update(`${firingId}/${attempt}`).digest();
  let suffix = "";
  for (let i = 0; i < 5; i++) suffix += alphabet[(digest[i] ?? 0) % alphabet.length];
  return generateName + suffix;
}

export interface CreateOnceOptions<T extends StoredObject> {
  object: T;
  firingId: string;
  create(object: T): Promise<StoredObject>;
  /** Reads the object that holds the name now (to see whose it is). */
  get(namespace: string, name: string): Promise<StoredObject | undefined>;
}

export interface CreateOnceResult {
  object: StoredObject;
  /** True when this firing had created it before (nothing created now). */
  alreadyDone: boolean;
}

/** Creates the object unless this firing already did; see the file comment. */
export async function createOnce<T extends StoredObject>(
  opts: CreateOnceOptions<T>,
): Promise<CreateOnceResult> {
  const meta = opts.object.metadata;
  meta.annotations = { ...(meta.annotations ?? {}), [firingAnnotation]: opts.firingId };
  const namespace = meta.namespace ?? "";
  if (meta.name) {
    const name = meta.name;
    try {
      return { object: await opts.create(opts.object), alreadyDone: false };
    } catch (error) {
      const mine = await existingOf(opts, error, namespace, name);
      if (mine) return { object: mine, alreadyDone: true };
      throw error;
    }
  }
  const prefix = meta.generateName ?? "";
  for (let attempt = 0; attempt < maxNameAttempts; attempt++) {
    const name = firingName(prefix, opts.firingId, attempt);
    const candidate = { ...opts.object, metadata: { ...meta, name } };
    try {
      return { object: await opts.create(candidate), alreadyDone: false };
    } catch (error) {
      const mine = await existingOf(opts, error, namespace, name);
      if (mine) return { object: mine, alreadyDone: true };
      // Taken by another firing's object: try the next name of this firing's sequence.
    }
  }
  throw conflict(`no free name for generateName "${prefix}" after ${maxNameAttempts} attempts`);
}

/**
 * After a failed create: the stored object when the failure was a Conflict and the object is this
 * firing's; undefined when it is someone else's; the error itself is rethrown when not a Conflict.
 */
async function existingOf<T extends StoredObject>(
  opts: CreateOnceOptions<T>,
  error: unknown,
  namespace: string,
  name: string,
): Promise<StoredObject | undefined> {
  if (!isConflict(error)) throw error;
  const existing = await opts.get(namespace, name);
  return existing?.metadata.annotations?.[firingAnnotation] === opts.firingId ? existing : undefined;
}

const isConflict = (error: unknown): error is ArgosyError =>
  isArgosyError(error) && error.code === "Conflict";
