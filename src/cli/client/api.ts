/**
 * A typed client for Argo Server's REST API: workflows, their events and logs, workflow
 * templates, cluster workflow templates, cron workflows, the archive and artifacts. Paths, query
 * parameter names and bodies are Argo's, so this client works against Argo Server too.
 */
import type { CronWorkflow, Workflow, WorkflowTemplate } from "../../spec/types.js";
import { errorFromBody } from "./errors.js";
import { decodeStream } from "./stream.js";
import { type Query, readAll, type ServerOptions, Transport } from "./transport.js";
import type {
  CronWorkflowList,
  LogEntry,
  LogOptions,
  ObjectList,
  SubmitOpts,
  VersionInfo,
  WorkflowList,
  WorkflowTemplateList,
  WorkflowWatchEvent,
} from "./types.js";

const seg = (s: string) => encodeURIComponent(s);

export interface ListOptions {
  /** Argo's `fields` filter: dotted paths to keep (or, prefixed with `-`, to drop). */
  fields?: string;
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
}

const listQuery = (o: ListOptions = {}): Query => ({
  "listOptions.labelSelector": o.labelSelector,
  "listOptions.fieldSelector": o.fieldSelector,
  "listOptions.limit": o.limit || undefined,
  "listOptions.continue": o.continue,
  fields: o.fields,
});

/** Every item of a list, following `continue` tokens page by page. */
async function allPages<T>(page: (cont?: string) => Promise<ObjectList<T>>): Promise<T[]> {
  const items: T[] = [];
  let cont: string | undefined;
  do {
    const list = await page(cont);
    items.push(...(list.items ?? []));
    cont = list.metadata?.continue || undefined;
  } while (cont);
  return items;
}

export class ArgoApi {
  readonly http: Transport;

  constructor(options: ServerOptions) {
    this.http = new Transport(options);
  }

  // Workflows

  listWorkflows(namespace: string, o: ListOptions = {}): Promise<Workflow[]> {
    return allPages((cont) =>
      this.http.json<WorkflowList>("GET", `/api/v1/workflows/${seg(namespace)}`, {
        query: listQuery({ ...o, ...(cont ? { continue: cont } : {}) }),
      }),
    );
  }

  getWorkflow(namespace: string, name: string): Promise<Workflow> {
    return this.http.json("GET", `/api/v1/workflows/${seg(namespace)}/${seg(name)}`);
  }

  createWorkflow(
    namespace: string,
    workflow: Workflow,
    o: { dryRun?: boolean; serverDryRun?: boolean } = {},
  ): Promise<Workflow> {
    return this.http.json("POST", `/api/v1/workflows/${seg(namespace)}`, {
      body: {
        namespace,
        workflow,
        ...(o.serverDryRun ? { serverDryRun: true } : {}),
        ...(o.dryRun ? { createOptions: { dryRun: ["All"] } } : {}),
      },
    });
  }

  submitFrom(namespace: string, kind: string, name: string, submitOptions: SubmitOpts): Promise<Workflow> {
    return this.http.json("POST", `/api/v1/workflows/${seg(namespace)}/submit`, {
      body: { namespace, resourceKind: kind, resourceName: name, submitOptions },
    });
  }

  lintWorkflow(namespace: string, workflow: Workflow): Promise<Workflow> {
    return this.http.json("POST", `/api/v1/workflows/${seg(namespace)}/lint`, {
      body: { namespace, workflow },
    });
  }

  async deleteWorkflow(namespace: string, name: string, force = false): Promise<void> {
    await this.http.json("DELETE", `/api/v1/workflows/${seg(namespace)}/${seg(name)}`, {
      query: { force: force || undefined },
    });
  }

  /** `PUT /api/v1/workflows/{ns}/{name}/{action}` with the request body Argo defines for it. */
  workflowAction(
    namespace: string,
    name: string,
    action: "retry" | "resubmit" | "suspend" | "resume" | "stop" | "terminate" | "set",
    body: Record<string, unknown> = {},
  ): Promise<Workflow> {
    return this.http.json("PUT", `/api/v1/workflows/${seg(namespace)}/${seg(name)}/${action}`, {
      body: { namespace, name, ...body },
    });
  }

  /**
   * Opens the workflow event stream for one workflow (`metadata.name=…`) or a whole namespace;
   * resolves once the server has answered, so nothing that happens afterwards is missed.
   */
  async watchWorkflows(
    namespace: string,
    o: { name?: string; signal?: AbortSignal } = {},
  ): Promise<AsyncIterable<WorkflowWatchEvent>> {
    const body = await this.http.stream(
      `/api/v1/workflow-events/${seg(namespace)}`,
      {
        "listOptions.fieldSelector": o.name ? `metadata.name=${o.name}` : undefined,
        "listOptions.resourceVersion": "0",
      },
      o.signal,
    );
    return decodeStream(body) as AsyncIterable<WorkflowWatchEvent>;
  }

  /** Opens the log stream of a workflow's pods (all, or `podName`'s); it ends when the server ends it. */
  async workflowLogs(
    namespace: string,
    name: string,
    o: LogOptions & { podName?: string; grep?: string; selector?: string; signal?: AbortSignal } = {},
  ): Promise<AsyncIterable<LogEntry>> {
    const since = o.sinceTime ? Math.floor(Date.parse(o.sinceTime) / 1000) : undefined;
    const body = await this.http.stream(
      `/api/v1/workflows/${seg(namespace)}/${seg(name)}/log`,
      {
        podName: o.podName,
        "logOptions.container": o.container,
        "logOptions.follow": o.follow || undefined,
        "logOptions.previous": o.previous || undefined,
        "logOptions.sinceSeconds": o.sinceSeconds,
        "logOptions.sinceTime.seconds": since,
        "logOptions.tailLines": o.tailLines,
        "logOptions.timestamps": o.timestamps || undefined,
        grep: o.grep,
        selector: o.selector,
      },
      o.signal,
    );
    return decodeStream(body) as AsyncIterable<LogEntry>;
  }

  // Workflow templates and cluster workflow templates

  listWorkflowTemplates(namespace: string, o: ListOptions = {}): Promise<WorkflowTemplate[]> {
    return allPages((cont) =>
      this.http.json<WorkflowTemplateList>("GET", `/api/v1/workflow-templates/${seg(namespace)}`, {
        query: listQuery({ ...o, ...(cont ? { continue: cont } : {}) }),
      }),
    );
  }

  getWorkflowTemplate(namespace: string, name: string): Promise<WorkflowTemplate> {
    return this.http.json("GET", `/api/v1/workflow-templates/${seg(namespace)}/${seg(name)}`);
  }

  createWorkflowTemplate(namespace: string, template: WorkflowTemplate): Promise<WorkflowTemplate> {
    return this.http.json("POST", `/api/v1/workflow-templates/${seg(namespace)}`, {
      body: { namespace, template },
    });
  }

  updateWorkflowTemplate(namespace: string, template: WorkflowTemplate): Promise<WorkflowTemplate> {
    const name = template.metadata.name ?? "";
    return this.http.json("PUT", `/api/v1/workflow-templates/${seg(namespace)}/${seg(name)}`, {
      body: { namespace, name, template },
    });
  }

  async deleteWorkflowTemplate(namespace: string, name: string): Promise<void> {
    await this.http.json("DELETE", `/api/v1/workflow-templates/${seg(namespace)}/${seg(name)}`);
  }

  listClusterWorkflowTemplates(o: ListOptions = {}): Promise<WorkflowTemplate[]> {
    return allPages((cont) =>
      this.http.json<WorkflowTemplateList>("GET", "/api/v1/cluster-workflow-templates", {
        query: listQuery({ ...o, ...(cont ? { continue: cont } : {}) }),
      }),
    );
  }

  getClusterWorkflowTemplate(name: string): Promise<WorkflowTemplate> {
    return this.http.json("GET", `/api/v1/cluster-workflow-templates/${seg(name)}`);
  }

  createClusterWorkflowTemplate(template: WorkflowTemplate): Promise<WorkflowTemplate> {
    return this.http.json("POST", "/api/v1/cluster-workflow-templates", { body: { template } });
  }

  updateClusterWorkflowTemplate(template: WorkflowTemplate): Promise<WorkflowTemplate> {
    const name = template.metadata.name ?? "";
    return this.http.json("PUT", `/api/v1/cluster-workflow-templates/${seg(name)}`, {
      body: { name, template },
    });
  }

  async deleteClusterWorkflowTemplate(name: string): Promise<void> {
    await this.http.json("DELETE", `/api/v1/cluster-workflow-templates/${seg(name)}`);
  }

  // Cron workflows

  listCronWorkflows(namespace: string, o: ListOptions = {}): Promise<CronWorkflow[]> {
    return allPages((cont) =>
      this.http.json<CronWorkflowList>("GET", `/api/v1/cron-workflows/${seg(namespace)}`, {
        query: listQuery({ ...o, ...(cont ? { continue: cont } : {}) }),
      }),
    );
  }

  getCronWorkflow(namespace: string, name: string): Promise<CronWorkflow> {
    return this.http.json("GET", `/api/v1/cron-workflows/${seg(namespace)}/${seg(name)}`);
  }

  createCronWorkflow(namespace: string, cronWorkflow: CronWorkflow): Promise<CronWorkflow> {
    return this.http.json("POST", `/api/v1/cron-workflows/${seg(namespace)}`, {
      body: { namespace, cronWorkflow },
    });
  }

  updateCronWorkflow(namespace: string, cronWorkflow: CronWorkflow): Promise<CronWorkflow> {
    const name = cronWorkflow.metadata.name ?? "";
    return this.http.json("PUT", `/api/v1/cron-workflows/${seg(namespace)}/${seg(name)}`, {
      body: { namespace, name, cronWorkflow },
    });
  }

  async deleteCronWorkflow(namespace: string, name: string): Promise<void> {
    await this.http.json("DELETE", `/api/v1/cron-workflows/${seg(namespace)}/${seg(name)}`);
  }

  cronAction(namespace: string, name: string, action: "suspend" | "resume"): Promise<CronWorkflow> {
    return this.http.json("PUT", `/api/v1/cron-workflows/${seg(namespace)}/${seg(name)}/${action}`, {
      body: { namespace, name },
    });
  }

  // The archive

  listArchivedWorkflows(
    namespace: string,
    o: ListOptions & { namePrefix?: string; nameFilter?: string } = {},
  ): Promise<Workflow[]> {
    return allPages((cont) =>
      this.http.json<WorkflowList>("GET", "/api/v1/archived-workflows", {
        query: {
          ...listQuery({ ...o, ...(cont ? { continue: cont } : {}) }),
          namespace,
          namePrefix: o.namePrefix,
          nameFilter: o.nameFilter,
        },
      }),
    );
  }

  getArchivedWorkflow(uid: string, namespace?: string): Promise<Workflow> {
    return this.http.json("GET", `/api/v1/archived-workflows/${seg(uid)}`, { query: { namespace } });
  }

  async deleteArchivedWorkflow(uid: string, namespace?: string): Promise<void> {
    await this.http.json("DELETE", `/api/v1/archived-workflows/${seg(uid)}`, { query: { namespace } });
  }

  archivedAction(
    uid: string,
    action: "retry" | "resubmit",
    body: Record<string, unknown>,
  ): Promise<Workflow> {
    return this.http.json("PUT", `/api/v1/archived-workflows/${seg(uid)}/${action}`, {
      body: { uid, ...body },
    });
  }

  // Artifacts and server information

  /** Downloads an output artifact; resolves with its bytes, or throws ApiError. */
  async outputArtifact(p: {
    namespace: string;
    workflow: string;
    nodeId: string;
    artifact: string;
  }): Promise<AsyncIterable<Buffer>> {
    const paths = [
      `/artifact-files/${seg(p.namespace)}/workflows/${seg(p.workflow)}/${seg(p.nodeId)}/outputs/${seg(p.artifact)}`,
      `/artifacts/${seg(p.namespace)}/${seg(p.workflow)}/${seg(p.nodeId)}/${seg(p.artifact)}`,
    ];
    let last: Error | undefined;
    for (const path of paths) {
      const res = await this.http.send({ method: "GET", path, accept: "*/*" });
      if (res.status >= 200 && res.status < 300) return res.body;
      last = errorFromBody(res.status, await readAll(res.body));
      if (res.status !== 404) break;
    }
    throw last;
  }

  version(): Promise<VersionInfo> {
    return this.http.json("GET", "/api/v1/version");
  }
}
