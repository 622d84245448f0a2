/** `argosy cluster-template create|get|list|delete|lint|update`: ClusterWorkflowTemplates on the server. */
import type { Command } from "commander";
import type { CliRuntime } from "../context.js";
import { registerTemplateKind } from "./template-commands.js";

export function registerClusterTemplate(program: Command, cli: CliRuntime): void {
  registerTemplateKind(program, cli, {
    kind: "ClusterWorkflowTemplate",
    command: "cluster-template",
    alias: "cwftmpl",
    noun: "cluster workflow template",
    namespaced: false,
    get: (api, _ns, name) => api.getClusterWorkflowTemplate(name),
    create: (api, _ns, t) => api.createClusterWorkflowTemplate(t),
    update: (api, _ns, t) => api.updateClusterWorkflowTemplate(t),
    list: (api) => api.listClusterWorkflowTemplates(),
    delete: (api, _ns, name) => api.deleteClusterWorkflowTemplate(name),
  });
}
