/**
 * The two ways a `k8s` trigger combines its resource with the stored object: `update` merges
 * the resource over the stored object (maps recursively, anything else replaced, as Argo's
 * mergo-with-override does), and `patch` applies it as a JSON merge patch (RFC 7386: `null`
 * removes a field).
 */
import { isRecord } from "./common.js";

/**
 * `over` merged onto `base`: objects merge key by key, arrays and scalars from `over` win, and
 * `null`/absent values in `over` leave `base`'s value. (mergo also keeps `base` for `false`,
 * `0` and `""`; Argosy lets those overwrite, so a trigger can set `spec.suspend: false`.)
 */
export function mergeOver(base: unknown, over: unknown): unknown {
  if (over === null || over === undefined) return base;
  if (!isRecord(base) || !isRecord(over)) return structuredClone(over);
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = mergeOver(base[key], value);
  return out;
}

/** RFC 7386: `patch` applied to `target`. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) return structuredClone(patch);
  const out: Record<string, unknown> = isRecord(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}
