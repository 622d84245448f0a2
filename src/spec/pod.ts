/**
 * The shape of one container of a pod once every `{{…}}` tag is substituted: what the engine asks
 * for and what every executor runs. It lives in spec so both can use it (the engine may not import
 * the executor).
 */

/** Where a container sees one of the pod's volumes (Kubernetes' `VolumeMount`). */
export interface VolumeMount {
  /** The pod volume name. */
  name: string;
  /** Absolute path inside the container. */
  mountPath: string;
  /** A path inside the volume to mount instead of its root; created as a folder when missing (not for `files` volumes). */
  subPath?: string;
  readOnly?: boolean;
}

/** One container, with every `{{…}}` tag already substituted. */
export interface ContainerSpec {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: { name: string; value: string }[];
  workingDir?: string;
  volumeMounts?: VolumeMount[];
  /** Gives the container a pseudo-terminal as stdin/stdout/stderr (`tty: true`). */
  tty?: boolean;
  /** Declared ports; only used to resolve a readiness probe's named `port`. */
  ports?: { name?: string; containerPort: number }[];
  /**
   * Kubernetes quantities (`"64Mi"`, `"1Gi"`, `"500M"`, `"0.5"`, `"250m"`, numbers). Limits are
   * enforced where the host allows (see ARCHITECTURE.md, _Resources_), otherwise the result has a
   * warning; requests are checked and otherwise ignored (there is no scheduler).
   */
  resources?: { limits?: ResourceList; requests?: ResourceList };
}

/** Memory (bytes) and CPU (cores) quantities of `resources.limits` or `resources.requests`. */
export interface ResourceList {
  memory?: string | number;
  cpu?: string | number;
}
