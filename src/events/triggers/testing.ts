/**
 * Test fixtures for the trigger runners: CloudEvents and firings, a WorkflowOperations that
 * records every call and stores submitted workflows in the real Store (so a second create is a
 * real Conflict), and deps that collect log lines and sleeps instead of waiting.
 */
import type { Workflow } from "../../spec/types.js";
import { openSqliteStore } from "../../store/index.js";
import type { Store } from "../../store/types.js";
import { notFound } from "../../util/errors.js";
import type { CloudEvent, Firing, KeySelector, LogLevel } from "../types.js";
import type { TriggerDeps, TriggerWorkflows } from "./deps.js";

export function cloudEvent(data: unknown, overrides: Partial<CloudEvent> = {}): CloudEvent {
  return {
    specversion: "1.0",
    id: "0d1c2b3a-0000-4000-8000-000000000001",
    source: "webhook-es",
    subject: "example",
    type: "webhook",
    time: "2024-05-01T10:00:00Z",
    datacontenttype: "application/json",
    data,
    ...overrides,
  };
}

export function firing(events: Record<string, CloudEvent>, overrides: Partial<Firing> = {}): Firing {
  return {
    namespace: "argo",
    sensorName: "webhook-sensor",
    triggerName: "t1",
    events,
    id: "firing-1",
    ...overrides,
  };
}

export interface WorkflowCall {
  op: string;
  namespace: string;
  name: string;
}

/** A WorkflowOperations over the store that records its calls. */
export function recordingWorkflows(store: Store): { workflows: TriggerWorkflows; calls: WorkflowCall[] } {
  const calls: WorkflowCall[] = [];
  const act = (op: string) => async (namespace: string, name: string) => {
    calls.push({ op, namespace, name });
    const wf = await store.get<Workflow>("Workflow", namespace, name);
    if (!wf) throw notFound(`workflow ${namespace}/${name}`);
    return wf;
  };
  const workflows: TriggerWorkflows = {
    async submit(wf) {
      calls.push({ op: "submit", namespace: wf.metadata.namespace ?? "", name: wf.metadata.name ?? "" });
      return store.create(wf);
    },
    resubmit: act("resubmit"),
    retry: act("retry"),
    resume: act("resume"),
    suspend: act("suspend"),
    terminate: act("terminate"),
    stop: act("stop"),
  };
  return { workflows, calls };
}

export interface LogLine {
  level: LogLevel;
  message: string;
  fields?: Record<string, unknown>;
}

export interface TestDeps extends TriggerDeps {
  store: Store;
  calls: WorkflowCall[];
  lines: LogLine[];
  sleeps: number[];
  secrets: Record<string, string>;
}

/** Deps over a fresh in-memory SQLite store; `secrets` is keyed `name/key`. */
export function testDeps(overrides: Partial<TriggerDeps> = {}): TestDeps {
  const store = openSqliteStore({ path: ":memory:" });
  const { workflows, calls } = recordingWorkflows(store);
  const lines: LogLine[] = [];
  const sleeps: number[] = [];
  const secrets: Record<string, string> = {};
  return {
    store,
    workflows,
    calls,
    lines,
    sleeps,
    secrets,
    log: (level, message, fields) => {
      lines.push({ level, message, ...(fields ? { fields } : {}) });
    },
    now: () => new Date("2024-05-01T10:00:05Z"),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    secret: async (sel: KeySelector) => {
      const value = secrets[`${sel.name}/${sel.key}`];
      if (value === undefined) throw notFound(`secret ${sel.name}/${sel.key}`);
      return value;
    },
    ...overrides,
  };
}
