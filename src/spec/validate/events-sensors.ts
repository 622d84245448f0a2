/**
 * Semantic rules of a Sensor's dependencies and their filters, with Argo Events' messages; the
 * triggers are checked by `events-triggers.ts`. Argo stops at the first problem; these rules report
 * every one, each at the field it is about.
 */
import { type Issue, issue } from "../problem.js";
import { Findings, isSet } from "./events-read.js";
import { secondsOfDay, timeOfDayProblem, timezoneProblem } from "./events-time.js";
import { checkTriggers } from "./events-triggers.js";
import type { Path } from "./model.js";
import { checkUnique } from "./names.js";
import { asList, asRecord, type Json, stringField } from "./read.js";

/** All semantic problems of a Sensor object. */
export function validateSensor(root: Json): Issue[] {
  const out: Issue[] = [];
  const spec = asRecord(root.spec);
  if (spec === undefined) return out;
  const dependencies = checkDependencies(spec, out);
  checkTriggers({ spec, dependencies, out });
  return out;
}

/** Checks `spec.dependencies`; returns the names they define. */
function checkDependencies(spec: Json, out: Issue[]): string[] {
  const list = asList(spec.dependencies);
  if (list.length === 0) {
    const at = spec.dependencies === undefined ? ["spec"] : ["spec", "dependencies"];
    out.push(issue("required", at, "no event dependencies found"));
  }
  const named: { name?: string; at: Path }[] = [];
  list.forEach((value, i) => {
    const dep = asRecord(value);
    if (dep === undefined) return;
    const f = new Findings(out, ["spec", "dependencies", i], dep);
    f.need("name", "event dependency must define a name");
    f.need("eventSourceName", "event dependency must define the EventSourceName");
    f.need("eventName", "event dependency must define the EventName");
    const name = stringField(dep, "name");
    named.push(name === undefined ? { at: f.at } : { name, at: f.at });
    const filters = f.child("filters");
    if (filters !== undefined) checkFilters(filters);
  });
  checkUnique(named, "event dependency name", out);
  return named.flatMap((n) => (n.name === undefined ? [] : [n.name]));
}

function checkFilters(f: Findings): void {
  asList(f.obj.exprs).forEach((value, i) => {
    const expr = asRecord(value);
    if (expr === undefined) return;
    const e = new Findings(f.out, [...f.at, "exprs", i], expr);
    if (!isSet(expr, "expr") || !isSet(expr, "fields"))
      e.error(
        "required",
        isSet(expr, "expr") ? "fields" : "expr",
        "one of expr filters is not valid (expr and fields must be not empty)",
      );
    asList(expr.fields).forEach((field, j) => {
      const fieldMap = asRecord(field);
      if (fieldMap !== undefined && (!isSet(fieldMap, "path") || !isSet(fieldMap, "name")))
        f.out.push(
          issue(
            "required",
            [...e.at, "fields", j, isSet(fieldMap, "path") ? "name" : "path"],
            "one of expr filters is not valid (path and name in a field must be not empty)",
          ),
        );
    });
  });
  asList(f.obj.data).forEach((value, i) => {
    const data = asRecord(value);
    if (data === undefined) return;
    const d = new Findings(f.out, [...f.at, "data", i], data);
    const missing = ["path", "type", "value"].find((k) => !isSet(data, k));
    if (missing !== undefined)
      d.error(
        "required",
        missing,
        "one of data filters is not valid (type, path and value must be not empty)",
      );
    asList(data.value).forEach((v, j) => {
      if (v === "" || v === null)
        f.out.push(
          issue(
            "required",
            [...d.at, "value", j],
            "one of data filters is not valid (value must be not empty)",
          ),
        );
    });
  });
  const context = f.child("context");
  if (
    context !== undefined &&
    !["type", "subject", "source", "datacontenttype"].some((k) => isSet(context.obj, k))
  )
    context.error(
      "required",
      undefined,
      "no fields specified in ctx filter (aka all events will be discarded): set type, subject, source or datacontenttype",
    );
  const time = f.child("time");
  if (time !== undefined) checkTimeFilter(time);
}

function checkTimeFilter(t: Findings): void {
  const zone = t.obj.timezone;
  if (typeof zone === "string" && zone !== "") {
    const problem = timezoneProblem(zone);
    if (problem !== undefined) t.error("invalid-value", "timezone", `invalid timezone '${zone}': ${problem}`);
  }
  let valid = true;
  for (const key of ["start", "stop"]) {
    const value = t.obj[key];
    const problem =
      typeof value === "string" ? timeOfDayProblem(value) : `"${String(value ?? "")}" is not a time of day`;
    if (problem === undefined) continue;
    valid = false;
    t.error(isSet(t.obj, key) ? "invalid-value" : "required", key, `invalid time filter ${key}: ${problem}`);
  }
  const { start, stop } = t.obj;
  if (
    valid &&
    typeof start === "string" &&
    typeof stop === "string" &&
    secondsOfDay(start) === secondsOfDay(stop)
  )
    t.error(
      "invalid-value",
      "stop",
      `invalid event time filter: stop '${stop}' is equal to start '${start}'`,
    );
}
