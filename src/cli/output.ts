/**
 * `-o json|yaml|name|wide`: how a Workflow is printed. Without `-o`, the `argo get` summary.
 */
import { stringify } from "yaml";
import type { Workflow } from "../spec/types.js";
import { invalid } from "../util/errors.js";
import { renderGet } from "./render-get.js";

export const outputFormats = ["json", "yaml", "name", "wide"] as const;

export function printWorkflow(wf: Workflow, format: string | undefined, out: NodeJS.WritableStream): void {
  switch (format) {
    case "json":
      out.write(`${JSON.stringify(wf, null, 2)}\n`);
      return;
    case "yaml":
      out.write(stringify(wf));
      return;
    case "name":
      out.write(`${wf.metadata.name ?? ""}\n`);
      return;
    case undefined:
    case "":
    case "wide":
      out.write(renderGet(wf));
      return;
    default:
      throw invalid(`-o must be one of ${outputFormats.join(", ")}, not '${format}'`);
  }
}
