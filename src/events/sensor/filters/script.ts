/**
 * Script filters (`filters.script`), as Argo's `filterScript`: a Lua script sees the event data
 * as the global `event`; the event passes only when the script returns the boolean true. No data
 * (undefined) passes, as in Argo.
 */
import { runLua } from "../lua.js";
import { type FilterResult, failed, messageOf, passed } from "./result.js";

export async function filterScript(script: string | undefined, data: unknown): Promise<FilterResult> {
  if (!script || data === undefined) return passed;
  try {
    const result = await runLua(script, data);
    if (result.type === "boolean" && result.value === true) return passed;
    const got =
      result.type === "boolean" || result.type === "nil" ? String(result.value ?? "nil") : `a ${result.type}`;
    return failed(`script filter: returned ${got}`);
  } catch (e) {
    return failed(`script filter: ${messageOf(e)}`);
  }
}
