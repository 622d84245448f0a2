/**
 * Artifact repositories: which one a workflow uses (Argo's `artifact-repositories` ConfigMap,
 * `artifactRepositoryRef`, the configured default, else Argosy's local directory), the key an
 * output artifact is saved under, and key-only artifacts.
 */
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { invalid, notFound } from "../util/errors.js";
import { archiveExtension, archiveKind } from "./archive.js";
import type { ArchiveStrategy, ArtifactLocation, S3Location } from "./types.js";

/** Argo's default key format for output artifacts. */
export const DEFAULT_KEY_FORMAT = "{{workflow.name}}/{{pod.name}}";
/** The ConfigMap Argo reads repositories from when a ref names none. */
export const DEFAULT_REPOSITORIES_CONFIG_MAP = "artifact-repositories";
/** The ConfigMap annotation naming the default key. */
export const DEFAULT_REPOSITORY_ANNOTATION = "workflows.argoproj.io/default-artifact-repository";

/** Argo's `S3ArtifactRepository`: a bucket plus the key format. */
export interface S3ArtifactRepository extends Omit<S3Location, "key"> {
  keyFormat?: string;
  /** @deprecated by Argo in favour of `keyFormat`. */
  keyPrefix?: string;
}

/** Argo's `ArtifactRepository`, plus Argosy's `local` (a directory under ARGOSY_HOME). */
export interface ArtifactRepository {
  archiveLogs?: boolean;
  s3?: S3ArtifactRepository;
  local?: { keyFormat?: string };
  [unsupported: string]: unknown;
}

/** Argosy's repository when nothing else is configured. */
export const LOCAL_DEFAULT_REPOSITORY: ArtifactRepository = { local: {} };

/** `spec.artifactRepositoryRef`. */
export interface ArtifactRepositoryRef {
  configMap?: string;
  key?: string;
}

/** `status.artifactRepositoryRef`: the resolved reference, frozen for the workflow's life. */
export interface ArtifactRepositoryRefStatus extends ArtifactRepositoryRef {
  namespace?: string;
  default?: boolean;
  artifactRepository?: ArtifactRepository;
}

/** The parts of a ConfigMap repository selection reads. */
export interface ConfigMapLike {
  metadata: { name?: string; namespace?: string; annotations?: Record<string, string> };
  data?: Record<string, string>;
}

/** Inputs of {@link artifactRepositoryFor}. */
export interface RepositorySelection {
  /** `spec.artifactRepositoryRef`, if the workflow has one. */
  ref?: ArtifactRepositoryRef;
  /** The workflow's namespace. */
  namespace: string;
  /** The controller's namespace, searched after the workflow's when a ref is given. */
  controllerNamespace?: string;
  /** The ConfigMaps that may hold repositories (at least those the lookups below name). */
  configMaps: readonly ConfigMapLike[];
  /** The repository from Argosy's configuration (Argo's controller `artifactRepository`). */
  configured?: ArtifactRepository;
}

/** The repository a workflow uses, and the status ref recording the choice. */
export interface SelectedRepository {
  repository: ArtifactRepository;
  status: ArtifactRepositoryRefStatus;
}

/**
 * Resolves a workflow's artifact repository the way Argo's controller does. With a ref: the
 * ConfigMap (`configMap`, default `artifact-repositories`) in the workflow's namespace, then in
 * the controller's; the key is `ref.key`, else the ConfigMap's default annotation. Without a
 * ref: `artifact-repositories` in the workflow's namespace under its default annotation, then
 * the configured repository, then Argosy's local directory. A missing ConfigMap or key moves on
 * to the next candidate; nothing found for a ref is `NotFound`; unparsable YAML is `Invalid`.
 */
export function artifactRepositoryFor(sel: RepositorySelection): SelectedRepository {
  const name = sel.ref?.configMap || DEFAULT_REPOSITORIES_CONFIG_MAP;
  const namespaces = sel.ref ? [sel.namespace, sel.controllerNamespace ?? sel.namespace] : [sel.namespace];
  for (const namespace of namespaces) {
    const found = fromConfigMap(sel, namespace, name);
    if (found) return found;
  }
  if (sel.ref) {
    throw notFound(
      `artifact repository for artifact repository ref "${name}#${sel.ref.key ?? ""}" (failed to find any artifact repository)`,
    );
  }
  const repository = sel.configured ?? LOCAL_DEFAULT_REPOSITORY;
  return { repository, status: { default: true, artifactRepository: repository } };
}

function fromConfigMap(
  sel: RepositorySelection,
  namespace: string,
  name: string,
): SelectedRepository | undefined {
  const cm = sel.configMaps.find(
    (c) => c.metadata.name === name && (c.metadata.namespace ?? sel.namespace) === namespace,
  );
  if (!cm) return undefined;
  const key = sel.ref?.key || cm.metadata.annotations?.[DEFAULT_REPOSITORY_ANNOTATION] || "";
  const value = cm.data?.[key];
  if (value === undefined) return undefined;
  let repository: unknown;
  try {
    repository = parseYaml(value);
  } catch (e) {
    throw invalid(
      `failed to unmarshal config map key "${key}" for artifact repository ref "${namespace}/${name}"`,
      {
        cause: e,
      },
    );
  }
  if (typeof repository !== "object" || repository === null || Array.isArray(repository)) {
    throw invalid(`config map key "${key}" of ${namespace}/${name} is not an artifact repository`);
  }
  const artifactRepository = repository as ArtifactRepository;
  return {
    repository: artifactRepository,
    status: { configMap: name, key, namespace, artifactRepository },
  };
}

/**
 * The repository's location with its key format as the key (Argo's `ToArtifactLocation`):
 * `keyFormat`, else `keyPrefix` joined with {@link DEFAULT_KEY_FORMAT}.
 */
export function repositoryLocation(repository: ArtifactRepository): ArtifactLocation {
  if (repository.s3) {
    const { keyFormat, keyPrefix, ...bucket } = repository.s3;
    return { s3: { ...bucket, key: keyFormat || path.posix.join(keyPrefix ?? "", DEFAULT_KEY_FORMAT) } };
  }
  if (repository.local) return { local: { key: repository.local.keyFormat || DEFAULT_KEY_FORMAT } };
  const kinds = Object.keys(repository).filter((k) => k !== "archiveLogs");
  throw invalid(`artifact repository kind ${kinds.join(", ") || "(none)"} is not supported by Argosy`);
}

/** Whether an `s3` block carries a whole location (Argo: endpoint, bucket and key all set). */
function isFullS3(s3: S3Location): boolean {
  return Boolean(s3.endpoint && s3.bucket && s3.key);
}

/** The key an artifact location names, whichever kind it is. */
export function locationKey(location: ArtifactLocation): string | undefined {
  return location.s3?.key ?? location.local?.key;
}

/**
 * Completes a key-only artifact (Argo's `Relocate`): a location that has a key but not a whole
 * location takes everything from the repository except the key. The kind may change: an
 * `s3: {key}` artifact with Argosy's local default repository becomes `local: {key}`. Locations
 * that are already whole (or have no key) are returned unchanged.
 */
export function keyOnly(location: ArtifactLocation, repository: ArtifactRepository): ArtifactLocation {
  if (location.http || location.git || location.raw || location.local) return location;
  if (!location.s3 || isFullS3(location.s3)) return location;
  const key = location.s3.key;
  if (!key) throw invalid("key-only artifact has no key");
  return withKey(repositoryLocation(repository), key);
}

function withKey(location: ArtifactLocation, key: string): ArtifactLocation {
  if (location.s3) return { s3: { ...location.s3, key } };
  if (location.local) return { local: { key } };
  throw invalid("artifact location has no key");
}

/** Inputs of {@link outputLocation}. */
export interface OutputLocationOptions {
  repository: ArtifactRepository;
  workflowName: string;
  podName: string;
  artifactName: string;
  archive?: ArchiveStrategy;
  /** The artifact's `path`; with `archive: none` its base name is the file name. */
  artifactPath?: string;
  /** Further `{{…}}` values a `keyFormat` may use, e.g. `workflow.namespace`. */
  variables?: Record<string, string>;
}

/**
 * Where an output artifact without its own key is saved: the repository's key format (with
 * `{{workflow.name}}`, `{{pod.name}}` and `variables` substituted) joined with the file name:
 * `<name>.tgz` (tar, the default), `<name>.zip`, or the base name of `artifactPath` (none).
 */
export function outputLocation(opts: OutputLocationOptions): ArtifactLocation {
  const base = repositoryLocation(opts.repository);
  const format = locationKey(base) ?? DEFAULT_KEY_FORMAT;
  const vars: Record<string, string> = {
    ...opts.variables,
    "workflow.name": opts.workflowName,
    "pod.name": opts.podName,
  };
  const prefix = substituteKey(format, vars);
  const kind = archiveKind(opts.archive);
  let fileName = `${opts.artifactName}${archiveExtension(kind)}`;
  if (kind === "none") {
    if (!opts.artifactPath) throw invalid(`artifact ${opts.artifactName} with archive none needs a path`);
    fileName = path.posix.basename(opts.artifactPath.replace(/\/+$/, ""));
  }
  return withKey(base, path.posix.join(prefix, fileName));
}

/** Replaces `{{name}}` placeholders; an unknown one is `Invalid` (a key must never hold braces). */
export function substituteKey(format: string, vars: Record<string, string>): string {
  return format.replace(/\{\{\s*([^{}]+?)\s*\}\}/g, (whole, name: string) => {
    const value = vars[name];
    if (value === undefined) throw invalid(`key format ${JSON.stringify(format)}: unresolved ${whole}`);
    return value;
  });
}
