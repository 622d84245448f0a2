/**
 * Image profiles from configuration: a JSON file holding a list of profiles whose `match` are
 * image globs (strings), checked before the built-in table.
 */
import { readFileSync } from "node:fs";
import { invalid } from "../../util/errors.js";
import type { ImageProfile } from "./image-profiles.js";

const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");

/** Reads and checks a profiles file; throws `Invalid` naming the file and the entry at fault. */
export function loadImageProfiles(path: string): ImageProfile[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw invalid(`image profiles file ${path}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  if (!Array.isArray(parsed)) throw invalid(`image profiles file ${path}: expected a JSON list of profiles`);
  return parsed.map((p: unknown, i) => {
    const where = `image profiles file ${path}, entry ${i}`;
    if (p === null || typeof p !== "object") throw invalid(`${where}: expected an object`);
    const o = p as Record<string, unknown>;
    if (typeof o.name !== "string" || !o.name) throw invalid(`${where}: "name" must be a non-empty string`);
    if (!(typeof o.match === "string" || isStringList(o.match)))
      throw invalid(`${where}: "match" must be a glob or a list of globs`);
    if (o.userland !== "busybox" && o.userland !== "host")
      throw invalid(`${where}: "userland" must be "busybox" or "host"`);
    for (const key of ["entrypoint", "defaultCommand"] as const) {
      if (o[key] !== undefined && !isStringList(o[key]))
        throw invalid(`${where}: "${key}" must be a list of strings`);
    }
    return o as unknown as ImageProfile;
  });
}
