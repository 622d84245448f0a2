/** `argosy template create|get|list|delete|lint|update`: WorkflowTemplates on the server. */
import type { Command } from "commander";
import type { CliRuntime } from "../context.js";
import { registerTemplateKind } from "./template-commands.js";

export function registerTemplate(program: Command, cli: CliRuntime): void {
  registerTemplateKind(program, cli, {
    kind: "WorkflowTemplate",
    command: "template",
    noun: "workflow template",
    namespaced: true,
    get: (api, ns, name) => api.getWorkflowTemplate(ns, name),
    create: (api, ns, t) => api.createWorkflowTemplate(ns, t),
    update: (api, ns, t) => api.updateWorkflowTemplate(ns, t),
    list: (api, ns, labelSelector) => api.listWorkflowTemplates(ns, labelSelector ? { labelSelector } : {}),
    delete: (api, ns, name) => api.deleteWorkflowTemplate(ns, name),
  });
}
