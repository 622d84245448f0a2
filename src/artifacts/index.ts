/** Artifacts: drivers, archives, repositories and keys. */
export {
  type ArchiveKind,
  archiveExtension,
  archiveKind,
  isTarHeader,
  type PackResult,
  pack,
  type SniffedFormat,
  sniffArchive,
} from "./archive.js";
export { type DriverContext, driverFor } from "./driver-for.js";
export { GitDriver, type GitDriverOptions, redactGitOutput } from "./git-driver.js";
export { HttpDriver, type HttpDriverOptions, redactUrl } from "./http-driver.js";
export { LocalDriver } from "./local-driver.js";
export { checkRelativeName, resolveBelow } from "./paths.js";
export { RawDriver } from "./raw-driver.js";
export {
  type ArtifactRepository,
  type ArtifactRepositoryRef,
  type ArtifactRepositoryRefStatus,
  artifactRepositoryFor,
  type ConfigMapLike,
  DEFAULT_KEY_FORMAT,
  DEFAULT_REPOSITORIES_CONFIG_MAP,
  DEFAULT_REPOSITORY_ANNOTATION,
  keyOnly,
  LOCAL_DEFAULT_REPOSITORY,
  locationKey,
  type OutputLocationOptions,
  outputLocation,
  type RepositorySelection,
  repositoryLocation,
  type S3ArtifactRepository,
  type SelectedRepository,
  substituteKey,
} from "./repository.js";
export { readRepositoryFile } from "./repository-file.js";
export { DEFAULT_S3_REGION, S3Driver, type S3DriverOptions } from "./s3-driver.js";
export type * from "./types.js";
export { locationKind } from "./types.js";
export { type UnpackOptions, unpack } from "./unpack.js";
