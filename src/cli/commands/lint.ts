/**
 * `argosy lint FILE...`: every problem of every file as `file:line:column  message  (path)`;
 * exit 1 when any is an error.
 */
import { formatProblem } from "../../spec/index.js";
import { hasErrors, lintDocuments, loadManifests } from "../manifests.js";

export async function lintCommand(
  files: string[],
  namespace: string,
  out: NodeJS.WritableStream,
): Promise<number> {
  const { documents, problems } = await loadManifests(files);
  problems.push(...lintDocuments(documents, namespace));
  for (const p of problems) out.write(`${formatProblem(p)}\n`);
  if (problems.length === 0)
    out.write(`no problems found in ${files.length} file${files.length === 1 ? "" : "s"}\n`);
  return hasErrors(problems) ? 1 : 0;
}
