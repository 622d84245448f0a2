import { list, map, merge, oneOf, type Shape, type StructDef } from "./shape.js";

const s3Bucket: Record<string, Shape> = {
  endpoint: "string",
  bucket: "string",
  region: "string",
  insecure: "bool",
  accessKeySecret: "SecretKeySelector",
  secretKeySecret: "SecretKeySelector",
  sessionTokenSecret: "SecretKeySelector",
  roleARN: "string",
  useSDKCreds: "bool",
  createBucketIfNotPresent: "CreateS3BucketOptions",
  encryptionOptions: "S3EncryptionOptions",
  caSecret: "SecretKeySelector",
  addressingStyle: "string",
};

const hdfsConfig: Record<string, Shape> = {
  krbCCacheSecret: "SecretKeySelector",
  krbKeytabSecret: "SecretKeySelector",
  krbUsername: "string",
  krbRealm: "string",
  krbConfigConfigMap: "ConfigMapKeySelector",
  krbServicePrincipalName: "string",
  addresses: list("string"),
  hdfsUser: "string",
  dataTransferProtection: "string",
};

const ossBucket: Record<string, Shape> = {
  endpoint: "string",
  bucket: "string",
  accessKeySecret: "SecretKeySelector",
  secretKeySecret: "SecretKeySelector",
  createBucketIfNotPresent: "bool",
  securityToken: "string",
  lifecycleRule: "OSSLifecycleRule",
  useSDKCreds: "bool",
};

const userPassword: Record<string, Shape> = {
  usernameSecret: "SecretKeySelector",
  passwordSecret: "SecretKeySelector",
};

/** The storage an artifact can live in; inlined into Artifact and used alone for archiveLocation. */
const artifactLocation: Record<string, Shape> = {
  archiveLogs: "bool",
  s3: "S3Artifact",
  git: "GitArtifact",
  http: "HTTPArtifact",
  artifactory: "ArtifactoryArtifact",
  hdfs: "HDFSArtifact",
  raw: "RawArtifact",
  oss: "OSSArtifact",
  gcs: "GCSArtifact",
  azure: "AzureArtifact",
  plugin: "PluginArtifact",
};

/** Names of the storage fields, for "does this artifact say where it lives" checks. */
export const artifactLocationKeys = Object.keys(artifactLocation).filter((k) => k !== "archiveLogs");

const artifactFields: Record<string, Shape> = merge(artifactLocation, {
  name: "string",
  path: "string",
  mode: "int",
  from: "string",
  globalName: "string",
  archive: "ArchiveStrategy",
  optional: "bool",
  subPath: "string",
  recurseMode: "bool",
  fromExpression: "string",
  artifactGC: "ArtifactGC",
  deleted: "bool",
});

const artifactGCFields: Record<string, Shape> = {
  strategy: oneOf("", "OnWorkflowCompletion", "OnWorkflowDeletion", "Never"),
  podMetadata: "Metadata",
  serviceAccountName: "string",
};

/** Artifacts, their storage locations, archiving and garbage collection. */
export const artifactStructs: Record<string, StructDef> = {
  Artifact: { fields: artifactFields, required: ["name"] },
  ArtifactPaths: { fields: artifactFields },
  ArtifactLocation: { fields: artifactLocation },
  S3Artifact: { fields: merge(s3Bucket, { key: "string" }) },
  CreateS3BucketOptions: { fields: { objectLocking: "bool" } },
  S3EncryptionOptions: {
    fields: {
      kmsKeyId: "string",
      kmsEncryptionContext: "string",
      enableEncryption: "bool",
      serverSideCustomerKeySecret: "SecretKeySelector",
    },
  },
  GitArtifact: {
    fields: merge(userPassword, {
      repo: "string",
      revision: "string",
      depth: "int",
      fetch: list("string"),
      sshPrivateKeySecret: "SecretKeySelector",
      insecureIgnoreHostKey: "bool",
      disableSubmodules: "bool",
      singleBranch: "bool",
      branch: "string",
      insecureSkipTLS: "bool",
    }),
  },
  HTTPArtifact: {
    fields: { url: "string", headers: list("Header"), auth: "HTTPAuth", saveStreamViaFile: "bool" },
  },
  Header: { fields: { name: "string", value: "string" } },
  HTTPAuth: { fields: { clientCert: "ClientCertAuth", oauth2: "OAuth2Auth", basicAuth: "BasicAuth" } },
  ClientCertAuth: { fields: { clientCertSecret: "SecretKeySelector", clientKeySecret: "SecretKeySelector" } },
  OAuth2Auth: {
    fields: {
      clientIDSecret: "SecretKeySelector",
      clientSecretSecret: "SecretKeySelector",
      tokenURLSecret: "SecretKeySelector",
      scopes: list("string"),
      endpointParams: list("OAuth2EndpointParam"),
    },
  },
  OAuth2EndpointParam: { fields: { key: "string", value: "string" } },
  BasicAuth: { fields: userPassword },
  ArtifactoryArtifact: { fields: merge(userPassword, { url: "string" }) },
  HDFSArtifact: { fields: merge(hdfsConfig, { path: "string", force: "bool" }) },
  RawArtifact: { fields: { data: "string" } },
  OSSArtifact: { fields: merge(ossBucket, { key: "string" }) },
  OSSLifecycleRule: { fields: { markInfrequentAccessAfterDays: "int", markDeletionAfterDays: "int" } },
  GCSArtifact: { fields: { bucket: "string", serviceAccountKeySecret: "SecretKeySelector", key: "string" } },
  AzureArtifact: {
    fields: {
      endpoint: "string",
      container: "string",
      accountKeySecret: "SecretKeySelector",
      useSDKCreds: "bool",
      blob: "string",
    },
  },
  PluginArtifact: {
    fields: { name: "string", configuration: "string", connectionTimeoutSeconds: "int", key: "string" },
  },
  ArchiveStrategy: { fields: { tar: "TarStrategy", none: "Empty", zip: "Empty" } },
  TarStrategy: { fields: { compressionLevel: "int" } },
  ArtifactGC: { fields: artifactGCFields },
  WorkflowLevelArtifactGC: {
    fields: merge(artifactGCFields, { forceFinalizerRemoval: "bool", podSpecPatch: "string" }),
  },
  ArtifactRepositoryRef: { fields: { configMap: "string", key: "string" } },
  Metadata: { fields: { annotations: map("string"), labels: map("string") } },
  Empty: { fields: {} },
};
