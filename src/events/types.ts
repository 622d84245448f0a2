/**
 * The contracts of `src/events`: Argo Events' kinds as TypeScript types (v1.9 field names, only the
 * fields Argosy reads are typed; the schema in `src/spec/schema/events*.ts` checks the rest), the
 * CloudEvent every source publishes, and the interfaces joining sources, the bus, sensors and
 * triggers. Each part is built against these, so they change only with care.
 */
import type { ObjectMeta, Workflow } from "../spec/types.js";

// ---------------------------------------------------------------------------------------------
// Events on the bus

/**
 * An event as Argo Events publishes it: a CloudEvent 1.0 with `source` = the EventSource's name,
 * `subject` = the event's name inside it, `type` = the source type (`webhook`, `calendar`, …).
 * `data` is the JSON value the source built (Argo's per-source shape, e.g. `{header, body}`).
 */
export interface CloudEvent {
  specversion: "1.0";
  /** Unique per event; the bus drops a second publish of the same id within its de-duplication window. */
  id: string;
  source: string;
  subject: string;
  type: string;
  /** RFC 3339. */
  time: string;
  datacontenttype: string;
  data: unknown;
}

/** The fields of an event a sensor sees as its "context" (everything but `data`). */
export type EventContext = Omit<CloudEvent, "data">;

/** A dependency's subject: which EventSource's which event. */
export interface Subject {
  eventSourceName: string;
  eventName: string;
}

export interface PublishResult {
  /** True when an event with the same `source` and `id` was already published within the window. */
  duplicate: boolean;
}

export interface SubscribeOptions {
  /** Durable consumer name; a consumer resumes after the last event it acknowledged, across restarts. */
  consumer: string;
  /** Events of these subjects are delivered, in publish order. */
  subjects: readonly Subject[];
  /**
   * Called once per event, one at a time. Resolving acknowledges the event; throwing leaves it
   * unacknowledged, and it is delivered again (to this handler) after `redeliveryMs`.
   */
  handler: (event: CloudEvent) => Promise<void>;
  /** @default 1000 */
  redeliveryMs?: number;
}

export interface Subscription {
  /** Stops delivery; unacknowledged events stay for the next subscription of the same consumer. */
  close(): Promise<void>;
}

/**
 * An event bus: the embedded one (persisted in the Store) or NATS JetStream. At-least-once: an
 * event is durable before `publish` resolves and stays until every subscribed consumer acked it.
 */
export interface EventBus {
  publish(event: CloudEvent): Promise<PublishResult>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Manifests (argoproj.io/v1alpha1)

/** Kubernetes' SecretKeySelector / ConfigMapKeySelector. */
export interface KeySelector {
  name: string;
  key: string;
  optional?: boolean;
}

/** Argo Events' Backoff: `duration` is a Go duration string (`"10s"`) or an integer of nanoseconds. */
export interface Backoff {
  duration?: string | number;
  factor?: number | string;
  jitter?: number | string;
  steps?: number;
}

export interface TLSConfig {
  caCertSecret?: KeySelector;
  clientCertSecret?: KeySelector;
  clientKeySecret?: KeySelector;
  insecureSkipVerify?: boolean;
}

/** One event source entry: the fields vary per type; each source module types its own. */
export type SourceEntry = Record<string, unknown>;

/** The event source types Argosy runs, with the `type` they put on their events. */
export const sourceTypes = [
  "webhook",
  "calendar",
  "file",
  "redis",
  "redisStream",
  "nats",
  "amqp",
  "mqtt",
] as const;
export type SourceType = (typeof sourceTypes)[number];

export interface EventSourceSpec {
  eventBusName?: string;
  webhook?: Record<string, SourceEntry>;
  calendar?: Record<string, SourceEntry>;
  file?: Record<string, SourceEntry>;
  redis?: Record<string, SourceEntry>;
  redisStream?: Record<string, SourceEntry>;
  nats?: Record<string, SourceEntry>;
  amqp?: Record<string, SourceEntry>;
  mqtt?: Record<string, SourceEntry>;
  [other: string]: unknown;
}

export interface EventSource {
  apiVersion: "argoproj.io/v1alpha1";
  kind: "EventSource";
  metadata: ObjectMeta;
  spec: EventSourceSpec;
  status?: Record<string, unknown>;
}

export interface DataFilter {
  path: string;
  /** `string`, `number`, `bool`. */
  type: string;
  value?: string[];
  /** `=`, `!=`, `>`, `>=`, `<`, `<=` (default `=`). */
  comparator?: string;
  template?: string;
}

export interface ExprFilter {
  expr: string;
  fields: { name: string; path: string }[];
}

export interface EventDependencyFilter {
  /** `HH:MM:SS` bounds on the event's time; `timezone` (Argo v1.9.9+) defaults to UTC. */
  time?: { start: string; stop: string; timezone?: string };
  context?: Partial<EventContext>;
  data?: DataFilter[];
  exprs?: ExprFilter[];
  /** `and` (default) or `or`. */
  dataLogicalOperator?: string;
  exprLogicalOperator?: string;
  /** A Lua script returning a boolean. */
  script?: string;
}

export interface EventDependency {
  name: string;
  eventSourceName: string;
  eventName: string;
  filters?: EventDependencyFilter;
  transform?: { jq?: string; script?: string };
  /** `and` (default) or `or`, across the filter kinds. */
  filtersLogicalOperator?: string;
}

export interface TriggerParameterSource {
  dependencyName: string;
  contextKey?: string;
  contextTemplate?: string;
  dataKey?: string;
  dataTemplate?: string;
  value?: string;
  useRawData?: boolean;
}

export interface TriggerParameter {
  src: TriggerParameterSource;
  dest: string;
  /** `overwrite` (default), `append`, `prepend`. */
  operation?: string;
}

/** Where a trigger's resource comes from (Argo's ArtifactLocation; Argosy reads `resource` and `inline`). */
export interface TriggerSource {
  resource?: unknown;
  inline?: string;
  [other: string]: unknown;
}

export interface ArgoWorkflowTrigger {
  source?: TriggerSource;
  /** `submit` (default), `submit-from`, `resubmit`, `retry`, `resume`, `suspend`, `terminate`, `stop`. */
  operation?: string;
  parameters?: TriggerParameter[];
  args?: string[];
}

export interface K8sTrigger {
  source: TriggerSource;
  /** `create` (default), `update`, `patch`, `delete`. */
  operation?: string;
  parameters?: TriggerParameter[];
  patchStrategy?: string;
  liveObject?: boolean;
}

export interface HttpTrigger {
  url: string;
  method?: string;
  payload?: TriggerParameter[];
  parameters?: TriggerParameter[];
  headers?: Record<string, string>;
  secureHeaders?: {
    name: string;
    valueFrom: { secretKeyRef?: KeySelector; configMapKeyRef?: KeySelector };
  }[];
  basicAuth?: { username?: KeySelector; password?: KeySelector };
  timeout?: number;
  tls?: TLSConfig;
}

export interface LogTrigger {
  intervalSeconds?: number;
}

export interface NatsTrigger {
  url: string;
  subject: string;
  payload?: TriggerParameter[];
  parameters?: TriggerParameter[];
  tls?: TLSConfig;
}

/** Argosy's own trigger kind (Argo Events has none for AMQP): publish the payload to an exchange. */
export interface AmqpTrigger {
  url: string;
  exchangeName?: string;
  exchangeType?: string;
  routingKey: string;
  payload?: TriggerParameter[];
  parameters?: TriggerParameter[];
}

export interface TriggerTemplate {
  name: string;
  /** Over dependency names with `&&`, `||` and parentheses; absent means all dependencies. */
  conditions?: string;
  conditionsReset?: { byTime?: { cron: string; timezone?: string } }[];
  argoWorkflow?: ArgoWorkflowTrigger;
  k8s?: K8sTrigger;
  http?: HttpTrigger;
  log?: LogTrigger;
  nats?: NatsTrigger;
  amqp?: AmqpTrigger;
  [other: string]: unknown;
}

export interface TriggerPolicy {
  k8s?: { backoff?: Backoff; labels?: Record<string, string>; errorOnBackoffTimeout?: boolean };
  status?: { allow: number[] };
}

export interface Trigger {
  template: TriggerTemplate;
  /** Applied to `template` before it runs (e.g. `dest: k8s.source.resource.spec…`). */
  parameters?: TriggerParameter[];
  policy?: TriggerPolicy;
  retryStrategy?: Backoff;
  rateLimit?: { unit?: string; requestsPerUnit?: number };
  atLeastOnce?: boolean;
  dlqTrigger?: Trigger;
}

export interface SensorSpec {
  dependencies: EventDependency[];
  triggers: Trigger[];
  eventBusName?: string;
  errorOnFailedRound?: boolean;
  [other: string]: unknown;
}

export interface Sensor {
  apiVersion: "argoproj.io/v1alpha1";
  kind: "Sensor";
  metadata: ObjectMeta;
  spec: SensorSpec;
  status?: Record<string, unknown>;
}

export interface EventBusSpec {
  /** Argosy: the embedded bus (the default when an EventBus is absent or empty). */
  nats?: { native?: Record<string, unknown>; exotic?: Record<string, unknown> };
  /** NATS JetStream; Argosy starts a local `nats-server -js` unless `jetstreamExotic.url` is given. */
  jetstream?: Record<string, unknown>;
  jetstreamExotic?: { url: string; accessSecret?: KeySelector; streamConfig?: string };
  [other: string]: unknown;
}

export interface EventBusObject {
  apiVersion: "argoproj.io/v1alpha1";
  kind: "EventBus";
  metadata: ObjectMeta;
  spec: EventBusSpec;
  status?: Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------
// Running sources

export type LogLevel = "debug" | "info" | "warn" | "error";

/** Small persisted state (a calendar's last tick): survives restarts. */
export interface KeyValueState {
  get(key: string): Promise<string | undefined>;
  put(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** What the runtime gives one running event (one entry of an EventSource). */
export interface SourceContext {
  namespace: string;
  eventSourceName: string;
  eventName: string;
  /**
   * Publishes one event with this `data`; resolves once the bus holds it durably (a webhook replies
   * only then). `id` defaults to a random UUID, `time` to now.
   */
  emit(data: unknown, options?: { id?: string; time?: Date }): Promise<PublishResult>;
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void;
  /** Reads a Secret's key (base64-decoded); `NotFound` when missing. */
  secret(selector: KeySelector): Promise<string>;
  state: KeyValueState;
  now(): Date;
  /** Aborted when the source must stop. */
  signal: AbortSignal;
}

export interface RunningSource {
  stop(): Promise<void>;
}

/** One event source type: starts one named entry of an EventSource. */
export interface SourceDriver {
  type: SourceType;
  start(entry: SourceEntry, context: SourceContext): Promise<RunningSource>;
}

// ---------------------------------------------------------------------------------------------
// Triggers

/** The workflow operations an argoWorkflow trigger performs (the controller's, injected by the server). */
export interface WorkflowOperations {
  submit(workflow: Workflow): Promise<Workflow>;
  resubmit(namespace: string, name: string): Promise<Workflow>;
  retry(namespace: string, name: string): Promise<Workflow>;
  resume(namespace: string, name: string): Promise<Workflow>;
  suspend(namespace: string, name: string): Promise<Workflow>;
  terminate(namespace: string, name: string): Promise<Workflow>;
  stop(namespace: string, name: string): Promise<Workflow>;
}

/** One firing of one trigger. */
export interface Firing {
  namespace: string;
  sensorName: string;
  triggerName: string;
  /** The events that satisfied the trigger's conditions, by dependency name. */
  events: Readonly<Record<string, CloudEvent>>;
  /**
   * Stable for this trigger and these events (a hash of sensor uid, trigger name and event ids): a
   * firing repeated after a crash carries the same id, so a trigger can make itself idempotent
   * (e.g. a `generateName` workflow is named from it, and a second create is a Conflict = done).
   */
  id: string;
}

export interface TriggerResult {
  /** What was done, for the sensor's log: e.g. `submitted workflow default/hello-x7k2p`. */
  message: string;
  /** The object created or acted on, when there is one. */
  object?: { kind: string; namespace: string; name: string };
}
