/** Raw artifacts: the data is in the manifest, so loading writes it and nothing else is possible. */
import { rm, writeFile } from "node:fs/promises";
import { invalid } from "../util/errors.js";
import { replaceWith, stagingPath } from "./fs-util.js";
import type { ArtifactDriver, ArtifactLocation } from "./types.js";

/** A driver for `raw` locations (`raw.data` written as a file). */
export class RawDriver implements ArtifactDriver {
  async load(location: ArtifactLocation, destPath: string): Promise<void> {
    if (location.raw?.data === undefined) throw invalid("the raw artifact driver needs `raw.data`");
    const staged = await stagingPath(destPath);
    try {
      await writeFile(staged, location.raw.data);
      await replaceWith(staged, destPath);
    } catch (e) {
      await rm(staged, { force: true });
      throw e;
    }
  }

  async save(): Promise<void> {
    throw invalid("raw output artifacts unsupported");
  }

  async delete(): Promise<void> {
    // Nothing is stored outside the manifest.
  }
}
