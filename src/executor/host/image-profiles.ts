/**
 * Image profiles: how the host executor stands in for a container image it cannot pull. A profile
 * says which userland the sandbox shows (busybox applets or the host's own tools), which host
 * binaries to add, and what the image would run when the template gives no `command`.
 *
 * Profiles are data. The executor checks the configured profiles first, then the built-in table,
 * and uses the first profile whose `match` accepts the image.
 */

/** What `/bin`, `/usr/bin` (and the sbin directories) look like inside the sandbox. */
export type Userland = "busybox" | "host";

/**
 * One way to recognise an image: a glob (`*` matches any run of characters, the whole reference
 * must match), a regular expression, or a predicate. Images are compared after
 * {@link normalizeImage}, so `docker.io/library/alpine:3` is seen as `alpine:3`.
 */
export type ImageMatch = string | RegExp | ((image: string) => boolean);

/** A row of the image profile table. */
export interface ImageProfile {
  /** Short name, also used to name the profile's userland directory. */
  name: string;
  /** The images this profile stands in for; a list matches when any entry does. */
  match: ImageMatch | readonly ImageMatch[];
  userland: Userland;
  /**
   * Extra programs shown in the sandbox's bin directories: name → absolute host path of the
   * binary. Only meaningful for the busybox userland (the host userland already has everything).
   */
  extraBins?: Record<string, string>;
  /** The image's `ENTRYPOINT`; kept when the template gives `args` but no `command`. @default [] */
  entrypoint?: string[];
  /** The image's `CMD`: what runs when the template gives neither `command` nor `args`. */
  defaultCommand?: string[];
  /**
   * Bundled files shown in the sandbox, read-only: absolute sandbox path → file name in the shims
   * folder (see `shims.ts`). Paths under `/usr/local` replace the host's `/usr/local` with an empty
   * one, as in an image; other paths must lie outside the host's read-only system folders.
   */
  shims?: Record<string, string>;
  /** Host files the profile cannot work without; a pod whose image needs a missing one fails with `hint`. */
  requires?: readonly { path: string; hint: string }[];
}

const HOST_PYTHON = "/usr/bin/python3";

/** `name` with any tag or digest. */
const anyTag = (name: string): string[] => [name, `${name}:*`, `${name}@*`];
/** One tag, optionally pinned by a digest. */
const tagged = (ref: string): string[] => [ref, `${ref}@*`];

/** The built-in table. Order matters: the first match wins. */
export const defaultImageProfiles: readonly ImageProfile[] = [
  {
    name: "busybox",
    match: anyTag("busybox"),
    userland: "busybox",
    defaultCommand: ["sh"],
  },
  { name: "alpine", match: anyTag("alpine"), userland: "busybox", defaultCommand: ["sh"] },
  {
    name: "python",
    match: anyTag("python"),
    userland: "busybox",
    extraBins: { python: HOST_PYTHON, python3: HOST_PYTHON },
    defaultCommand: ["python3"],
  },
  { name: "debian", match: "debian*", userland: "host", defaultCommand: ["bash"] },
  { name: "ubuntu", match: "ubuntu*", userland: "host", defaultCommand: ["bash"] },
  {
    name: "argosay-v2",
    match: [...tagged("argoproj/argosay:v2"), ...tagged("quay.io/argoproj/argosay:v2")],
    userland: "busybox",
    // The image ships bash too; examples run `bash -c` in it.
    extraBins: { bash: "/usr/bin/bash" },
    entrypoint: ["/argosay"],
    shims: { "/argosay": "argosay" },
  },
  {
    name: "argosay-v1",
    match: [...tagged("argoproj/argosay:v1"), ...tagged("quay.io/argoproj/argosay:v1")],
    userland: "host",
    defaultCommand: ["cowsay"],
    shims: { "/usr/local/bin/cowsay": "cowsay" },
  },
  {
    name: "whalesay",
    match: anyTag("docker/whalesay"),
    userland: "host",
    defaultCommand: ["cowsay"],
    // docker/whalesay is cowsay whose default cow file is the whale.
    shims: { "/usr/local/bin/cowsay": "cowsay", "/usr/local/share/cows/default.cow": "whale.cow" },
  },
  {
    name: "curl",
    match: anyTag("curlimages/curl"),
    userland: "busybox",
    extraBins: { curl: "/usr/bin/curl" },
    entrypoint: ["/entrypoint.sh"],
    defaultCommand: ["curl"],
    shims: { "/entrypoint.sh": "curl-entrypoint" },
  },
  {
    name: "nginx",
    match: anyTag("nginx"),
    userland: "host",
    defaultCommand: ["nginx", "-g", "daemon off;"],
    shims: { "/usr/local/sbin/nginx": "nginx", "/usr/local/etc/nginx/nginx.conf": "nginx.conf" },
    requires: [{ path: "/usr/sbin/nginx", hint: "install the Debian package nginx" }],
  },
  {
    name: "influxdb",
    match: anyTag("influxdb"),
    userland: "host",
    defaultCommand: ["influxd"],
    requires: [{ path: "/usr/bin/influxd", hint: "install the Debian package influxdb" }],
  },
];

/** Drops the Docker Hub registry and `library/` prefixes that do not change which image is meant. */
export function normalizeImage(image: string): string {
  let out = image.trim();
  for (const prefix of ["docker.io/", "index.docker.io/", "registry-1.docker.io/"]) {
    if (out.startsWith(prefix)) out = out.slice(prefix.length);
  }
  if (out.startsWith("library/")) out = out.slice("library/".length);
  return out;
}

const globCache = new Map<string, RegExp>();

function globToRegExp(glob: string): RegExp {
  let re = globCache.get(glob);
  if (!re) {
    const body = glob
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*");
    re = new RegExp(`^${body}$`);
    globCache.set(glob, re);
  }
  return re;
}

function matchOne(match: ImageMatch, image: string): boolean {
  if (typeof match === "string") return globToRegExp(match).test(image);
  if (match instanceof RegExp) return match.test(image);
  return match(image);
}

/** True when `profile` stands in for `image` (compared after normalisation). */
export function profileMatches(profile: ImageProfile, image: string): boolean {
  const normalized = normalizeImage(image);
  const matches: readonly ImageMatch[] = Array.isArray(profile.match)
    ? profile.match
    : [profile.match as ImageMatch];
  return matches.some((m) => matchOne(m, normalized));
}

/** The first profile of `profiles` that matches `image`, if any. */
export function findImageProfile(image: string, profiles: readonly ImageProfile[]): ImageProfile | undefined {
  return profiles.find((p) => profileMatches(p, image));
}
