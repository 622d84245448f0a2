/**
 * `-o json|yaml|name|wide|short`: how a Workflow is printed. Without `-o`, the `argo get` view.
 */
import { stringify } from "yaml";
import type { Workflow } from "../spec/types.js";
import { invalid } from "../util/errors.js";
import { renderGet } from "./render-get.js";
import type { TreeOptions } from "./render-tree.js";

export const outputFormats = ["json", "yaml", "name", "wide"] as const;

export interface PrintOptions extends TreeOptions {
  /** Spaces of JSON indentation (Argo's `get -o json` uses 4). @default 2 */
  jsonIndent?: number;
}

export function printWorkflow(
  wf: Workflow,
  format: string | undefined,
  out: { write(text: string): unknown },
  options: PrintOptions = {},
): void {
  switch (format) {
    case "json":
      out.write(`${JSON.stringify(wf, null, options.jsonIndent ?? 2)}\n`);
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
    case "short":
      out.write(renderGet(wf, { ...options, ...(format ? { output: format } : {}) }));
      return;
    default:
      throw invalid(`-o must be one of ${outputFormats.join(", ")}, not '${format}'`);
  }
}
