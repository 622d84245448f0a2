/**
 * Argosy's default repository: a directory on the host. Keys are `/`-separated paths relative to
 * the root; a key that is absolute, contains `..`, or resolves outside the root is rejected.
 */
import { rm } from "node:fs/promises";
import { invalid, notFound } from "../util/errors.js";
import { copyTree, listFiles, replaceWith, stagingPath, statOrUndefined } from "./fs-util.js";
import { assertNoSymlinkEscape, checkRelativeName, resolveBelow } from "./paths.js";
import type { ArtifactDriver, ArtifactLocation } from "./types.js";

function keyOf(location: ArtifactLocation): string {
  if (!location.local) throw invalid("the local artifact driver needs a `local` location");
  return location.local.key;
}

/** A driver storing objects as files below `root` (created on first save). */
export class LocalDriver implements ArtifactDriver {
  constructor(readonly root: string) {}

  private async pathFor(location: ArtifactLocation): Promise<string> {
    const key = keyOf(location);
    const target = resolveBelow(this.root, key, "artifact key");
    if (await statOrUndefined(this.root)) await assertNoSymlinkEscape(this.root, target, "artifact key");
    return target;
  }

  async load(location: ArtifactLocation, destPath: string): Promise<void> {
    const src = await this.pathFor(location);
    if (!(await statOrUndefined(src))) throw notFound(`artifact key ${JSON.stringify(keyOf(location))}`);
    const staged = await stagingPath(destPath);
    try {
      await copyTree(src, staged);
      await replaceWith(staged, destPath);
    } catch (e) {
      await rm(staged, { recursive: true, force: true });
      throw e;
    }
  }

  async save(srcPath: string, location: ArtifactLocation): Promise<void> {
    const target = await this.pathFor(location);
    if (!(await statOrUndefined(srcPath))) throw notFound(`artifact source ${JSON.stringify(srcPath)}`);
    const staged = await stagingPath(target);
    try {
      await copyTree(srcPath, staged);
      await replaceWith(staged, target);
    } catch (e) {
      await rm(staged, { recursive: true, force: true });
      throw e;
    }
  }

  async delete(location: ArtifactLocation): Promise<void> {
    await rm(await this.pathFor(location), { recursive: true, force: true });
  }

  async exists(location: ArtifactLocation): Promise<boolean> {
    return (await statOrUndefined(await this.pathFor(location))) !== undefined;
  }

  async list(location: ArtifactLocation): Promise<string[]> {
    const dir = await this.pathFor(location);
    const st = await statOrUndefined(dir);
    if (!st) throw notFound(`artifact key ${JSON.stringify(keyOf(location))}`);
    if (!st.isDirectory()) return [];
    const prefix = checkRelativeName(keyOf(location), "artifact key");
    return (await listFiles(dir)).map((rel) => `${prefix}/${rel}`);
  }
}
