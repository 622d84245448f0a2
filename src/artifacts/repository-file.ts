/** The default artifact repository, read from a YAML or JSON file in Argo's format (`s3: {...}`, `archiveLogs`). */
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { invalid } from "../util/errors.js";
import type { ArtifactRepository } from "./repository.js";

export function readRepositoryFile(path: string): ArtifactRepository {
  const parsed = parseYaml(readFileSync(path, "utf8")) as unknown;
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw invalid(`artifact repository file ${path} must hold a map such as {s3: {...}}`);
  }
  return parsed as ArtifactRepository;
}
