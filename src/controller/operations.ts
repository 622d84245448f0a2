/**
 * What users do to workflows (submit, suspend, resume, stop, terminate, retry, resubmit, node set,
 * delete), with Argo's rules and messages. The change is written to the store first (`spec.suspend`,
 * `spec.shutdown`, a retried status), so a controller restarted afterwards still honours it; the
 * running workflow is then told through its runner.
 */
import type { TemplateRefResolver } from "../engine/index.js";
import { parseNodeSelector, selectNodes } from "../engine/node-selector.js";
import { formulateResubmit, formulateRetry } from "../engine/retry-workflow.js";
import type { Observation } from "../engine/types.js";
import type { Executor } from "../executor/types.js";
import { formatProblem, hasErrors, lintText } from "../spec/index.js";
import type { Workflow, WorkflowSpec } from "../spec/types.js";
import type { Store } from "../store/types.js";
import { conflict, invalid, isArgosyError } from "../util/errors.js";
import type {
  ResubmitOptions,
  RetryOptions,
  SetNodeOptions,
  StopOptions,
  SubmitWorkflowOptions,
} from "./api.js";
import { generateName } from "./prepare.js";
import type { WorkflowRunner } from "./runner.js";

const finished = (wf: Workflow) => ["Succeeded", "Failed", "Error"].includes(wf.status?.phase ?? "");

export abstract class Operations {
  constructor(
    protected readonly store: Store,
    protected readonly executor: Executor,
    private readonly clock: () => Date,
  ) {}

  protected abstract runnerOf(namespace: string, name: string): WorkflowRunner | undefined;
  protected abstract templates(): TemplateRefResolver;
  protected abstract stopRunning(namespace: string, name: string): Promise<void>;
  protected abstract start_(wf: Workflow): Promise<void>;
  protected abstract cleanUp(wf: Workflow): Promise<void>;
  protected abstract signal(namespace: string, name: string, o: Observation): void;
  protected abstract log(line: string): void;
  protected abstract assertOpen(): void;
  protected abstract mustGet(namespace: string, name: string): Promise<Workflow>;

  /** Checks a workflow as `argo lint` would; throws `Invalid` listing every error. */
  lint(wf: Workflow): void {
    const namespace = wf.metadata?.namespace ?? "default";
    const resolve = this.templates();
    const problems = lintText(JSON.stringify(wf, null, 2), "workflow", {
      resolveTemplateRef: (name, clusterScope) => resolve({ name, clusterScope, namespace }),
    });
    if (hasErrors(problems)) {
      const errors = problems.filter((p) => p.severity === "error").map(formatProblem);
      throw invalid(errors.join("\n"));
    }
  }

  async submit(input: Workflow, options: SubmitWorkflowOptions = {}): Promise<Workflow> {
    this.assertOpen();
    if (!input || typeof input !== "object" || !input.metadata || !input.spec)
      throw invalid("a workflow needs metadata and spec");
    const wf: Workflow = {
      ...input,
      apiVersion: input.apiVersion ?? "argoproj.io/v1alpha1",
      kind: "Workflow",
      metadata: { ...input.metadata, namespace: input.metadata.namespace ?? "default" },
    };
    if (!wf.metadata.name && !wf.metadata.generateName)
      throw invalid("metadata.name or metadata.generateName is required");
    this.lint(wf);
    if (options.dryRun) {
      return {
        ...wf,
        metadata: { ...wf.metadata, name: wf.metadata.name ?? generateName(wf.metadata.generateName ?? "") },
      };
    }
    return this.store.create(wf);
  }

  async suspend(namespace: string, name: string): Promise<Workflow> {
    const wf = await this.mustGet(namespace, name);
    if (finished(wf)) throw invalid("cannot suspend completed workflows");
    await this.patchSpec(namespace, name, (spec) => {
      spec.suspend = true;
    });
    this.runnerOf(namespace, name)?.setSuspended(true);
    return this.mustGet(namespace, name);
  }

  async resume(
    namespace: string,
    name: string,
    options: { nodeFieldSelector?: string } = {},
  ): Promise<Workflow> {
    const wf = await this.mustGet(namespace, name);
    if (finished(wf)) throw invalid("cannot resume completed workflows");
    await this.patchSpec(namespace, name, (spec) => {
      delete spec.suspend;
    });
    this.runnerOf(namespace, name)?.setSuspended(false);
    if (options.nodeFieldSelector) {
      const nodes = selectNodes(wf.status?.nodes, options.nodeFieldSelector).filter(
        (n) => n.type === "Suspend" && n.phase === "Running",
      );
      for (const n of nodes) this.signal(namespace, name, { type: "resume", nodeId: n.id });
    } else this.signal(namespace, name, { type: "resume" });
    return this.mustGet(namespace, name);
  }

  async stop(namespace: string, name: string, options: StopOptions = {}): Promise<Workflow> {
    if (options.nodeFieldSelector) {
      await this.setNode(namespace, name, {
        nodeFieldSelector: options.nodeFieldSelector,
        phase: "Failed",
        ...(options.message !== undefined ? { message: options.message } : {}),
      });
      return this.mustGet(namespace, name);
    }
    return this.shutdown(namespace, name, "Stop", options.message);
  }

  async terminate(namespace: string, name: string): Promise<Workflow> {
    return this.shutdown(namespace, name, "Terminate");
  }

  private async shutdown(
    namespace: string,
    name: string,
    strategy: "Stop" | "Terminate",
    message?: string,
  ): Promise<Workflow> {
    const wf = await this.mustGet(namespace, name);
    if (finished(wf))
      throw invalid(`cannot shutdown a completed workflow: workflow phase is ${wf.status?.phase}`);
    await this.patchSpec(namespace, name, (spec) => {
      spec.shutdown = strategy;
    });
    this.signal(namespace, name, { type: "shutdown", strategy, ...(message ? { message } : {}) });
    return this.mustGet(namespace, name);
  }

  async retry(namespace: string, name: string, options: RetryOptions = {}): Promise<Workflow> {
    this.assertOpen();
    const wf = await this.mustGet(namespace, name);
    if (this.runnerOf(namespace, name))
      throw invalid(`Cannot retry a workflow in phase ${wf.status?.phase ?? "Running"}`);
    if (options.nodeFieldSelector) parseNodeSelector(options.nodeFieldSelector);
    const { workflow, podsToDelete } = formulateRetry(wf, options, this.nowIso());
    for (const pod of podsToDelete) await this.executor.remove(pod);
    const updated = await this.store.update(workflow, wf.metadata.resourceVersion);
    const full = (await this.store.getWorkflow(namespace, name)) ?? updated;
    await this.start_(full);
    this.log(`workflow ${namespace}/${name} retried (${podsToDelete.length} pods to run again)`);
    return full;
  }

  async resubmit(namespace: string, name: string, options: ResubmitOptions = {}): Promise<Workflow> {
    const wf = await this.mustGet(namespace, name);
    return this.resubmitFrom(wf, options);
  }

  /** Resubmits a workflow given whole (a live or an archived one). */
  async resubmitFrom(wf: Workflow, options: ResubmitOptions = {}): Promise<Workflow> {
    const prefix = wf.metadata.generateName || `${wf.metadata.name}-`;
    const created = formulateResubmit(wf, options, generateName(prefix));
    if (options.memoized && created.status) created.status.phase = "Running";
    return this.submit(created);
  }

  async setNode(namespace: string, name: string, options: SetNodeOptions): Promise<Workflow> {
    const wf = await this.mustGet(namespace, name);
    if (!options.nodeFieldSelector) throw invalid("nodeFieldSelector is required");
    const phase = options.phase;
    if (phase !== undefined && phase !== "" && !["Succeeded", "Failed", "Error"].includes(phase))
      throw invalid(`phase must be Succeeded, Failed or Error, not '${phase}'`);
    const nodes = selectNodes(wf.status?.nodes, options.nodeFieldSelector);
    if (nodes.length === 0) throw invalid(`no node matches '${options.nodeFieldSelector}'`);
    const outputs = options.outputParameters && Object.keys(options.outputParameters).length > 0;
    for (const n of nodes) {
      if (outputs && n.type !== "Suspend")
        throw invalid(`cannot set output parameters because node is not a suspend node: ${n.name}`);
    }
    if (!this.runnerOf(namespace, name)) throw conflict(`workflow ${name} is not running`);
    for (const n of nodes) {
      if (n.type !== "Suspend") continue;
      this.signal(namespace, name, {
        type: "nodeSet",
        nodeId: n.id,
        ...(phase ? { phase: phase as "Succeeded" | "Failed" | "Error" } : {}),
        ...(options.message !== undefined ? { message: options.message } : {}),
        ...(outputs ? { outputParameters: options.outputParameters } : {}),
      });
    }
    return this.mustGet(namespace, name);
  }

  async deleteWorkflow(namespace: string, name: string): Promise<boolean> {
    const wf = await this.store.getWorkflow(namespace, name);
    if (!wf) return false;
    await this.stopRunning(namespace, name);
    const deleted = await this.store.delete("Workflow", namespace, name);
    await this.cleanUp(wf);
    if (deleted) this.log(`workflow ${namespace}/${name} deleted`);
    return deleted;
  }

  /** Changes a workflow's spec, re-reading on a concurrent write (its runner commits often). */
  protected async patchSpec(
    namespace: string,
    name: string,
    change: (spec: WorkflowSpec) => void,
  ): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const wf = await this.store.get<Workflow>("Workflow", namespace, name);
      if (!wf) return;
      change(wf.spec);
      try {
        await this.store.update(wf, wf.metadata.resourceVersion);
        return;
      } catch (e) {
        if (!isArgosyError(e) || e.code !== "Conflict" || attempt >= 20) throw e;
      }
    }
  }

  protected nowIso(): string {
    return `${this.clock().toISOString().slice(0, 19)}Z`;
  }
}
