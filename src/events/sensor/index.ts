/**
 * Public surface of `src/events/sensor`: the pure parts of an Argo Events sensor. Paths (gjson
 * reads, sjson writes), Go templates with Sprig, dependency transforms and filters, trigger
 * conditions, trigger parameters and payloads, rate limiting and retry backoff.
 */

export { backoffDelays, backoffDurationMs, defaultBackoff, parseGoDuration } from "./backoff.js";
export { allOf, type Conditions, parseConditions } from "./conditions.js";
export { type FilterResult, filterEvent } from "./filters/index.js";
export { resultBool, resultFloat, resultString, resultType } from "./gjson-result.js";
export { type RenderOptions, renderGoTemplate, TemplateError } from "./gotemplate/index.js";
export { type LuaResult, runLua } from "./lua.js";
export {
  applyParameters,
  buildPayload,
  buildPayloadText,
  type EventsByDependency,
  resolveParameter,
} from "./parameters.js";
export { getPath, setPath } from "./paths.js";
export { RateLimiter } from "./ratelimit.js";
export { runJq, transformEvent } from "./transform.js";
