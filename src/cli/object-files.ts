/**
 * Reading the manifests given to `template create|update|lint`, `cluster-template …` and
 * `cron …`: directories are walked for YAML and JSON files, every document is linted here, and
 * the objects of the wanted kind are returned. Problems are printed with their lines and make
 * the command exit 2 (or 1 for `lint`, as `argosy lint` does), before anything is sent.
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { formatProblem } from "../spec/index.js";
import { invalid } from "../util/errors.js";
import type { OutStream } from "./context.js";
import { hasErrors, lintDocuments, loadManifests } from "./manifests.js";

/** Files as given, with directories replaced by the `.yaml`, `.yml` and `.json` files under them. */
export function expandPaths(paths: string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let isDir = false;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      isDir = false;
    }
    if (!isDir) {
      out.push(p === "-" ? "/dev/stdin" : p);
      continue;
    }
    for (const e of readdirSync(p, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const child = join(p, e.name);
      if (e.isDirectory()) out.push(...expandPaths([child]));
      else if (/\.(ya?ml|json)$/.test(e.name)) out.push(child);
    }
  }
  return out;
}

export interface LoadedObjects<T> {
  objects: T[];
  /** 0 when the files are fine; otherwise the exit code, the problems already printed. */
  code: number;
}

/** Loads and lints the files; returns the objects of `kind`, or the exit code after problems. */
export async function loadObjects<T>(p: {
  files: string[];
  kind: string;
  namespace: string;
  stderr: OutStream;
  noun: string;
}): Promise<LoadedObjects<T>> {
  const { documents, problems } = await loadManifests(expandPaths(p.files));
  problems.push(
    ...lintDocuments(documents, p.namespace, { kinds: new Set([p.kind]), unknownTemplateRefs: "ignore" }),
  );
  if (hasErrors(problems)) {
    for (const problem of problems) p.stderr.write(`${formatProblem(problem)}\n`);
    return { objects: [], code: 2 };
  }
  const objects = documents.filter((d) => d.kind === p.kind).map((d) => d.object as T);
  if (objects.length === 0) throw invalid(`No ${p.noun} found in given files`);
  return { objects, code: 0 };
}

/** `… lint FILE|DIR…`: every problem of the documents of `kind`; exit 1 when any is an error. */
export async function lintKind(p: {
  files: string[];
  kind: string;
  namespace: string;
  out: OutStream;
}): Promise<number> {
  const files = expandPaths(p.files);
  const { documents, problems } = await loadManifests(files);
  problems.push(
    ...lintDocuments(documents, p.namespace, { kinds: new Set([p.kind]), unknownTemplateRefs: "ignore" }),
  );
  for (const problem of problems) p.out.write(`${formatProblem(problem)}\n`);
  if (problems.length === 0)
    p.out.write(`no problems found in ${files.length} file${files.length === 1 ? "" : "s"}\n`);
  return hasErrors(problems) ? 1 : 0;
}
