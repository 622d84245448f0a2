/**
 * Busybox userlands: one directory per profile and home, built once and reused by every pod.
 *
 * `<userlandDir>/<profile>-<hash>/` (by default `<home>/userland/…`) holds two views of the same programs:
 * - `sandbox/`: bound over the sandbox's bin directories. Applets are symlinks to
 *   `/usr/bin/busybox`; `busybox` itself and each extra binary are empty placeholder files that the
 *   sandbox mounts the real host binary onto, so a program keeps its usual path (`/usr/bin/python3`
 *   finds its standard library under `/usr/lib` exactly as on the host).
 * - `path/`: for the unsandboxed fallback, prepended to PATH. Every entry is a symlink to the host
 *   binary, so `sh` there is busybox ash even though `/bin/sh` is the host's.
 *
 * The hash covers the busybox path, its applet list and the extra binaries, so a changed profile
 * gets a new directory instead of a stale one.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, rename, rm, stat, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { internal } from "../../util/errors.js";
import type { ImageProfile } from "./image-profiles.js";

const execFileAsync = promisify(execFile);

/** Where a busybox userland's programs live. */
export interface BusyboxUserland {
  /** Host directory bound over the sandbox's bin directories. */
  sandboxDir: string;
  /** Host directory to prepend to PATH when there is no sandbox. */
  pathDir: string;
  /** Host busybox binary, mounted at `<bin dir>/busybox` in the sandbox. */
  busybox: string;
  /** name → host binary, each mounted at `<bin dir>/<name>` in the sandbox. */
  extraBins: Record<string, string>;
  /** Extra binaries of the profile left out because the host lacks them: name → host path. */
  missingBins: Record<string, string>;
}

const built = new Map<string, Promise<void>>();

const applets = new Map<string, Promise<string[]>>();

/** The applet names the host busybox provides (asked once per binary). */
export function busyboxApplets(busybox: string): Promise<string[]> {
  let list = applets.get(busybox);
  if (!list) {
    list = execFileAsync(busybox, ["--list"]).then(({ stdout }) =>
      stdout
        .split("\n")
        .map((s) => s.trim())
        .filter((s) => /^[A-Za-z0-9._[-]+$/.test(s)),
    );
    list.catch(() => applets.delete(busybox));
    applets.set(busybox, list);
  }
  return list;
}

/**
 * Returns the profile's userland directories under `userlandDir`, building them on first use. Safe to
 * call concurrently and from several processes: each build happens in a private directory that
 * is renamed into place.
 */
export function ensureBusyboxUserland(opts: {
  userlandDir: string;
  profile: ImageProfile;
  busybox: string;
}): Promise<BusyboxUserland> {
  // Asked once per pod: the applet list, its hash and the extra binaries' checks are done once.
  const key = JSON.stringify([
    opts.userlandDir,
    opts.busybox,
    opts.profile.name,
    opts.profile.extraBins ?? {},
  ]);
  let ready = userlands.get(key);
  if (!ready) {
    ready = prepareUserland(opts);
    ready.catch(() => userlands.delete(key));
    userlands.set(key, ready);
  }
  return ready;
}

const userlands = new Map<string, Promise<BusyboxUserland>>();

async function prepareUserland(opts: {
  userlandDir: string;
  profile: ImageProfile;
  busybox: string;
}): Promise<BusyboxUserland> {
  const { userlandDir, profile, busybox } = opts;
  const extraBins: Record<string, string> = {};
  const missingBins: Record<string, string> = {};
  for (const [name, host] of Object.entries(profile.extraBins ?? {})) {
    // A bind of a missing file would make bwrap fail the whole pod.
    if (await exists(host)) extraBins[name] = host;
    else missingBins[name] = host;
  }
  const names = await busyboxApplets(busybox);
  const hash = createHash("sha256")
    .update(JSON.stringify([busybox, names, extraBins]))
    .digest("hex")
    .slice(0, 12);
  const dir = join(userlandDir, `${safeName(profile.name)}-${hash}`);
  const result: BusyboxUserland = {
    sandboxDir: join(dir, "sandbox"),
    pathDir: join(dir, "path"),
    busybox,
    extraBins,
    missingBins,
  };
  let building = built.get(dir);
  if (!building) {
    building = buildOnce({ dir, names, busybox, extraBins, profileName: profile.name });
    building.catch(() => built.delete(dir));
    built.set(dir, building);
  }
  await building;
  return result;
}

async function buildOnce(opts: {
  dir: string;
  names: readonly string[];
  busybox: string;
  extraBins: Record<string, string>;
  profileName: string;
}): Promise<void> {
  const { dir, names, busybox, extraBins } = opts;
  if (await exists(dir)) return;
  const building = `${dir}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  try {
    await buildInto({ dir: building, names, busybox, extraBins });
    await rename(building, dir).catch(async (err: unknown) => {
      // Another builder won the race; its directory is identical.
      if (!(await exists(dir))) throw err;
    });
  } catch (err) {
    throw internal(`cannot build the ${opts.profileName} userland in ${dir}`, { cause: err });
  } finally {
    await rm(building, { recursive: true, force: true });
  }
}

async function buildInto(opts: {
  dir: string;
  names: readonly string[];
  busybox: string;
  extraBins: Record<string, string>;
}): Promise<void> {
  const sandboxDir = join(opts.dir, "sandbox");
  const pathDir = join(opts.dir, "path");
  await mkdir(sandboxDir, { recursive: true });
  await mkdir(pathDir, { recursive: true });
  const mounted = new Set(["busybox", ...Object.keys(opts.extraBins)]);
  for (const name of opts.names) {
    if (mounted.has(name)) continue;
    await symlink("/usr/bin/busybox", join(sandboxDir, name));
    await symlink(opts.busybox, join(pathDir, name));
  }
  for (const name of mounted) {
    await writeFile(join(sandboxDir, name), "", { mode: 0o755 });
  }
  for (const [name, target] of Object.entries(opts.extraBins)) {
    await symlink(target, join(pathDir, name));
  }
}

const safeName = (name: string): string => name.replace(/[^A-Za-z0-9._-]/g, "_");

const exists = (path: string): Promise<boolean> =>
  stat(path).then(
    () => true,
    () => false,
  );
