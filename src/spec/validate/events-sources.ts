/**
 * Semantic rules of an EventSource, with Argo Events' messages: at least one entry, event names
 * unique across types, and each entry of the types Argosy runs complete (webhook, calendar, file,
 * redis, redisStream, nats, amqp, mqtt, generic). Entries of other types get a warning that Argosy
 * does not run them; their shape is still checked by the schema.
 */
import { type Issue, issue, warning } from "../problem.js";
import { eventSourceTypes } from "../schema/events-sources.js";
import { checkBackoff, checkBasicAuth, checkTls, Findings, isSet } from "./events-read.js";
import { cronProblem, exclusionDateProblem, goDurationProblem, timezoneProblem } from "./events-time.js";
import { asList, asRecord, type Json } from "./read.js";

type EntryRule = (f: Findings) => void;

/** The entry rules of the source types Argosy runs. */
const entryRules: Readonly<Record<string, EntryRule>> = {
  webhook: checkWebhook,
  calendar: checkCalendar,
  file: checkFile,
  redis: checkRedis,
  redisStream: checkRedisStream,
  nats: checkNats,
  amqp: checkAmqp,
  mqtt: checkMqtt,
  generic: checkGeneric,
};

// Argo runs these with a Recreate deployment and the others with a rolling update, and refuses
// to mix the two in one EventSource. Argosy has no deployments; it only warns, for portability.
const recreateTypes = new Set([
  ...["amqp", "calendar", "kafka", "pubSub", "azureEventsHub", "azureServiceBus", "nats", "mqtt"],
  ...[
    "minio",
    "emitter",
    "nsq",
    "pulsar",
    "redis",
    "redisStream",
    "resource",
    "hdfs",
    "file",
    "sftp",
    "generic",
  ],
]);

/** All semantic problems of an EventSource object. */
export function validateEventSource(root: Json): Issue[] {
  const out: Issue[] = [];
  const spec = asRecord(root.spec);
  if (spec === undefined) return out;
  const seen = new Set<string>();
  const usedTypes: string[] = [];
  // In document order, so that the second use of a name is the one reported.
  for (const type of Object.keys(spec).filter((k) => Object.hasOwn(eventSourceTypes, k))) {
    const entries = asRecord(spec[type]);
    if (entries === undefined || Object.keys(entries).length === 0) continue;
    usedTypes.push(type);
    const rule = entryRules[type];
    if (rule === undefined)
      out.push(warning("unsupported", ["spec", type], `Argosy does not run ${type} event sources`));
    for (const [name, value] of Object.entries(entries)) {
      const at = ["spec", type, name];
      if (seen.has(name)) out.push(issue("duplicate-name", at, `more than one "${name}" found in the spec`));
      seen.add(name);
      const entry = asRecord(value);
      if (rule !== undefined && entry !== undefined) rule(new Findings(out, at, entry));
    }
  }
  if (usedTypes.length === 0) {
    const message = "no event sources found: add at least one entry, e.g. under webhook or calendar";
    out.push(issue("required", ["spec"], message));
  }
  const recreate = usedTypes.filter((t) => recreateTypes.has(t));
  if (recreate.length > 0 && recreate.length < usedTypes.length) {
    const message =
      "event sources with rolling update and recreate update strategy can not be put together (Argo Events rejects this; Argosy runs it)";
    out.push(warning("argo-compatibility", ["spec"], message));
  }
  return out;
}

function checkWebhook(f: Findings): void {
  f.need("endpoint", "endpoint can't be empty");
  const endpoint = f.obj.endpoint;
  if (typeof endpoint === "string" && endpoint !== "" && !endpoint.startsWith("/"))
    f.error("invalid-value", "endpoint", `endpoint ${endpoint} must start with "/"`);
  f.need("port", "port can't be empty");
  const port = f.obj.port;
  if (isSet(f.obj, "port") && !/^[-+]?\d+$/.test(String(port)))
    f.error("invalid-value", "port", `failed to parse server port ${String(port)}`);
  f.need("method", "method can't be empty: Argo answers every request with 'http method does not match'");
}

function checkCalendar(f: Findings): void {
  const { schedule, interval } = f.obj;
  if (!isSet(f.obj, "schedule") && !isSet(f.obj, "interval")) {
    f.error("required", "schedule", "must have either schedule or interval");
  } else if (typeof schedule === "string" && schedule !== "") {
    const problem = cronProblem(schedule);
    if (problem !== undefined)
      f.error(
        "cron",
        "schedule",
        `failed to parse schedule ${schedule} from calendar event. Cause: ${problem}`,
      );
  } else if (typeof interval === "string") {
    const problem = goDurationProblem(interval);
    if (problem !== undefined)
      f.error(
        "invalid-value",
        "interval",
        `failed to parse interval ${interval} from calendar event. Cause: ${problem}`,
      );
  }
  asList(f.obj.exclusionDates).forEach((entry, i) => {
    if (typeof entry !== "string") return;
    const problem = exclusionDateProblem(entry);
    const at = [...f.at, "exclusionDates", i];
    if (typeof problem === "string")
      f.out.push(issue("invalid-value", at, `invalid exclusion date ${entry}: ${problem}`));
    else if (problem !== undefined)
      f.out.push(warning("invalid-value", at, `ignored: an exclusion date must start with EXDATE:`));
  });
  if (typeof f.obj.timezone === "string") {
    const problem = timezoneProblem(f.obj.timezone);
    if (problem !== undefined) f.error("invalid-value", "timezone", problem);
  }
}

const fileOps = ["CREATE", "WRITE", "REMOVE", "RENAME", "CHMOD"];

function checkFile(f: Findings): void {
  f.need("eventType", "type must be specified");
  const type = f.obj.eventType;
  if (typeof type === "string" && type !== "" && !type.split("|").every((op) => fileOps.includes(op)))
    f.error(
      "invalid-value",
      "eventType",
      `eventType ${type} never matches: use one of ${fileOps.join(", ")}`,
    );
  const watch = f.child("watchPathConfig");
  if (watch === undefined) {
    f.need("watchPathConfig", "directory is required");
    return;
  }
  checkWatchPath(watch);
}

/** Argo's WatchPathConfig rules, shared with sftp in Argo (Argosy runs only file). */
function checkWatchPath(w: Findings): void {
  const { directory, path, pathRegexp } = w.obj;
  w.need("directory", "directory is required");
  if (typeof directory === "string" && directory !== "" && !directory.startsWith("/"))
    w.error("invalid-value", "directory", "directory must be an absolute file path");
  const hasPath = isSet(w.obj, "path");
  const hasRegexp = isSet(w.obj, "pathRegexp");
  if (!hasPath && !hasRegexp) w.error("required", "path", "either path or pathRegexp must be specified");
  if (hasPath && hasRegexp)
    w.error("invalid-value", "pathRegexp", "path and pathRegexp cannot be specified together");
  if (typeof path === "string" && path.startsWith("/"))
    w.error("invalid-value", "path", "path must be a relative file path");
  if (typeof pathRegexp === "string" && pathRegexp !== "") {
    const problem = regexpProblem(pathRegexp);
    if (problem !== undefined) w.error("invalid-value", "pathRegexp", problem);
  }
}

/** Go's RE2 syntax, roughly: `(?P<name>…)` and leading flag groups are rewritten for JavaScript. */
function regexpProblem(pattern: string): string | undefined {
  const js = pattern.replaceAll("(?P<", "(?<").replace(/^\(\?[imsU]+\)/, "");
  try {
    new RegExp(js, "u");
    return undefined;
  } catch (e) {
    return `invalid pathRegexp ${pattern}: ${e instanceof Error ? e.message : String(e)}`;
  }
}

function checkRedis(f: Findings): void {
  f.need("hostAddress", "host address must be specified");
  f.need("channels", "channel/s must be specified");
  if (isSet(f.obj, "password") && !isSet(f.obj, "namespace"))
    f.warn(
      "argo-compatibility",
      "namespace",
      "namespace must be defined in order to retrieve the password from the secret (Argo Events rejects this; Argosy reads the secret from the EventSource's namespace)",
    );
  checkTls(f);
}

function checkRedisStream(f: Findings): void {
  f.need("hostAddress", "host address must be specified");
  f.need("streams", "stream/streams must be specified");
  checkTls(f);
}

function checkNats(f: Findings): void {
  f.need("url", "url must be specified");
  f.need("subject", "subject must be specified");
  if (f.obj.queue === "") f.error("invalid-value", "queue", "queue group cannot be empty if specified");
  checkTls(f);
  checkBackoff(f, "connectionBackoff");
}

function checkAmqp(f: Findings): void {
  const hasUrl = isSet(f.obj, "url");
  const hasSecret = isSet(f.obj, "urlSecret");
  if (!hasUrl && !hasSecret) f.error("required", "url", "either url or urlSecret must be specified");
  if (hasUrl && hasSecret)
    f.error("invalid-value", "urlSecret", "only one of url or urlSecret can be specified");
  f.need("exchangeName", "exchange name must be specified");
  f.need("exchangeType", "exchange type must be specified");
  f.need("routingKey", "routing key must be specified");
  checkTls(f);
  checkBasicAuth(f);
  checkBackoff(f, "connectionBackoff");
}

function checkMqtt(f: Findings): void {
  f.need("url", "url must be specified");
  f.need("topic", "topic must be specified");
  f.need("clientId", "client id must be specified");
  checkTls(f);
  checkBasicAuth(f);
  checkBackoff(f, "connectionBackoff");
}

function checkGeneric(f: Findings): void {
  f.need("url", "server url can't be empty");
  f.need("config", "config can't be empty");
}
