import { keySelector, list, map, type Shape, type StructDef } from "./shape.js";

/** Every field of a Kubernetes Container; Argo's script, sidecar and container-set nodes embed them. */
export const containerFields: Record<string, Shape> = {
  name: "string",
  image: "string",
  command: list("string"),
  args: list("string"),
  workingDir: "string",
  ports: list("object"),
  envFrom: list("object"),
  env: list("EnvVar"),
  resources: "object",
  resizePolicy: list("object"),
  restartPolicy: "string",
  restartPolicyRules: list("object"),
  volumeMounts: list("VolumeMount"),
  volumeDevices: list("object"),
  livenessProbe: "object",
  readinessProbe: "object",
  startupProbe: "object",
  lifecycle: "object",
  terminationMessagePath: "string",
  terminationMessagePolicy: "string",
  imagePullPolicy: "string",
  securityContext: "object",
  stdin: "bool",
  stdinOnce: "bool",
  tty: "bool",
};

/**
 * The Kubernetes types Argo manifests embed. Object metadata and the container are closed, because
 * misspelling `generateName` or `command` is common and silent otherwise; the pod-shaping details
 * under them (probes, resources, security contexts…) stay open.
 */
export const kubernetesStructs: Record<string, StructDef> = {
  ObjectMeta: {
    fields: {
      name: "string",
      generateName: "string",
      namespace: "string",
      selfLink: "string",
      uid: "string",
      resourceVersion: "string",
      generation: "int",
      creationTimestamp: "any",
      deletionTimestamp: "any",
      deletionGracePeriodSeconds: "int",
      labels: map("string"),
      annotations: map("string"),
      ownerReferences: list("object"),
      finalizers: list("string"),
      managedFields: list("object"),
    },
  },
  Container: { fields: containerFields },
  EnvVar: {
    fields: { name: "string", value: "string", valueFrom: "object" },
    required: ["name"],
  },
  VolumeMount: {
    fields: {
      name: "string",
      readOnly: "bool",
      recursiveReadOnly: "string",
      mountPath: "string",
      subPath: "string",
      mountPropagation: "string",
      subPathExpr: "string",
    },
  },
  SecretKeySelector: keySelector,
  ConfigMapKeySelector: keySelector,
  LocalObjectReference: { fields: { name: "string" } },
  ConfigMap: {
    fields: {
      apiVersion: "string",
      kind: "string",
      metadata: "ObjectMeta",
      data: map("string"),
      binaryData: map("string"),
      immutable: "bool",
    },
  },
  Secret: {
    fields: {
      apiVersion: "string",
      kind: "string",
      metadata: "ObjectMeta",
      data: map("string"),
      stringData: map("string"),
      type: "string",
      immutable: "bool",
    },
  },
};
