/** The template a node ran: the workflow's own, a stored copy of a referenced one, or undefined. */
import type { NodeStatus, Template, Workflow } from "../../types.js";

export function templateOf(wf: Workflow, node: NodeStatus): Template | undefined {
  const stored = wf.status?.storedTemplates ?? {};
  const ref = node.templateRef;
  if (ref) {
    const suffix = `/${ref.name}/${ref.template}`;
    for (const [key, t] of Object.entries(stored)) if (key.endsWith(suffix)) return t;
    return undefined;
  }
  const name = node.templateName;
  if (!name) return undefined;
  const own =
    wf.spec?.templates?.find((t) => t.name === name) ??
    wf.status?.storedWorkflowTemplateSpec?.templates?.find((t) => t.name === name);
  if (own) return own;
  for (const [key, t] of Object.entries(stored)) if (key.endsWith(`/${name}`)) return t;
  return undefined;
}

/** Pod nodes have logs and a pod name. */
export const isPodNode = (node: NodeStatus) => node.type === "Pod";
