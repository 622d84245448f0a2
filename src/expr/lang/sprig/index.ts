/**
 * `sprig`: the Masterminds sprig v3 generic functions Argo exposes to expressions as `sprig.<fn>(…)`,
 * without `env` and `expandenv` (Argo removes them; they would leak the controller's environment).
 * Crypto (certificates, bcrypt, AES) and network functions are not provided.
 */
import type { GoFunc, MapValue } from "../values.js";
import { newMap } from "../values.js";
import { sprigCollections } from "./collections.js";
import { sprigNumbersDefaults } from "./numbers-defaults.js";
import { sprigRegexTimeMisc } from "./regex-time-misc.js";
import { sprigStrings } from "./strings.js";

const all: GoFunc[] = [...sprigStrings, ...sprigCollections, ...sprigNumbersDefaults, ...sprigRegexTimeMisc];

/** The function table, by sprig name. Shared and never mutated: `sprig.set` works on maps, not on it. */
export const sprigFunctions: ReadonlyMap<string, GoFunc> = new Map(all.map((f) => [f.name, f]));

/** A fresh `sprig` map for one evaluation env (a map value, so `sprig.add` is a member lookup). */
export function sprigMap(): MapValue {
  return newMap(sprigFunctions);
}
