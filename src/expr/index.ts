/**
 * Public surface of `src/expr`: `{{…}}` substitution, expr-lang (`{{= }}`, `depends`, retry and hook
 * expressions), govaluate (`when`) and the `argosy expr` core.
 */

export { type CliResult, evaluateForCli, flattenVars } from "./cli-eval.js";
export {
  type EverySchedule,
  type FieldSchedule,
  isKnownZone,
  type ParsedSchedule,
  parseSchedule,
} from "./cron.js";
export { ExprError, type ExprErrorKind, isExprError } from "./errors.js";
export { evalGovaluate, evalGovaluateWith, evalWhen } from "./govaluate/index.js";
export { formatFloat, formatFloatF, quoteGo } from "./lang/go-format.js";
export {
  argoEnv,
  compileExpr,
  evalBool,
  evalExpr,
  expandFlatKeys,
  formatDuration,
  formatterFor,
  formatValue,
  GoDuration,
  GoFunc,
  GoLocation,
  GoTime,
  type Program,
  parseDuration,
  parseDurationNs,
  type RunOptions,
  runProgram,
} from "./lang/index.js";
export { marshal as marshalJSON, unmarshal } from "./lang/json.js";
export { referencedVariables } from "./lang/references.js";
export { GoRegexp } from "./regex/index.js";
export {
  absentValue,
  hasTags,
  type Scope,
  type SubstituteOptions,
  strictPrefixes,
  substituteDeep,
  substituteString,
} from "./substitute.js";
export { type ExpressionEvaluatorOptions, makeExpressionEvaluator } from "./template-expr.js";
