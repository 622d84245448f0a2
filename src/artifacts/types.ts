/**
 * The artifact driver contract and the artifact locations Argosy understands.
 *
 * Locations follow Argo's `ArtifactLocation` field names so that a manifest's `s3:`, `http:`,
 * `git:` or `raw:` block can be passed through unchanged; `local` is Argosy's own default
 * repository (a directory on the host).
 */

/** A reference to one key of a Kubernetes Secret (`{name, key}`), as Argo spells it. */
export interface SecretRef {
  name: string;
  key: string;
  optional?: boolean;
}

/**
 * Looks a secret value up (from the store, or Kubernetes). Drivers call it lazily and never log
 * the value it returns.
 */
export type ResolveSecret = (ref: SecretRef) => Promise<string>;

/** Argo's `createBucketIfNotPresent`. */
export interface CreateS3BucketOptions {
  objectLocking?: boolean;
}

/** Argo's `S3Artifact` (bucket fields inlined, as in Argo's YAML). */
export interface S3Location {
  endpoint?: string;
  bucket?: string;
  region?: string;
  /** Use plain HTTP instead of HTTPS. @default false */
  insecure?: boolean;
  key: string;
  accessKeySecret?: SecretRef;
  secretKeySecret?: SecretRef;
  sessionTokenSecret?: SecretRef;
  createBucketIfNotPresent?: CreateS3BucketOptions;
}

/** One request header of an HTTP artifact; `value` may come from a secret instead. */
export interface HttpHeader {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: SecretRef };
}

/** Argo's `HTTPArtifact`. */
export interface HttpLocation {
  url: string;
  headers?: HttpHeader[];
  auth?: { basicAuth?: { usernameSecret?: SecretRef; passwordSecret?: SecretRef } };
}

/** Argo's `GitArtifact`. */
export interface GitLocation {
  repo: string;
  revision?: string;
  depth?: number;
  fetch?: string[];
  singleBranch?: boolean;
  branch?: string;
  usernameSecret?: SecretRef;
  passwordSecret?: SecretRef;
  sshPrivateKeySecret?: SecretRef;
  insecureIgnoreHostKey?: boolean;
  insecureSkipTLS?: boolean;
  disableSubmodules?: boolean;
}

/** Argo's `RawArtifact`. */
export interface RawLocation {
  data: string;
}

/** Argosy's local-directory repository: `key` is relative to the repository root. */
export interface LocalLocation {
  key: string;
}

/** The subset of Argo's `ArtifactLocation` Argosy can read and write. Exactly one field is set. */
export interface ArtifactLocation {
  s3?: S3Location;
  http?: HttpLocation;
  git?: GitLocation;
  raw?: RawLocation;
  local?: LocalLocation;
}

/** The location kinds, in the order {@link locationKind} checks them. */
export type LocationKind = "local" | "s3" | "http" | "git" | "raw";

/**
 * Moves bytes between a location and the local filesystem. Every operation streams: no driver
 * holds a whole object in memory.
 */
export interface ArtifactDriver {
  /**
   * Downloads the object at `location` to `destPath` (a file; a directory for `git` and for
   * key prefixes that hold several objects). Fails with a `NotFound` ArgosyError when there is
   * no such object.
   */
  load(location: ArtifactLocation, destPath: string): Promise<void>;
  /** Uploads `srcPath` (a file, or a directory stored as one object per file) to `location`. */
  save(srcPath: string, location: ArtifactLocation): Promise<void>;
  /** Removes the object; a key ending in `/` removes everything under it. Missing is not an error. */
  delete(location: ArtifactLocation): Promise<void>;
  /** Whether an object (or a prefix holding objects) exists at `location`. */
  exists?(location: ArtifactLocation): Promise<boolean>;
  /** Keys of every object under the location's key taken as a prefix (for data templates). */
  list?(location: ArtifactLocation): Promise<string[]>;
}

/** Argo's `ArchiveStrategy`: exactly one of `tar`, `none`, `zip`; absent means tar+gzip. */
export interface ArchiveStrategy {
  tar?: { compressionLevel?: number };
  none?: Record<string, never>;
  zip?: Record<string, never>;
}

/** Returns which location field is set, or undefined when none Argosy supports is. */
export function locationKind(location: ArtifactLocation): LocationKind | undefined {
  if (location.local) return "local";
  if (location.s3) return "s3";
  if (location.http) return "http";
  if (location.git) return "git";
  if (location.raw) return "raw";
  return undefined;
}
