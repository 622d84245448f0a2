/**
 * The workflow operations argoWorkflow triggers perform, taken from the running controller. The
 * interface is structural so that `src/events` does not import the controller.
 */
import type { Workflow } from "../../spec/types.js";
import type { TriggerWorkflows } from "../triggers/index.js";

/** The part of the controller's API the triggers use. */
export interface WorkflowController {
  submit(workflow: Workflow): Promise<Workflow>;
  resubmit(namespace: string, name: string): Promise<Workflow>;
  retry(namespace: string, name: string): Promise<Workflow>;
  resume(namespace: string, name: string): Promise<Workflow>;
  suspend(namespace: string, name: string): Promise<Workflow>;
  terminate(namespace: string, name: string): Promise<Workflow>;
  stop(namespace: string, name: string): Promise<Workflow>;
  deleteWorkflow(namespace: string, name: string): Promise<boolean>;
}

export function workflowOperations(controller: WorkflowController): TriggerWorkflows {
  return {
    submit: (wf) => controller.submit(wf),
    resubmit: (ns, name) => controller.resubmit(ns, name),
    retry: (ns, name) => controller.retry(ns, name),
    resume: (ns, name) => controller.resume(ns, name),
    suspend: (ns, name) => controller.suspend(ns, name),
    terminate: (ns, name) => controller.terminate(ns, name),
    stop: (ns, name) => controller.stop(ns, name),
    deleteWorkflow: (ns, name) => controller.deleteWorkflow(ns, name),
  };
}
