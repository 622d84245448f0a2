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
}

const HOST_PYTHON = "/usr/bin/python3";

/** The built-in table. Order matters: the first match wins. */
export const defaultImageProfiles: readonly ImageProfile[] = [
  {
    name: "busybox",
    match: ["busybox", "busybox:*", "busybox@*"],
    userland: "busybox",
    defaultCommand: ["sh"],
  },
  { name: "alpine", match: ["alpine", "alpine:*", "alpine@*"], userland: "busybox", defaultCommand: ["sh"] },
  {
    name: "python",
    match: ["python", "python:*", "python@*"],
    userland: "busybox",
    extraBins: { python: HOST_PYTHON, python3: HOST_PYTHON },
    defaultCommand: ["python3"],
  },
  { name: "debian", match: "debian*", userland: "host", defaultCommand: ["bash"] },
  { name: "ubuntu", match: "ubuntu*", userland: "host", defaultCommand: ["bash"] },
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
